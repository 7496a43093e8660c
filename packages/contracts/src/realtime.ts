import { z } from 'zod';
import { CONSULTATION_STATUSES } from './codes.ts';
import { Uuid } from './common.ts';

/**
 * The real-time channel (`GET /api/realtime`, WebSocket). Events carry identifiers and a status,
 * never patient data: a client that wants the content reads it through the audited API. Each feed
 * has a cursor (the last event id seen); a client that reconnects sends its cursors and gets what
 * it missed, or `resync` when it was away too long to replay.
 */
export const REALTIME_FEEDS = ['consultation', 'care_message'] as const;
export const RealtimeFeed = z.enum(REALTIME_FEEDS);
export type RealtimeFeed = z.infer<typeof RealtimeFeed>;

const Cursor = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Client → server. */
export const RealtimeClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('resume'), cursors: z.partialRecord(RealtimeFeed, Cursor) }),
  z.object({ type: z.literal('ping') }),
]);
export type RealtimeClientMessage = z.infer<typeof RealtimeClientMessage>;

export const ConsultationEventMessage = z.object({
  type: z.literal('event'),
  feed: z.literal('consultation'),
  id: Cursor,
  consultationId: Uuid,
  action: z.string(),
  status: z.enum(CONSULTATION_STATUSES),
  at: z.iso.datetime({ offset: true }),
  /** True when it comes from the replay after a reconnect rather than live. */
  replayed: z.boolean(),
});
export type ConsultationEventMessage = z.infer<typeof ConsultationEventMessage>;

/** A new message in a patient × care-team conversation (the text is read through the audited API). */
export const CareMessageEventMessage = z.object({
  type: z.literal('event'),
  feed: z.literal('care_message'),
  id: Cursor,
  threadId: Uuid,
  fromPatient: z.boolean(),
  at: z.iso.datetime({ offset: true }),
  replayed: z.boolean(),
});
export type CareMessageEventMessage = z.infer<typeof CareMessageEventMessage>;

/** Server → client. */
export const RealtimeServerMessage = z.discriminatedUnion('type', [
  /** After the resume: the cursors to keep, from here on every event is live. */
  z.object({ type: z.literal('ready'), cursors: z.record(z.string(), Cursor) }),
  z.discriminatedUnion('feed', [ConsultationEventMessage, CareMessageEventMessage]),
  /** Too much was missed to replay: reload what is on screen. */
  z.object({ type: z.literal('resync'), feed: RealtimeFeed, cursor: Cursor }),
  z.object({ type: z.literal('pong') }),
]);
export type RealtimeServerMessage = z.infer<typeof RealtimeServerMessage>;

/** Close codes the client acts on: 4401 signed out (do not reconnect), 4408 too slow, 1012 server restart. */
export const REALTIME_CLOSE = { signedOut: 4401, tooSlow: 4408, restart: 1012, goingAway: 1001 } as const;

import { z } from 'zod';
import { GUEST_ROLES, VISIT_ROLES } from './codes.ts';
import { Language, LocalizedName, Uuid } from './common.ts';
import { VisitChatFile } from './visit-files.ts';
import { RecordingConsentMessage, RecordingRequestMessage, RecordingServerMessage, RecordingStopMessage } from './visit-recording.ts';

/**
 * Video visits: a meeting about one patient. Staff join from the app; a patient or a guest
 * (interpreter, family member) joins through a personal link that is single-use, expires and
 * can be revoked. The call's signaling runs over `GET /api/visits/:id/signal` (WebSocket).
 */
export const VisitRole = z.enum(VISIT_ROLES);
export type VisitRole = z.infer<typeof VisitRole>;

export const GuestRole = z.enum(GUEST_ROLES);

export const VISIT_STATUSES = ['open', 'ended', 'cancelled'] as const;

export const VisitCreate = z.object({
  patientId: Uuid,
  consultationId: Uuid.optional(),
  scheduledAt: z.iso.datetime({ offset: true }).optional(),
  /** A broadcast (a lecture, a case conference): through the SFU from the start; observers only receive. */
  broadcast: z.boolean().optional(),
});
export type VisitCreate = z.infer<typeof VisitCreate>;

/** Starting a teleconsultation's video session (`POST /api/consultations/:id/video`); joining one needs no body. */
export const CaseVideoStart = z.object({
  /** A case conference for many observers: through the SFU from the start (only when the session is made by this call). */
  broadcast: z.boolean().optional(),
}).nullish();

export const VisitParticipant = z.object({
  id: Uuid,
  role: VisitRole,
  displayName: z.string(),
  isGuest: z.boolean(),
  admitted: z.boolean(),
  removed: z.boolean(),
});
export type VisitParticipant = z.infer<typeof VisitParticipant>;

export const VisitChatMessage = z.object({
  id: z.number().int(),
  participantId: Uuid,
  displayName: z.string(),
  body: z.string(),
  at: z.iso.datetime({ offset: true }),
  /** A file shared into the visit (the body is then its name). */
  file: VisitChatFile.optional(),
});
export type VisitChatMessage = z.infer<typeof VisitChatMessage>;

export const VisitInviteSummary = z.object({
  id: Uuid,
  participantId: Uuid,
  displayName: z.string(),
  role: GuestRole,
  expiresAt: z.iso.datetime({ offset: true }),
  state: z.enum(['active', 'used', 'expired', 'revoked']),
});

export const Visit = z.object({
  id: Uuid,
  facilityId: Uuid,
  patientId: Uuid,
  /** Shown to the participants; a guest sees the patient's given name only. */
  patientName: z.string(),
  consultationId: Uuid.nullable(),
  status: z.enum(VISIT_STATUSES),
  scheduledAt: z.iso.datetime({ offset: true }).nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  broadcast: z.boolean(),
  participants: z.array(VisitParticipant),
  messages: z.array(VisitChatMessage),
  /** The caller's own place in the visit. */
  /** `canManage`: admit, invite, end (an open visit only). `canRecord`: a clinician of the visit, who reads and writes its record, during the call and after it. */
  me: z.object({ participantId: Uuid, role: VisitRole, canManage: z.boolean(), canRecord: z.boolean() }),
  /** Links made for this visit (only to those who manage it). */
  invites: z.array(VisitInviteSummary),
});
export type Visit = z.infer<typeof Visit>;

export const VisitSummary = z.object({
  id: Uuid,
  patientName: z.string(),
  status: z.enum(VISIT_STATUSES),
  scheduledAt: z.iso.datetime({ offset: true }).nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  myRole: VisitRole,
  /** The visit's (first) clinician, and where they hold it. */
  clinicianName: z.string().nullable(),
  facilityName: LocalizedName,
});
export const VisitList = z.object({ items: z.array(VisitSummary) });

export const InviteCreate = z.object({
  role: GuestRole,
  displayName: z.string().trim().min(1).max(200),
  language: Language,
  /** From five minutes to seven days. */
  expiresInMinutes: z.number().int().min(5).max(7 * 24 * 60),
});
export type InviteCreate = z.infer<typeof InviteCreate>;

export const InviteCreated = z.object({
  inviteId: Uuid,
  participantId: Uuid,
  /** The link's secret: shown once, never stored (only its hash is). The link is `/join#<token>`. */
  token: z.string(),
  expiresAt: z.iso.datetime({ offset: true }),
});

export const InviteParams = z.object({ id: Uuid, inviteId: Uuid });

export const RedeemInput = z.object({ token: z.string().min(20).max(100).regex(/^[A-Za-z0-9_-]+$/) });
export const RedeemAnswer = z.object({ visitId: Uuid, participantId: Uuid, displayName: z.string(), language: Language });

export const IceServer = z.object({
  urls: z.array(z.string()),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof IceServer>;

export const Jsep = z.object({ type: z.enum(['offer', 'answer']), sdp: z.string().max(60_000) });
export const IceCandidate = z.object({
  candidate: z.string().max(2000),
  sdpMid: z.string().max(64).nullable().optional(),
  sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
  usernameFragment: z.string().max(256).nullable().optional(),
});
export const MediaMode = z.enum(['p2p', 'sfu']);

/** What one browser tells another to set up or repair the call (perfect negotiation). */
export const SignalData = z.object({
  /** The sender's peer connection: a browser that reloads starts a new one, and the other side starts afresh too. */
  session: z.string().min(8).max(64),
  /** The receiver's peer connection this answers, once known: a signal meant for a page since reloaded is dropped. */
  for: z.string().min(8).max(64).optional(),
  description: z.object({ type: z.enum(['offer', 'answer', 'rollback']), sdp: z.string().max(60_000).optional() }).optional(),
  candidate: IceCandidate.nullable().optional(),
});
export type SignalData = z.infer<typeof SignalData>;

/** Client → server on the visit's signaling channel. */
export const VisitClientMessage = z.discriminatedUnion('type', [
  /** First message: the last signal id seen (0 on a first join), so a reconnect replays what it missed. */
  z.object({ type: z.literal('hello'), since: z.number().int().min(0) }),
  z.object({ type: z.literal('signal'), to: Uuid, data: SignalData }),
  z.object({ type: z.literal('admit'), participantId: Uuid }),
  z.object({ type: z.literal('chat'), body: z.string().trim().min(1).max(4000) }),
  /** SFU mode: publish one's camera and microphone (an offer to the server's SFU)… */
  z.object({ type: z.literal('sfu-publish'), jsep: Jsep }),
  /** …receive another participant's feed (the server answers with Janus's offer)… */
  z.object({ type: z.literal('sfu-subscribe'), feed: Uuid }),
  /** …and answer it. */
  z.object({ type: z.literal('sfu-start'), feed: Uuid, jsep: Jsep }),
  /** A local ICE candidate for the publishing connection (feed null) or a receiving one; null: gathering done. */
  z.object({ type: z.literal('sfu-candidate'), feed: Uuid.nullable(), candidate: IceCandidate.nullable() }),
  /** Fresh TURN credentials, e.g. before an ICE restart. */
  z.object({ type: z.literal('ice-servers') }),
  z.object({ type: z.literal('ping') }),
  /** Recording (see visit-recording.ts): a clinician asks, each participant answers, the clinician stops. */
  RecordingRequestMessage,
  RecordingConsentMessage,
  RecordingStopMessage,
]);
export type VisitClientMessage = z.infer<typeof VisitClientMessage>;

export const RosterEntry = VisitParticipant.extend({
  online: z.boolean(),
  /** When a participant not yet admitted started waiting. */
  waitingSince: z.iso.datetime({ offset: true }).nullable(),
});
export type RosterEntry = z.infer<typeof RosterEntry>;

/** Server → client. */
export const VisitServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('welcome'), participantId: Uuid, admitted: z.boolean(), iceServers: z.array(IceServer), iceTtlSeconds: z.number(),
    /** How media flows now, and (SFU) whose feeds are published. */
    mode: MediaMode, feeds: z.array(Uuid),
    /** Who is here now (later changes come as `roster`): in the welcome, so that the first connections start in the same step. */
    participants: z.array(RosterEntry) }),
  /** The call moves to the SFU (a third person joined): publish there, and receive the others' feeds from it. */
  z.object({ type: z.literal('mode'), mode: MediaMode }),
  /** A participant's feed is (no longer) on the SFU. */
  z.object({ type: z.literal('feed'), participantId: Uuid, published: z.boolean() }),
  z.object({ type: z.literal('sfu-answer'), jsep: Jsep }),
  z.object({ type: z.literal('sfu-offer'), feed: Uuid, jsep: Jsep }),
  z.object({ type: z.literal('roster'), participants: z.array(RosterEntry) }),
  z.object({ type: z.literal('signal'), id: z.number().int(), from: Uuid, data: SignalData }),
  z.object({ type: z.literal('admitted') }),
  z.object({ type: z.literal('chat'), id: z.number().int(), message: VisitChatMessage }),
  z.object({ type: z.literal('ice-servers'), iceServers: z.array(IceServer), iceTtlSeconds: z.number() }),
  z.object({ type: z.literal('ended') }),
  z.object({ type: z.literal('error'), code: z.string() }),
  z.object({ type: z.literal('pong') }),
  RecordingServerMessage,
]);
export type VisitServerMessage = z.infer<typeof VisitServerMessage>;

/** Close codes: 4401 the pass or session no longer holds, 4403 removed from the visit, 4410 the visit ended. */
export const VISIT_CLOSE = { unauthorized: 4401, removed: 4403, ended: 4410, restart: 1012 } as const;

import { z } from 'zod';
import { Sha256Hex } from './attachments.ts';
import { Uuid } from './common.ts';

/**
 * Recording a video visit: only with the consent of everyone present. A clinician managing the
 * visit asks; everyone present is asked; it records once all have accepted; anyone declining ends
 * it; someone joining later pauses it until they accept. The clinician's browser records and
 * uploads it (tus, `/api/uploads` with the metadata below); the server stores it sealed like any blob.
 */
export const RECORDING_STATES = ['asking', 'recording', 'paused', 'stopped', 'cancelled'] as const;
export const RecordingStateName = z.enum(RECORDING_STATES);
export type RecordingStateName = z.infer<typeof RecordingStateName>;

/** What every participant is told of the visit's recording, on every change. */
export const RecordingState = z.object({
  id: Uuid,
  state: RecordingStateName,
  /** The participant (a clinician) who asked, whose browser records. */
  requestedBy: Uuid,
  /** Present participants whose answer is awaited (the recording waits, or is paused, for them). */
  pending: z.array(Uuid),
  accepted: z.array(Uuid),
  /** Who declined (the request ended with it), if anyone. */
  declinedBy: Uuid.nullable(),
  endReason: z.enum(['stopped', 'declined', 'visit_ended']).nullable(),
  startedAt: z.iso.datetime({ offset: true }).nullable(),
  /** The recording is stored in the record. */
  stored: z.boolean(),
});
export type RecordingState = z.infer<typeof RecordingState>;

/** Client → server, on the call channel. */
export const RecordingRequestMessage = z.object({ type: z.literal('recording-request') });
export const RecordingConsentMessage = z.object({ type: z.literal('recording-consent'), recordingId: Uuid, accept: z.boolean() });
export const RecordingStopMessage = z.object({ type: z.literal('recording-stop'), recordingId: Uuid });
/** Server → client: the current request (null: none in this visit's call now). */
export const RecordingServerMessage = z.object({ type: z.literal('recording'), recording: RecordingState.nullable() });

/**
 * tus Upload-Metadata of a recording (each value base64), uploaded to
 * `/api/visits/:id/recordings/:recordingId/uploads`: the URL names the visit and the request.
 */
export const RecordingUploadMetadata = z.object({
  filename: z.string().min(1).max(255),
  filetype: z.literal('video/webm'),
  sha256: Sha256Hex,
  /** As measured by the recording browser, in milliseconds (paused time left out); shown, never relied on. */
  durationMs: z.string().regex(/^\d{1,8}$/).optional(),
});
export type RecordingUploadMetadata = z.infer<typeof RecordingUploadMetadata>;

export const RecordingCommit = z.object({ uploadId: z.string().regex(/^[0-9a-f]{32}$/) });
export const RecordingParams = z.object({ id: Uuid, recordingId: Uuid });
export const RecordingUploadParams = z.object({ id: Uuid, recordingId: Uuid, uploadId: z.string().regex(/^[0-9a-f]{32}$/) });

/** A stored recording, as the visit's clinicians see it in the record. */
export const VisitRecordingItem = z.object({
  id: Uuid,
  startedAt: z.iso.datetime({ offset: true }),
  endedAt: z.iso.datetime({ offset: true }).nullable(),
  storedAt: z.iso.datetime({ offset: true }),
  durationMs: z.number().int().nullable(),
  size: z.number().int().nonnegative(),
  mediaType: z.literal('video/webm'),
  requestedByName: z.string(),
  /** Who consented to it, as they were named in the call. */
  consentedBy: z.array(z.object({ displayName: z.string(), role: z.string(), at: z.iso.datetime({ offset: true }) })),
});
export type VisitRecordingItem = z.infer<typeof VisitRecordingItem>;
export const VisitRecordingList = z.object({ items: z.array(VisitRecordingItem) });

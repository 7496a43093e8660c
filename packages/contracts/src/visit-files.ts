import { z } from 'zod';
import { AttachmentMediaType, Sha256Hex } from './attachments.ts';
import { Uuid } from './common.ts';

/**
 * Files shared into a video visit: by any participant during the call (announced in its chat), or
 * by the patient from the portal before it. Uploaded with tus to `/api/visits/:id/uploads` (the
 * same checks as a case's attachments: size, declared type against the first bytes, SHA-256), then
 * committed to the visit with `POST /api/visits/:id/files`.
 */
export const VisitFile = z.object({
  id: Uuid,
  visitId: Uuid,
  /** Who shared it (a participant: staff, the patient, or a guest). */
  participantId: Uuid,
  sharedByName: z.string(),
  fileName: z.string(),
  mediaType: AttachmentMediaType,
  size: z.number().int().nonnegative(),
  sha256: Sha256Hex,
  hasThumbnail: z.boolean(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type VisitFile = z.infer<typeof VisitFile>;
export const VisitFileList = z.object({ items: z.array(VisitFile) });

/** What a chat message that announces a shared file says about it. */
export const VisitChatFile = VisitFile.pick({ id: true, fileName: true, mediaType: true, size: true, hasThumbnail: true });
export type VisitChatFile = z.infer<typeof VisitChatFile>;

export const VisitFileCommit = z.object({ uploadId: z.string().regex(/^[0-9a-f]{32}$/) });
export type VisitFileCommit = z.infer<typeof VisitFileCommit>;

export const VisitFileParams = z.object({ id: Uuid, fileId: Uuid });
export const VisitUploadParams = z.object({ id: Uuid, uploadId: z.string().max(64) });

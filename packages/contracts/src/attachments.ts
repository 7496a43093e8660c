import { z } from 'zod';
import { Uuid } from './common.ts';

/** The largest file a case accepts (a long ECG recording, a scanned record). */
export const ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024 * 1024;

/**
 * Types a case accepts. The server also reads the file's first bytes: a declared type its content
 * does not match is refused.
 */
export const ATTACHMENT_MEDIA_TYPES = [
  'application/pdf', 'image/jpeg', 'image/png', 'image/webp', 'image/tiff', 'image/gif', 'application/dicom', 'text/plain', 'text/csv',
] as const;
export const AttachmentMediaType = z.enum(ATTACHMENT_MEDIA_TYPES);
export type AttachmentMediaType = z.infer<typeof AttachmentMediaType>;

/** Images the server makes a small preview of, sent first on a slow link. */
export const THUMBNAIL_MEDIA_TYPES: readonly string[] = ['image/jpeg', 'image/png', 'image/webp', 'image/tiff', 'image/gif'];

export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const Attachment = z.object({
  id: Uuid,
  consultationId: Uuid,
  messageId: Uuid.nullable(),
  fileName: z.string(),
  mediaType: AttachmentMediaType,
  size: z.number().int().nonnegative(),
  sha256: Sha256Hex,
  hasThumbnail: z.boolean(),
  uploadedByName: z.string(),
  createdAt: z.string(),
});
export type Attachment = z.infer<typeof Attachment>;
export const AttachmentList = z.object({ items: z.array(Attachment) });

/** Attaches a finished tus upload to the case (or to one of its messages). */
export const AttachmentCommit = z.object({
  uploadId: z.string().regex(/^[0-9a-f]{32}$/),
  messageId: Uuid.optional(),
});
export type AttachmentCommit = z.infer<typeof AttachmentCommit>;

export const AttachmentParams = z.object({ id: Uuid, attachmentId: Uuid });
export const AttachmentContentQuery = z.object({ download: z.enum(['1', 'true']).optional() });

/**
 * What a client puts in tus Upload-Metadata (each value base64, per the tus protocol). The server
 * refuses an upload whose received bytes do not hash to `sha256`.
 */
export const UploadFileMetadata = z.object({
  filename: z.string().min(1).max(255),
  filetype: AttachmentMediaType,
  sha256: Sha256Hex,
});
export type UploadFileMetadata = z.infer<typeof UploadFileMetadata>;
/** An upload to a case (`POST /api/uploads`) names the case; an upload to a visit is named by its URL. */
export const UploadMetadata = UploadFileMetadata.extend({ consultationId: Uuid });
export type UploadMetadata = z.infer<typeof UploadMetadata>;

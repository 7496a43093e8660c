import type { Attachment, AttachmentCommit, AttachmentMediaType } from '@telemed/contracts';
import { THUMBNAIL_MEDIA_TYPES } from '@telemed/contracts';
import type { Kysely } from 'kysely';
import type { Deps, RequestMeta } from '../../platform/deps.ts';
import type { Database } from '../../platform/db-types.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import type { Principal } from '../../platform/policy.ts';
import { openCase, recordEvent } from '../consultations/service.ts';
import { openBlob, storeBuffer, storeStaged } from './sealed-blobs.ts';
import { matchesMediaType, SNIFF_BYTES } from './sniff.ts';
import { readStaged, readStagedHead, type StagedFile } from './staging-cipher.ts';
import type { StagedUpload, Uploads } from './uploads.ts';

const THUMBNAIL_EDGE = 320;

/** The case's attachments, oldest first (describeCase adds them to the case). */
export async function listCaseAttachments(db: Kysely<Database>, consultationId: string): Promise<Attachment[]> {
  const rows = await db.selectFrom('consultation_attachment as a').innerJoin('app_user as u', 'u.id', 'a.uploaded_by')
    .select(['a.id', 'a.consultation_id', 'a.message_id', 'a.file_name', 'a.media_type', 'a.size', 'a.sha256', 'a.thumbnail_sha256',
      'u.display_name', 'a.created_at'])
    .where('a.consultation_id', '=', consultationId).orderBy('a.created_at').orderBy('a.id').execute();
  return rows.map((r) => ({ id: r.id, consultationId: r.consultation_id, messageId: r.message_id, fileName: r.file_name,
    mediaType: r.media_type as AttachmentMediaType, size: Number(r.size), sha256: r.sha256, hasThumbnail: r.thumbnail_sha256 !== null,
    uploadedByName: r.display_name, createdAt: r.created_at.toISOString() }));
}

export async function listAttachments(deps: Deps, principal: Principal, id: string, meta: RequestMeta): Promise<{ items: Attachment[] }> {
  await openCase(deps, principal, id, meta, { action: 'attachment.list' });
  return { items: await listCaseAttachments(deps.db, id) };
}

// Loaded on the first image (libvips takes ~30 MB a server would otherwise hold from start-up).
let sharpModule: Promise<typeof import('sharp').default> | null = null;

async function makeThumbnail(deps: Deps, staged: StagedFile): Promise<string | null> {
  try {
    sharpModule ??= import('sharp').then((m) => m.default);
    const sharp = await sharpModule;
    // The image streams in from the (encrypted) staging file: a large photo is never held whole.
    const image = sharp({ limitInputPixels: 200_000_000 }).rotate()
      .resize(THUMBNAIL_EDGE, THUMBNAIL_EDGE, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 70 });
    const source = readStaged(staged);
    source.on('error', (err) => image.destroy(err));
    const bytes = await source.pipe(image).toBuffer();
    return await storeBuffer(deps, bytes);
  } catch (err) {
    // An image sharp cannot read is still attached, just without a preview.
    deps.log.warn({ err: { type: (err as Error).name } }, 'thumbnail not made');
    return null;
  }
}

/**
 * Checks a finished upload and seals it into the blob store: its first bytes must match the
 * declared type, its bytes must hash to the SHA-256 the client declared (else it was corrupted on
 * the way). A refusal removes the staged upload and is reported to `audit` before it is thrown.
 * An image also gets its thumbnail. Used by every destination (a case, a visit).
 */
export async function sealUpload(deps: Deps, uploads: Uploads, uploadId: string, upload: StagedUpload,
  audit: (problem: 'attachment_type_mismatch' | 'attachment_corrupted') => Promise<unknown>): Promise<{ thumbnail: string | null }> {
  const refuse = async (code: 'attachment_type_mismatch' | 'attachment_corrupted', status: number) => {
    await uploads.remove(uploadId);
    await audit(code);
    return new AppError(code, status);
  };
  // A first chunk that fails its tag was changed on the staging disk: no upload of what was declared.
  const head = await readStagedHead(upload, SNIFF_BYTES).catch(() => null);
  if (!head) throw await refuse('attachment_corrupted', 422);
  if (!matchesMediaType(head, upload.meta.filetype)) throw await refuse('attachment_type_mismatch', 415);
  try {
    await storeStaged(deps, upload, upload.meta.sha256, upload.size, upload.digest);
  } catch (err) {
    if (err instanceof AppError && err.code === 'attachment_corrupted') throw await refuse('attachment_corrupted', 422);
    throw err;
  }
  return { thumbnail: THUMBNAIL_MEDIA_TYPES.includes(upload.meta.filetype) ? await makeThumbnail(deps, upload) : null };
}

/**
 * Attaches a finished upload to the case: its first bytes must match the declared type, its bytes
 * must hash to the SHA-256 the client declared (else it was corrupted on the way and is refused),
 * then it is sealed into the blob store and the staging copy removed. Committing twice is harmless.
 */
export async function commitUpload(deps: Deps, uploads: Uploads, principal: Principal, id: string, input: AttachmentCommit,
  meta: RequestMeta): Promise<Attachment> {
  const access = await openCase(deps, principal, id, meta, { action: 'attachment.create' });
  if (access.sides.length === 0 || !principal.facilityId) throw forbidden();
  const done = await deps.db.selectFrom('consultation_attachment').select('id').where('upload_id', '=', input.uploadId)
    .where('consultation_id', '=', id).executeTakeFirst();
  if (done) return (await listCaseAttachments(deps.db, id)).find((a) => a.id === done.id)!;
  const upload = await uploads.ownedUpload(input.uploadId, principal.userId);
  if (!upload || upload.meta.consultationId !== id) throw notFound();
  if (upload.offset !== upload.size) throw new AppError('upload_incomplete', 409);
  if (input.messageId) {
    const message = await deps.db.selectFrom('consultation_message').select('id').where('id', '=', input.messageId)
      .where('consultation_id', '=', id).executeTakeFirst();
    if (!message) throw notFound();
  }
  const { thumbnail } = await sealUpload(deps, uploads, input.uploadId, upload, (problem) => deps.audit.record({ actorUserId: principal.userId,
    actorFacilityId: principal.facilityId, action: 'attachment.create', outcome: 'failure', patientId: access.row.patient_id,
    resourceType: 'consultation', resourceId: id, ip: meta.ip, details: { problem } }));
  const created = await deps.db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('consultation_attachment').values({ consultation_id: id, message_id: input.messageId ?? null,
      sha256: upload.meta.sha256, file_name: upload.meta.filename, media_type: upload.meta.filetype, size: upload.size,
      thumbnail_sha256: thumbnail, uploaded_by: principal.userId, uploaded_facility_id: principal.facilityId!, upload_id: input.uploadId })
      .onConflict((oc) => oc.column('upload_id').doNothing()).returning('id').executeTakeFirst();
    if (row) await recordEvent(trx, { consultationId: id, actorUserId: principal.userId, action: 'attachment', from: access.row.status, to: access.row.status });
    return row;
  });
  await uploads.remove(input.uploadId);
  // File names can carry a patient's name: the audit keeps the content address, not the name.
  await deps.audit.record({ actorUserId: principal.userId, actorFacilityId: principal.facilityId, action: 'attachment.create', outcome: 'success',
    patientId: access.row.patient_id, resourceType: 'attachment', resourceId: created?.id ?? null, purpose: 'consultation', ip: meta.ip,
    details: { sha256: upload.meta.sha256, size: upload.size, mediaType: upload.meta.filetype } });
  const list = await listCaseAttachments(deps.db, id);
  return list.find((a) => a.id === created?.id) ?? list.find((a) => a.sha256 === upload.meta.sha256)!;
}

export type AttachmentPart = 'content' | 'thumbnail';

/** A stored file as the tables that share blobs keep it. */
export interface StoredFile {
  sha256: string;
  thumbnail_sha256: string | null;
  size: number | string;
  media_type: string;
}

/**
 * The plaintext of a stored file or its thumbnail, whole or a byte range (already checked for
 * access by the caller). `unsatisfiable`: the range starts past the end (HTTP 416).
 */
export async function openStoredFile(deps: Deps, row: StoredFile, part: AttachmentPart, range: { start: number; end: number } | null) {
  const sha = part === 'thumbnail' ? row.thumbnail_sha256 : row.sha256;
  if (!sha) throw notFound();
  const size = part === 'thumbnail' ? Number((await deps.db.selectFrom('blob').select('size').where('sha256', '=', sha).executeTakeFirstOrThrow()).size)
    : Number(row.size);
  if (range && (range.start >= size || range.end < range.start)) return { size, range: null, unsatisfiable: true as const };
  const r = range ? { start: range.start, end: Math.min(range.end, size - 1) } : undefined;
  const opened = size === 0 ? await openBlob(deps, sha) : await openBlob(deps, sha, r);
  return { size, range: r ?? null, stream: opened.stream, mediaType: part === 'thumbnail' ? 'image/webp' : row.media_type,
    unsatisfiable: false as const };
}

/** Opens an attachment (or its thumbnail) for a party to the case; every read is audited by openCase. */
export async function openAttachment(deps: Deps, principal: Principal, id: string, attachmentId: string, part: AttachmentPart,
  range: { start: number; end: number } | null, meta: RequestMeta) {
  await openCase(deps, principal, id, meta, { action: part === 'thumbnail' ? 'attachment.thumbnail' : 'attachment.read',
    resourceType: 'attachment', resourceId: attachmentId });
  const row = await deps.db.selectFrom('consultation_attachment').selectAll().where('id', '=', attachmentId)
    .where('consultation_id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  return { row, ...await openStoredFile(deps, row, part, range) };
}

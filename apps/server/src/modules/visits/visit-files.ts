import type { AttachmentMediaType, UploadFileMetadata, VisitChatFile, VisitFile, VisitFileCommit } from '@telemed/contracts';
import type { Deps, RequestMeta } from '../../platform/deps.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { decideVisitFileAccess } from '../../platform/policy.ts';
import { openStoredFile, sealUpload, type AttachmentPart } from '../attachments/service.ts';
import { parseRange } from '../attachments/serve.ts';
import type { Uploads } from '../attachments/uploads.ts';
import { auditVisit, openVisit, type Caller, type OpenedVisit, type VisitDecision } from './access.ts';

/**
 * Files shared into a visit reuse the attachments module end to end (tus staging, type sniffing,
 * SHA-256 check, sealed content-addressed blobs, thumbnails); this module only says which visit
 * a blob belongs to, who shared it, and announces it in the visit's chat.
 */
const share: VisitDecision = (actor, facts, now) => decideVisitFileAccess(actor, facts, 'share', now);
const read: VisitDecision = (actor, facts, now) => decideVisitFileAccess(actor, facts, 'read', now);

/** A participant owns the uploads they start in a visit (a guest has no user id; the participant is also bound to the visit). */
export const participantOwner = (participantId: string) => `visit-participant:${participantId}`;

function principalOf(o: OpenedVisit) {
  return o.actor.kind === 'user' ? o.actor.principal : null;
}

/** Starting an upload into the visit: the caller must be able to share there now. Returns the upload's owner. */
export async function authorizeVisitUpload(deps: Deps, caller: Caller, visitId: string, file: UploadFileMetadata, size: number,
  meta: RequestMeta): Promise<string> {
  const opened = await openVisit(deps, caller, visitId, share, meta, 'visit.file.upload');
  await auditVisit(deps, opened, 'visit.file.upload', meta, { size, mediaType: file.filetype });
  return participantOwner(opened.participant.id);
}

/** Resuming an upload (HEAD, PATCH, DELETE): still a participant who may share, so a removed guest or an ended visit stops it. */
export async function visitUploadOwner(deps: Deps, caller: Caller, visitId: string, meta: RequestMeta): Promise<string> {
  const opened = await openVisit(deps, caller, visitId, share, meta, 'visit.file.upload');
  return participantOwner(opened.participant.id);
}

async function listRows(deps: Deps, visitId: string, fileId?: string): Promise<VisitFile[]> {
  let q = deps.db.selectFrom('visit_file as f').innerJoin('visit_participant as p', 'p.id', 'f.participant_id')
    .select(['f.id', 'f.visit_id', 'f.participant_id', 'p.display_name', 'f.file_name', 'f.media_type', 'f.size', 'f.sha256', 'f.thumbnail_sha256',
      'f.created_at'])
    .where('f.visit_id', '=', visitId);
  if (fileId) q = q.where('f.id', '=', fileId);
  const rows = await q.orderBy('f.created_at').orderBy('f.id').execute();
  return rows.map((r) => ({ id: r.id, visitId: r.visit_id, participantId: r.participant_id, sharedByName: r.display_name, fileName: r.file_name,
    mediaType: r.media_type as AttachmentMediaType, size: Number(r.size), sha256: r.sha256, hasThumbnail: r.thumbnail_sha256 !== null,
    createdAt: r.created_at.toISOString() }));
}

export const chatFileOf = (f: Pick<VisitFile, 'id' | 'fileName' | 'mediaType' | 'size' | 'hasThumbnail'>): VisitChatFile =>
  ({ id: f.id, fileName: f.fileName, mediaType: f.mediaType, size: f.size, hasThumbnail: f.hasThumbnail });

/**
 * Shares a finished upload into the visit: verified and sealed by the attachments module, linked
 * to the visit and the participant, and announced in the chat (a message whose body is the file's
 * name) in the same transaction, so every participant's call channel hears of it. Committing the
 * same upload again returns the same file.
 */
export async function commitVisitFile(deps: Deps, uploads: Uploads, caller: Caller, visitId: string, input: VisitFileCommit,
  meta: RequestMeta): Promise<VisitFile> {
  const opened = await openVisit(deps, caller, visitId, share, meta, 'visit.file.create');
  const done = await deps.db.selectFrom('visit_file').select('id').where('upload_id', '=', input.uploadId).where('visit_id', '=', visitId)
    .executeTakeFirst();
  if (done) return (await listRows(deps, visitId, done.id))[0]!;
  const upload = await uploads.ownedUpload(input.uploadId, participantOwner(opened.participant.id));
  if (!upload || upload.meta.visitId !== visitId) throw notFound();
  if (upload.offset !== upload.size) throw new AppError('upload_incomplete', 409);
  const principal = principalOf(opened);
  const { thumbnail } = await sealUpload(deps, uploads, input.uploadId, upload, (problem) => deps.audit.record({
    actorUserId: principal?.userId ?? null, actorFacilityId: principal?.facilityId ?? null, action: 'visit.file.create', outcome: 'failure',
    patientId: opened.visit.patient_id, resourceType: 'visit', resourceId: visitId, ip: meta.ip,
    details: { participantId: opened.participant.id, problem } }));
  const fileId = await deps.db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('visit_file').values({ visit_id: visitId, participant_id: opened.participant.id, sha256: upload.meta.sha256,
      file_name: upload.meta.filename, media_type: upload.meta.filetype, size: upload.size, thumbnail_sha256: thumbnail, upload_id: input.uploadId })
      .onConflict((oc) => oc.column('upload_id').doNothing()).returning('id').executeTakeFirst();
    if (!row) return null;
    const message = await trx.insertInto('visit_message').values({ visit_id: visitId, participant_id: opened.participant.id,
      body: upload.meta.filename, file_id: row.id }).returning('id').executeTakeFirstOrThrow();
    const file = chatFileOf({ id: row.id, fileName: upload.meta.filename, mediaType: upload.meta.filetype, size: upload.size,
      hasThumbnail: thumbnail !== null });
    await trx.insertInto('visit_signal').values({ visit_id: visitId, from_participant: opened.participant.id, to_participant: null, kind: 'chat',
      payload: JSON.stringify({ messageId: Number(message.id), file }) }).execute();
    return row.id;
  });
  await uploads.remove(input.uploadId);
  const created = fileId ?? (await deps.db.selectFrom('visit_file').select('id').where('upload_id', '=', input.uploadId).executeTakeFirstOrThrow()).id;
  // File names can carry a patient's name: the audit keeps the content address, not the name.
  await auditVisit(deps, opened, 'visit.file.create', meta, { fileId: created, sha256: upload.meta.sha256, size: upload.size,
    mediaType: upload.meta.filetype });
  return (await listRows(deps, visitId, created))[0]!;
}

/** The files shared into the visit, oldest first, for any of its participants. */
export async function listVisitFiles(deps: Deps, caller: Caller, visitId: string, meta: RequestMeta): Promise<{ items: VisitFile[] }> {
  const opened = await openVisit(deps, caller, visitId, read, meta, 'visit.file.list');
  await auditVisit(deps, opened, 'visit.file.list', meta);
  return { items: await listRows(deps, visitId) };
}

/** Opens one shared file (or its thumbnail) for a participant of its visit; every read is audited against the patient. */
export async function openVisitFile(deps: Deps, caller: Caller, visitId: string, fileId: string, part: AttachmentPart, rangeHeader: string | undefined,
  meta: RequestMeta) {
  const action = part === 'thumbnail' ? 'visit.file.thumbnail' : 'visit.file.read';
  const opened = await openVisit(deps, caller, visitId, read, meta, action);
  const row = await deps.db.selectFrom('visit_file').selectAll().where('id', '=', fileId).where('visit_id', '=', visitId).executeTakeFirst();
  if (!row) {
    // A participant asking for a file of another visit learns nothing of it.
    const principal = principalOf(opened);
    await deps.audit.record({ actorUserId: principal?.userId ?? null, actorFacilityId: principal?.facilityId ?? null, action, outcome: 'denied',
      patientId: opened.visit.patient_id, resourceType: 'visit', resourceId: visitId, ip: meta.ip,
      details: { participantId: opened.participant.id, fileId } });
    throw notFound();
  }
  await auditVisit(deps, opened, action, meta, { fileId });
  const range = part === 'content' ? parseRange(rangeHeader, Number(row.size)) : null;
  return { row, opened: await openStoredFile(deps, row, part, range) };
}

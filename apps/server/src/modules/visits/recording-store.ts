import { RecordingParams, RecordingUploadMetadata, RecordingUploadParams, type VisitRecordingItem } from '@telemed/contracts';
import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import type { Deps, RequestMeta } from '../../platform/deps.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import { decideVisitRecordAccess, type Principal } from '../../platform/policy.ts';
import { openBlob, storeStaged } from '../attachments/sealed-blobs.ts';
import { principalOf, requestMeta } from '../identity/routes.ts';
import { parseRange } from '../attachments/serve.ts';
import { readStagedHead } from '../attachments/staging-cipher.ts';
import type { UploadEndpoint, Uploads } from '../attachments/uploads.ts';
import { auditVisit, openVisit, type Caller, type OpenedVisit } from './access.ts';

/**
 * A visit's recordings in the record: uploaded by the recording clinician's browser through the
 * attachments' tus endpoint, accepted only for a request that had everyone's consent, sealed and
 * content-addressed like any blob, and played back only by the visit's clinicians, each read audited.
 */

/** The record's clinicians (not guests, not the patient), also after the visit ended. */
async function openRecordings(deps: Deps, caller: Caller, visitId: string, meta: RequestMeta, action: string): Promise<OpenedVisit> {
  const opened = await openVisit(deps, caller, visitId, 'read', meta, action);
  const p = opened.participant;
  const allowed = decideVisitRecordAccess(opened.actor, { status: opened.visit.status, participant: { role: p.role, userId: p.user_id,
    removed: p.removed_at !== null, passExpiresAt: p.pass_expires_at } }, 'read', { authorId: null, signed: false }, deps.now());
  if (!allowed) {
    const principal = opened.actor.kind === 'user' ? opened.actor.principal : null;
    await deps.audit.record({ actorUserId: principal?.userId ?? null, actorFacilityId: principal?.facilityId ?? null, action, outcome: 'denied',
      patientId: opened.visit.patient_id, resourceType: 'visit', resourceId: visitId, ip: meta.ip, details: { participantId: p.id } });
    throw forbidden();
  }
  return opened;
}

/**
 * The server's own check, whatever the browser claims: a recording is kept only for a request of
 * this visit that reached "everyone present consented" (it started), made by the uploader, and not
 * stored yet. A request that was declined before it started, or never answered, has nothing to keep.
 */
async function consentedRecording(deps: Deps, opened: OpenedVisit, recordingId: string, meta: RequestMeta, action: string) {
  const rec = await deps.db.selectFrom('visit_recording').selectAll().where('id', '=', recordingId).where('visit_id', '=', opened.visit.id)
    .executeTakeFirst();
  if (!rec) throw notFound();
  if (rec.started_at === null || rec.requested_by !== opened.participant.id) {
    const principal = opened.actor.kind === 'user' ? opened.actor.principal : null;
    await deps.audit.record({ actorUserId: principal?.userId ?? null, actorFacilityId: principal?.facilityId ?? null, action, outcome: 'denied',
      patientId: opened.visit.patient_id, resourceType: 'visit', resourceId: opened.visit.id, ip: meta.ip,
      details: { recordingId, reason: rec.started_at === null ? 'not_consented' : 'not_requester' } });
    throw new AppError('recording_not_consented', 409);
  }
  return rec;
}

type RecordingUpload = typeof RecordingUploadMetadata._output;

/**
 * The tus endpoint of a request's recording (the attachments' staging, PATCH and sealing, mounted
 * under the visit's API): refused before the first byte unless the consent state allows it.
 */
export function recordingUploadEndpoint(deps: Deps): UploadEndpoint<RecordingUpload> {
  const target = (request: FastifyRequest) => request.params as { id: string; recordingId: string };
  return {
    url: '/api/visits/:id/recordings/:recordingId/uploads',
    access: 'visit.manage',
    tags: ['visits'],
    summaries: { create: 'Start the resumable upload of a recording (tus 1.0 creation; Upload-Metadata: filename, filetype video/webm, sha256, '
      + 'durationMs) — only for a request everyone present consented to, by the clinician who asked', resume: 'Resume or abandon a recording upload — tus 1.0' },
    params: { create: RecordingParams, resume: RecordingUploadParams },
    fileMetadata: RecordingUploadMetadata,
    async authorizeCreate(request) {
      const { id, recordingId } = target(request);
      const principal = principalOf(request);
      const meta = requestMeta(request);
      const opened = await openRecordings(deps, { principal, pass: null }, id, meta, 'visit.recording.upload');
      const rec = await consentedRecording(deps, opened, recordingId, meta, 'visit.recording.upload');
      if (rec.sha256 !== null) throw new AppError('conflict', 409);
      return { owner: principal.userId, metadata: { visitId: id, recordingId } };
    },
    ownerOf: async (request) => principalOf(request).userId,
  };
}

/** WebM is EBML with the "webm" document type in its header. */
function isWebm(head: Buffer): boolean {
  return head.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3])) && head.includes('webm');
}

async function listItems(deps: Deps, visitId: string): Promise<VisitRecordingItem[]> {
  const rows = await deps.db.selectFrom('visit_recording as r').innerJoin('visit_participant as p', 'p.id', 'r.requested_by')
    .select(['r.id', 'r.started_at', 'r.ended_at', 'r.stored_at', 'r.duration_ms', 'r.size', 'p.display_name'])
    .where('r.visit_id', '=', visitId).where('r.sha256', 'is not', null).orderBy('r.created_at').execute();
  const consents = rows.length ? await deps.db.selectFrom('visit_recording_consent as c').innerJoin('visit_participant as p', 'p.id', 'c.participant_id')
    .select(['c.recording_id', 'c.at', 'p.display_name', 'p.role']).where('c.recording_id', 'in', rows.map((r) => r.id))
    .where('c.decision', '=', 'accepted').orderBy('c.at').execute() : [];
  return rows.map((r) => ({ id: r.id, startedAt: r.started_at!.toISOString(), endedAt: r.ended_at?.toISOString() ?? null,
    storedAt: r.stored_at!.toISOString(), durationMs: r.duration_ms, size: Number(r.size), mediaType: 'video/webm' as const,
    requestedByName: r.display_name,
    consentedBy: consents.filter((c) => c.recording_id === r.id).map((c) => ({ displayName: c.display_name, role: c.role, at: c.at.toISOString() })) }));
}

/**
 * Keeps a finished recording upload: the consent check again (the state may have changed since the
 * upload began), the type by its first bytes, the SHA-256 while sealing; then it is linked to the
 * visit. Committing the same upload twice is harmless.
 */
export async function commitRecording(deps: Deps, uploads: Uploads, principal: Principal, visitId: string, recordingId: string, uploadId: string,
  meta: RequestMeta): Promise<VisitRecordingItem> {
  const opened = await openRecordings(deps, { principal, pass: null }, visitId, meta, 'visit.recording.store');
  const rec = await consentedRecording(deps, opened, recordingId, meta, 'visit.recording.store');
  const done = async () => (await listItems(deps, visitId)).find((i) => i.id === recordingId)!;
  if (rec.upload_id === uploadId) return done();
  if (rec.sha256 !== null) throw new AppError('conflict', 409);
  const staged = await uploads.ownedStaged(uploadId, principal.userId);
  const parsed = RecordingUploadMetadata.safeParse(staged?.metadata);
  if (!staged || !parsed.success || staged.metadata.visitId !== visitId || staged.metadata.recordingId !== recordingId) throw notFound();
  const durationMs = parsed.data.durationMs === undefined ? null : Number(parsed.data.durationMs);
  if (staged.offset !== staged.size) throw new AppError('upload_incomplete', 409);
  const refuse = async (code: 'recording_type_refused' | 'attachment_corrupted', status: number) => {
    await uploads.remove(uploadId);
    await deps.audit.record({ actorUserId: principal.userId, actorFacilityId: principal.facilityId, action: 'visit.recording.store', outcome: 'failure',
      patientId: opened.visit.patient_id, resourceType: 'visit', resourceId: visitId, ip: meta.ip, details: { recordingId, problem: code } });
    return new AppError(code, status);
  };
  const head = await readStagedHead(staged, 64).catch(() => null);
  if (!head) throw await refuse('attachment_corrupted', 422);
  if (!isWebm(head)) throw await refuse('recording_type_refused', 415);
  try {
    await storeStaged(deps, staged, parsed.data.sha256, staged.size, staged.digest);
  } catch (err) {
    if (err instanceof AppError && err.code === 'attachment_corrupted') throw await refuse('attachment_corrupted', 422);
    throw err;
  }
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('visit_recording').set({ sha256: parsed.data.sha256, size: staged.size, duration_ms: durationMs,
      upload_id: uploadId, stored_at: now }).where('id', '=', recordingId).where('sha256', 'is', null).execute();
    // Uploaded, it is over: a request still running in the call (its stop lost on the way) ends here.
    await trx.updateTable('visit_recording').set({ state: 'stopped', ended_at: now, end_reason: 'stopped' })
      .where('id', '=', recordingId).where('state', 'in', ['recording', 'paused']).execute();
    await trx.insertInto('visit_signal').values({ visit_id: visitId, from_participant: opened.participant.id, to_participant: null, kind: 'recording',
      payload: '{}' }).execute();
  });
  await uploads.remove(uploadId);
  await auditVisit(deps, opened, 'visit.recording.store', meta, { recordingId, sha256: parsed.data.sha256, size: staged.size });
  return done();
}

export async function listRecordings(deps: Deps, caller: Caller, visitId: string, meta: RequestMeta): Promise<{ items: VisitRecordingItem[] }> {
  const opened = await openRecordings(deps, caller, visitId, meta, 'visit.recording.list');
  await auditVisit(deps, opened, 'visit.recording.list', meta);
  return { items: await listItems(deps, visitId) };
}

/** Plays a recording back (whole or the byte range a player asks for); every read is audited. */
export async function openRecording(deps: Deps, caller: Caller, visitId: string, recordingId: string, rangeHeader: string | undefined,
  meta: RequestMeta): Promise<{ size: number; range: { start: number; end: number } | null; stream?: Readable; unsatisfiable: boolean }> {
  const opened = await openRecordings(deps, caller, visitId, meta, 'visit.recording.read');
  const rec = await deps.db.selectFrom('visit_recording').select(['sha256', 'size']).where('id', '=', recordingId).where('visit_id', '=', visitId)
    .executeTakeFirst();
  if (!rec?.sha256) throw notFound();
  const size = Number(rec.size);
  const range = parseRange(rangeHeader, size);
  await auditVisit(deps, opened, 'visit.recording.read', meta, { recordingId, range: range ? `${range.start}-${range.end}` : null });
  if (range && (range.start >= size || range.end < range.start)) return { size, range: null, unsatisfiable: true };
  const r = range ? { start: range.start, end: Math.min(range.end, size - 1) } : null;
  const blob = await openBlob(deps, rec.sha256, r ?? undefined);
  return { size, range: r, stream: blob.stream, unsatisfiable: false };
}

import { createHash } from 'node:crypto';
import type { Language, Prescription, VisitPatientSummary, VisitRecord, VisitRecordInput } from '@telemed/contracts';
import type { Selectable } from 'kysely';
import type { VisitRecordTable } from '../../platform/db-types-visits.ts';
import type { Deps, RequestMeta } from '../../platform/deps.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import { decideVisitRecordAccess } from '../../platform/policy.ts';
import { auditVisit, openVisit, type Caller, type OpenedVisit } from './access.ts';
import { sendSummaryNotice } from './record-notice.ts';

type RecordRow = Selectable<VisitRecordTable>;
const LANGS: readonly string[] = ['kk', 'ru', 'uz', 'en'];

/**
 * Opens the visit's record for one of three needs (see `decideVisitRecordAccess`): the whole
 * record (`read`), changing the draft and signing it (`write`), the patient's summary (`summary`).
 * Every refusal is audited; a summary not yet signed is "not found" to the patient.
 */
async function openRecord(deps: Deps, caller: Caller, visitId: string, need: 'read' | 'write' | 'summary', meta: RequestMeta, action: string) {
  const opened = await openVisit(deps, caller, visitId, 'read', meta, action);
  const row = await deps.db.selectFrom('visit_record').selectAll().where('visit_id', '=', visitId).executeTakeFirst();
  const p = opened.participant;
  const signed = row?.status === 'signed';
  const allowed = decideVisitRecordAccess(opened.actor, { status: opened.visit.status, participant: { role: p.role, userId: p.user_id,
    removed: p.removed_at !== null, passExpiresAt: p.pass_expires_at } }, need, { authorId: row?.author_id ?? null, signed }, deps.now());
  if (!allowed) {
    const principal = opened.actor.kind === 'user' ? opened.actor.principal : null;
    await deps.audit.record({ actorUserId: principal?.userId ?? null, actorFacilityId: principal?.facilityId ?? null, action, outcome: 'denied',
      patientId: opened.visit.patient_id, resourceType: 'visit', resourceId: visitId, ip: meta.ip, details: { participantId: p.id } });
    if (need === 'summary' && !signed) throw notFound();
    throw need === 'write' && row && row.author_id !== principal?.userId ? new AppError('visit_record_not_author', 403) : forbidden();
  }
  return { opened, row };
}

async function patientLanguage(deps: Deps, patientId: string): Promise<Language> {
  const p = await deps.db.selectFrom('patient').select('preferred_language').where('id', '=', patientId).executeTakeFirstOrThrow();
  return (LANGS.includes(p.preferred_language) ? p.preferred_language : 'ru') as Language;
}

function contentOf(row: RecordRow): VisitRecordInput {
  return { complaint: row.complaint, history: row.history, examination: row.examination, assessment: row.assessment, diagnoses: row.diagnoses,
    plan: row.plan, prescriptions: row.prescriptions as Prescription[], followUp: row.follow_up, followUpBooking: row.follow_up_booking,
    patientSummary: row.patient_summary };
}

async function describeRecord(deps: Deps, row: RecordRow, o: OpenedVisit): Promise<VisitRecord> {
  const addenda = await deps.db.selectFrom('visit_record_addendum').selectAll().where('visit_id', '=', row.visit_id).orderBy('id').execute();
  const me = o.actor.kind === 'user' ? o.actor.principal.userId : null;
  return { ...contentOf(row), visitId: row.visit_id, status: row.status as 'draft' | 'signed', authorId: row.author_id, authorName: row.author_name,
    summaryLanguage: row.summary_language as Language, signedAt: row.signed_at?.toISOString() ?? null, contentSha256: row.content_sha256,
    updatedAt: row.updated_at.toISOString(), mayEdit: row.status === 'draft' && row.author_id === me,
    addenda: addenda.map((a) => ({ id: Number(a.id), authorName: a.author_name, body: a.body, signedAt: a.signed_at.toISOString() })) };
}

/** A signed record cannot change (the database refuses it too): said in the caller's language. */
function onSigned(err: unknown): never {
  if ((err as { code?: string }).code === 'P0001') throw new AppError('visit_record_signed', 409);
  throw err;
}

export async function getVisitRecord(deps: Deps, caller: Caller, visitId: string, meta: RequestMeta) {
  const { opened, row } = await openRecord(deps, caller, visitId, 'read', meta, 'visit.record.read');
  await auditVisit(deps, opened, 'visit.record.read', meta);
  return { record: row ? await describeRecord(deps, row, opened) : null, summaryLanguage: (row?.summary_language as Language | undefined)
    ?? await patientLanguage(deps, opened.visit.patient_id) };
}

/** Writes the draft: the first clinician to write it is its author, and only they change it until they sign. */
export async function saveVisitRecord(deps: Deps, caller: Caller, visitId: string, input: VisitRecordInput, meta: RequestMeta): Promise<VisitRecord> {
  const { opened, row } = await openRecord(deps, caller, visitId, 'write', meta, 'visit.record.save');
  if (row?.status === 'signed') throw new AppError('visit_record_signed', 409);
  const principal = opened.actor.kind === 'user' ? opened.actor.principal : null;
  if (!principal) throw forbidden();
  const values = { complaint: input.complaint, history: input.history, examination: input.examination, assessment: input.assessment,
    diagnoses: input.diagnoses, plan: input.plan, prescriptions: JSON.stringify(input.prescriptions), follow_up: input.followUp,
    follow_up_booking: input.followUpBooking, patient_summary: input.patientSummary, updated_at: deps.now() };
  const saved = await deps.db.insertInto('visit_record')
    .values({ visit_id: visitId, author_id: principal.userId, author_name: principal.displayName,
      summary_language: await patientLanguage(deps, opened.visit.patient_id), ...values })
    .onConflict((oc) => oc.column('visit_id').doUpdateSet(values)
      .where('visit_record.status', '=', 'draft').where('visit_record.author_id', '=', principal.userId))
    .returningAll().executeTakeFirst().catch(onSigned);
  if (!saved) throw new AppError('visit_record_not_author', 403);
  await auditVisit(deps, opened, 'visit.record.save', meta);
  return describeRecord(deps, saved, opened);
}

/** Signs the draft, once, by its author: from then on it is immutable, and the patient is told their summary is ready. */
export async function signVisitRecord(deps: Deps, caller: Caller, visitId: string, meta: RequestMeta): Promise<VisitRecord> {
  const { opened, row } = await openRecord(deps, caller, visitId, 'write', meta, 'visit.record.sign');
  if (!row) throw notFound();
  if (row.status === 'signed') throw new AppError('visit_record_signed', 409);
  if (!row.patient_summary.trim()) {
    throw new AppError('validation', 422, { errors: [{ path: 'body.patientSummary', code: 'required', message: '' }] });
  }
  const now = deps.now();
  const sha = createHash('sha256').update(JSON.stringify({ visitId, author: row.author_id, language: row.summary_language, ...contentOf(row) }))
    .digest('hex');
  const signed = await deps.db.updateTable('visit_record').set({ status: 'signed', signed_at: now, content_sha256: sha, updated_at: now })
    .where('visit_id', '=', visitId).where('status', '=', 'draft').where('author_id', '=', row.author_id)
    .returningAll().executeTakeFirst().catch(onSigned);
  if (!signed) throw new AppError('visit_record_signed', 409);
  await auditVisit(deps, opened, 'visit.record.sign', meta, { contentSha256: sha });
  void sendSummaryNotice(deps, opened.visit).catch((err: Error) => deps.log.warn({ err: { message: err.message } }, 'visit summary notice not sent'));
  return describeRecord(deps, signed, opened);
}

/** A correction to a signed record: a dated, signed addition; the record itself stays as it was signed. */
export async function addVisitRecordAddendum(deps: Deps, caller: Caller, visitId: string, body: string, meta: RequestMeta): Promise<VisitRecord> {
  const { opened, row } = await openRecord(deps, caller, visitId, 'read', meta, 'visit.record.addendum');
  if (!row || row.status !== 'signed') throw new AppError('visit_record_not_signed', 409);
  const principal = opened.actor.kind === 'user' ? opened.actor.principal : null;
  if (!principal) throw forbidden();
  await deps.db.insertInto('visit_record_addendum').values({ visit_id: visitId, author_id: principal.userId, author_name: principal.displayName, body })
    .execute();
  await auditVisit(deps, opened, 'visit.record.addendum', meta);
  return describeRecord(deps, row, opened);
}

/** What the patient reads: the signed summary, the prescriptions and the follow-up; never the clinician's note. */
export async function getVisitSummary(deps: Deps, caller: Caller, visitId: string, meta: RequestMeta, action = 'visit.summary.read'):
  Promise<VisitPatientSummary> {
  const { opened, row } = await openRecord(deps, caller, visitId, 'summary', meta, action);
  await auditVisit(deps, opened, action, meta);
  const r = row!;
  return { visitId, clinicianName: r.author_name, language: r.summary_language as Language, summary: r.patient_summary,
    prescriptions: r.prescriptions as Prescription[], followUp: r.follow_up, followUpClinicianId: r.follow_up_booking ? r.author_id : null,
    signedAt: r.signed_at!.toISOString() };
}

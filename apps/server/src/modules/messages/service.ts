import type { CareMessage, CareThread, CareThreadSummary } from '@telemed/contracts';
import { sql, type Selectable } from 'kysely';
import type { CareMessageTable } from '../../platform/db-types-portal.ts';
import type { Deps, RequestMeta } from '../../platform/deps.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import type { Principal } from '../../platform/policy.ts';
import { patientsInCare } from '../patients/access.ts';
import { openVisit } from '../visits/access.ts';
import { visitReferences } from '../visits/patient-facilities.ts';
import { auditThread, careBasis, decideThread, openThread, type Side, type ThreadRow } from './access.ts';
import { noticeCareMessage } from './notices.ts';

// A conversation shows its latest messages; older ones stay in the record.
const MESSAGES_SHOWN = 200;
const THREADS_SHOWN = 200;

type FacilityNames = { id: string; name_kk: string; name_ru: string; name_uz: string; name_en: string };
const localized = (f: FacilityNames) => ({ kk: f.name_kk, ru: f.name_ru, uz: f.name_uz, en: f.name_en });

async function facilityNames(deps: Deps, ids: readonly string[]): Promise<Map<string, FacilityNames>> {
  if (ids.length === 0) return new Map();
  const rows = await deps.db.selectFrom('facility').select(['id', 'name_kk', 'name_ru', 'name_uz', 'name_en']).where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((f) => [f.id, f]));
}

async function patientNames(deps: Deps, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await deps.db.selectFrom('patient').select(['id', 'family_name', 'given_name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((p) => [p.id, `${p.family_name} ${p.given_name}`]));
}

/** The other side's messages after the caller's read marker, per conversation. */
async function unreadCounts(deps: Deps, userId: string, threadIds: readonly string[], side: Side): Promise<Map<string, number>> {
  if (threadIds.length === 0) return new Map();
  const { rows } = await sql<{ thread_id: string; unread: number }>`
    SELECT m.thread_id, count(*)::int AS unread
      FROM care_message m LEFT JOIN care_thread_read r ON r.thread_id = m.thread_id AND r.user_id = ${userId}
     WHERE m.thread_id = ANY(${[...threadIds]}::uuid[]) AND m.from_patient = ${side === 'care_team'} AND m.id > coalesce(r.last_read_id, 0)
     GROUP BY m.thread_id`.execute(deps.db);
  return new Map(rows.map((r) => [r.thread_id, r.unread]));
}

/**
 * The caller's conversations. A patient: one per facility where they have an appointment or a
 * visit (those not yet started too, to write to). Staff: the conversations of their active
 * facility with patients in its care, with the patient's messages they have not read.
 */
export async function listThreads(deps: Deps, principal: Principal, meta: RequestMeta): Promise<{ side: Side; items: CareThreadSummary[] }> {
  if (principal.permissions.has('patient.self') && principal.patientId) return listPatientThreads(deps, principal, principal.patientId, meta);
  if (!principal.facilityId || !principal.permissions.has('patient.read')) return { side: 'care_team', items: [] };
  const facilityId = principal.facilityId;
  const threads = await deps.db.selectFrom('care_thread').selectAll().where('facility_id', '=', facilityId).where('last_message_at', 'is not', null)
    .orderBy('last_message_at', 'desc').limit(THREADS_SHOWN).execute();
  const patientIds = threads.map((t) => t.patient_id);
  const [inCare, basis] = await Promise.all([patientsInCare(deps, principal, patientIds), careBasis(deps, patientIds)]);
  const visible = threads.filter((t) => inCare.has(t.patient_id) && basis.get(t.patient_id)?.has(facilityId));
  const [names, facilities, unread] = await Promise.all([patientNames(deps, visible.map((t) => t.patient_id)), facilityNames(deps, [facilityId]),
    unreadCounts(deps, principal.userId, visible.map((t) => t.id), 'care_team')]);
  await deps.audit.record({ actorUserId: principal.userId, actorFacilityId: facilityId, action: 'care_thread.list', outcome: 'success',
    resourceType: 'care_thread', purpose: meta.purpose ?? 'treatment', ip: meta.ip, details: { results: visible.length } });
  const items = visible.map((t) => summary(t, names.get(t.patient_id) ?? '', facilities.get(facilityId)!, unread.get(t.id) ?? 0));
  // What awaits an answer first, then the latest.
  return { side: 'care_team', items: items.sort((a, b) => Number(b.unread > 0) - Number(a.unread > 0)) };
}

function summary(t: ThreadRow | null, patientName: string, f: FacilityNames, unread: number): CareThreadSummary {
  return { id: t?.id ?? null, patientName, facilityId: f.id, facilityName: localized(f), lastMessageAt: t?.last_message_at?.toISOString() ?? null,
    unread };
}

async function listPatientThreads(deps: Deps, principal: Principal, patientId: string, meta: RequestMeta) {
  const facilityIds = [...(await careBasis(deps, [patientId])).get(patientId)?.keys() ?? []];
  const threads = facilityIds.length === 0 ? [] : await deps.db.selectFrom('care_thread').selectAll().where('patient_id', '=', patientId)
    .where('facility_id', 'in', facilityIds).execute();
  const byFacility = new Map(threads.map((t) => [t.facility_id, t]));
  const [names, facilities, unread] = await Promise.all([patientNames(deps, [patientId]), facilityNames(deps, facilityIds),
    unreadCounts(deps, principal.userId, threads.map((t) => t.id), 'patient')]);
  await deps.audit.record({ actorUserId: principal.userId, actorFacilityId: principal.facilityId, action: 'care_thread.list', outcome: 'success',
    patientId, resourceType: 'care_thread', purpose: meta.purpose ?? 'treatment', ip: meta.ip, details: { results: threads.length } });
  const items = facilityIds.map((id) => {
    const t = byFacility.get(id) ?? null;
    return summary(t, names.get(patientId) ?? '', facilities.get(id)!, t ? unread.get(t.id) ?? 0 : 0);
  });
  items.sort((a, b) => (b.lastMessageAt ?? '').localeCompare(a.lastMessageAt ?? ''));
  return { side: 'patient' as const, items };
}

/**
 * Finds or starts a conversation: of a visit's patient with the visit's facility (from the call,
 * for a participant of it), of the signed-in patient with a facility, or of a patient with the
 * caller's facility (staff). The policy decides as for reading it.
 */
export async function openThreadFor(deps: Deps, principal: Principal, input: { visitId?: string; facilityId?: string; patientId?: string },
  meta: RequestMeta): Promise<{ id: string }> {
  const given = [input.visitId, input.facilityId, input.patientId].filter(Boolean).length;
  if (given !== 1) {
    throw new AppError('validation', 400, { errors: [{ path: 'body', code: 'invalid', message: '' }] });
  }
  let patientId: string | null;
  let facilityId: string | null;
  if (input.visitId) {
    const opened = await openVisit(deps, { principal, pass: null }, input.visitId, 'read', meta, 'care_thread.open');
    patientId = opened.visit.patient_id;
    facilityId = opened.visit.facility_id;
  } else if (input.facilityId) {
    patientId = principal.permissions.has('patient.self') ? principal.patientId : null;
    facilityId = input.facilityId;
  } else {
    patientId = input.patientId!;
    facilityId = principal.facilityId;
  }
  const side = patientId && facilityId ? await decideThread(deps, principal, patientId, facilityId) : null;
  if (!side) {
    await auditThread(deps, principal, 'care_thread.open', meta, null, 'denied', { patientId, facilityId, visitId: input.visitId ?? null });
    // A participant of the visit knows it exists; others learn nothing.
    throw input.visitId ? forbidden() : notFound();
  }
  await deps.db.insertInto('care_thread').values({ patient_id: patientId!, facility_id: facilityId!, created_by: principal.userId,
    last_message_at: null }).onConflict((oc) => oc.columns(['patient_id', 'facility_id']).doNothing()).execute();
  const thread = await deps.db.selectFrom('care_thread').selectAll().where('patient_id', '=', patientId!).where('facility_id', '=', facilityId!)
    .executeTakeFirstOrThrow();
  await auditThread(deps, principal, 'care_thread.open', meta, thread, 'success', input.visitId ? { visitId: input.visitId } : undefined);
  return { id: thread.id };
}

async function describeMessages(deps: Deps, principal: Principal, rows: Selectable<CareMessageTable>[]): Promise<CareMessage[]> {
  const visits = await visitReferences(deps.db, rows.flatMap((m) => (m.visit_id ? [m.visit_id] : [])));
  return rows.map((m) => {
    const v = m.visit_id ? visits.get(m.visit_id) : undefined;
    return { id: m.id, authorName: m.author_name, fromPatient: m.from_patient, mine: m.author_id === principal.userId, body: m.body,
      at: m.at.toISOString(), visit: v ? { id: v.id, at: v.at.toISOString() } : null };
  });
}

/** Marks the conversation read up to `id` for the caller (never backwards: an older tab may answer late). */
async function markRead(deps: Deps, threadId: string, userId: string, id: number): Promise<void> {
  await deps.db.insertInto('care_thread_read').values({ thread_id: threadId, user_id: userId, last_read_id: id })
    .onConflict((oc) => oc.columns(['thread_id', 'user_id']).doUpdateSet({ last_read_id: sql`greatest(care_thread_read.last_read_id, excluded.last_read_id)` }))
    .execute();
}

/** A conversation with its latest messages; opening it is reading it (the unread count goes). */
export async function getThread(deps: Deps, principal: Principal, threadId: string, meta: RequestMeta): Promise<CareThread> {
  const { thread, side } = await openThread(deps, principal, threadId, 'care_thread.read', meta);
  const rows = (await deps.db.selectFrom('care_message').selectAll().where('thread_id', '=', threadId).orderBy('id', 'desc').limit(MESSAGES_SHOWN)
    .execute()).reverse();
  const [names, facilities, messages] = await Promise.all([patientNames(deps, [thread.patient_id]), facilityNames(deps, [thread.facility_id]),
    describeMessages(deps, principal, rows)]);
  if (rows.length > 0) await markRead(deps, threadId, principal.userId, rows.at(-1)!.id);
  await auditThread(deps, principal, 'care_thread.read', meta, thread, 'success', { messages: rows.length });
  return { id: thread.id, patientId: thread.patient_id, patientName: names.get(thread.patient_id) ?? '', facilityId: thread.facility_id,
    facilityName: localized(facilities.get(thread.facility_id)!), side, messages };
}

/**
 * Writes to the conversation, as the patient or for the care team. The message may name a visit
 * of the same patient at the same facility (the call that could not go on by video). The others
 * hear of it at once (real-time feed) or, away from the app, through the notifier without its text.
 */
export async function sendCareMessage(deps: Deps, principal: Principal, threadId: string, input: { body: string; visitId?: string },
  meta: RequestMeta): Promise<CareMessage> {
  const { thread, side } = await openThread(deps, principal, threadId, 'care_message.send', meta);
  if (input.visitId) {
    const v = (await visitReferences(deps.db, [input.visitId])).get(input.visitId);
    if (!v || v.patientId !== thread.patient_id || v.facilityId !== thread.facility_id) {
      throw new AppError('validation', 400, { errors: [{ path: 'body.visitId', code: 'invalid', message: '' }] });
    }
  }
  const row = await deps.db.transaction().execute(async (trx) => {
    const m = await trx.insertInto('care_message').values({ thread_id: threadId, author_id: principal.userId, author_name: principal.displayName,
      from_patient: side === 'patient', visit_id: input.visitId ?? null, body: input.body }).returningAll().executeTakeFirstOrThrow();
    await trx.updateTable('care_thread').set({ last_message_at: m.at }).where('id', '=', threadId).execute();
    return m;
  });
  await markRead(deps, threadId, principal.userId, row.id);
  await auditThread(deps, principal, 'care_message.send', meta, thread, 'success', { messageId: row.id, visitId: input.visitId ?? null });
  noticeCareMessage(deps, thread, side, principal);
  return (await describeMessages(deps, principal, [row]))[0];
}

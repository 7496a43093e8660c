import { createHash } from 'node:crypto';
import type { ConclusionInput, ConsultationCase, ConsultationStatus, ObservationInput } from '@telemed/contracts';
import { sql } from 'kysely';
import type { Deps, RequestMeta } from '../../platform/deps.ts';
import { AppError, conflict, forbidden } from '../../platform/errors.ts';
import type { Principal } from '../../platform/policy.ts';
import { CONCLUDABLE, OPEN } from './lifecycle.ts';
import { CONCLUDING_ROLES } from './routing.ts';
import { noticeOffline } from './notices.ts';
import { describeCase, openCase, recordEvent, type CaseAccess } from './service.ts';

/** SHA-256 over the signed content in a fixed order: what a printed copy is checked against. */
export function contentHash(parts: readonly (string | boolean | null)[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

function requireHub(access: CaseAccess, principal: Principal, permission: 'consultation.handle' | 'consultation.conclude'): void {
  if (!access.sides.includes('hub') || !principal.permissions.has(permission)) throw forbidden();
}

async function audited(deps: Deps, principal: Principal, access: CaseAccess, action: string, meta: RequestMeta, details?: Record<string, unknown>) {
  await deps.audit.record({ actorUserId: principal.userId, actorFacilityId: principal.facilityId, action, outcome: 'success',
    patientId: access.row.patient_id, resourceType: 'consultation', resourceId: access.row.id, purpose: 'consultation', ip: meta.ip, details });
}

/**
 * The consultant signs the conclusion: once, by its author, after acceptance. The database keeps
 * it final (no UPDATE or DELETE for the application, and a trigger for everyone); later
 * corrections are addenda.
 */
export async function conclude(deps: Deps, principal: Principal, id: string, input: ConclusionInput, meta: RequestMeta): Promise<ConsultationCase> {
  const access = await openCase(deps, principal, id, meta, { action: 'consultation.conclude' });
  requireHub(access, principal, 'consultation.conclude');
  if (!CONCLUDABLE.includes(access.row.status as ConsultationStatus)) throw new AppError('not_concludable', 409);
  const now = deps.now();
  const author = await deps.db.selectFrom('app_user').select('display_name').where('id', '=', principal.userId).executeTakeFirstOrThrow();
  const hash = contentHash([id, author.display_name, input.diagnosis, input.recommendations, input.transfer, input.transferNote ?? null,
    input.followUp ?? null, now.toISOString()]);
  const updated = await deps.db.transaction().execute(async (trx) => {
    const next = await trx.updateTable('consultation').set((eb) => ({ status: 'concluded', version: eb('version', '+', 1), concluded_at: now, updated_at: now }))
      .where('id', '=', id).where('version', '=', input.version).where('status', 'in', CONCLUDABLE).returningAll().executeTakeFirst();
    if (!next) throw conflict();
    await trx.insertInto('consultation_conclusion').values({ consultation_id: id, author_user_id: principal.userId, author_name: author.display_name,
      author_facility_id: principal.facilityId ?? access.row.target_facility_id, diagnosis: input.diagnosis, recommendations: input.recommendations,
      transfer: input.transfer, transfer_note: input.transferNote ?? null, follow_up: input.followUp ?? null, signed_at: now, content_sha256: hash }).execute();
    // The author takes part in the case from now on, whichever facility they act for later.
    await trx.insertInto('consultation_participant').values({ consultation_id: id, user_id: principal.userId,
      facility_id: principal.facilityId ?? access.row.target_facility_id }).onConflict((oc) => oc.doNothing()).execute();
    await recordEvent(trx, { consultationId: id, actorUserId: principal.userId, action: 'conclude', from: access.row.status, to: 'concluded' });
    return next;
  });
  await audited(deps, principal, access, 'consultation.conclude', meta);
  noticeOffline(deps, updated, 'conclude', principal);
  return describeCase(deps, principal, updated, access.sides, access.guest);
}

export async function addAddendum(deps: Deps, principal: Principal, id: string, body: string, meta: RequestMeta): Promise<ConsultationCase> {
  const access = await openCase(deps, principal, id, meta, { action: 'consultation.addendum' });
  requireHub(access, principal, 'consultation.conclude');
  const conclusion = await deps.db.selectFrom('consultation_conclusion').select('consultation_id').where('consultation_id', '=', id).executeTakeFirst();
  if (!conclusion) throw new AppError('not_concludable', 409);
  const now = deps.now();
  const author = await deps.db.selectFrom('app_user').select('display_name').where('id', '=', principal.userId).executeTakeFirstOrThrow();
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('consultation_addendum').values({ consultation_id: id, author_user_id: principal.userId, author_name: author.display_name,
      body, signed_at: now, content_sha256: contentHash([id, author.display_name, body, now.toISOString()]) }).execute();
    await recordEvent(trx, { consultationId: id, actorUserId: principal.userId, action: 'addendum', from: access.row.status, to: access.row.status });
  });
  await audited(deps, principal, access, 'consultation.addendum', meta);
  return describeCase(deps, principal, access.row, access.sides, access.guest);
}

/** Threaded messages between the two sides; the hub may mark one as a request for more information. */
export async function postMessage(deps: Deps, principal: Principal, id: string,
  input: { body: string; parentId?: string; kind: 'message' | 'info_request' }, meta: RequestMeta): Promise<ConsultationCase> {
  const access = await openCase(deps, principal, id, meta, { action: 'consultation.message' });
  if (access.sides.length === 0) throw forbidden();
  if (input.kind === 'info_request' && !access.sides.includes('hub')) throw forbidden();
  if (['declined', 'cancelled', 'acknowledged'].includes(access.row.status)) throw new AppError('case_closed', 409);
  if (input.parentId) {
    const parent = await deps.db.selectFrom('consultation_message').select('id').where('id', '=', input.parentId)
      .where('consultation_id', '=', id).executeTakeFirst();
    if (!parent) throw new AppError('validation', 422, { errors: [{ path: 'body.parentId', code: 'invalid', message: '' }] });
  }
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('consultation_message').values({ consultation_id: id, parent_id: input.parentId ?? null, author_user_id: principal.userId,
      author_facility_id: principal.facilityId ?? access.row.target_facility_id, kind: input.kind, body: input.body, at: deps.now() }).execute();
    await recordEvent(trx, { consultationId: id, actorUserId: principal.userId, action: input.kind === 'info_request' ? 'info_request' : 'message',
      from: access.row.status, to: access.row.status });
  });
  await audited(deps, principal, access, 'consultation.message', meta);
  noticeOffline(deps, access.row, input.kind === 'info_request' ? 'info_request' : 'message', principal);
  return describeCase(deps, principal, access.row, access.sides, access.guest);
}

/** Lab values and vital signs as data (LOINC, UCUM), while the case is open. */
export async function addObservations(deps: Deps, principal: Principal, id: string, observations: ObservationInput[], meta: RequestMeta) {
  const access = await openCase(deps, principal, id, meta, { action: 'consultation.observations' });
  if (access.sides.length === 0) throw forbidden();
  if (!OPEN.includes(access.row.status as ConsultationStatus)) throw new AppError('case_closed', 409);
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('consultation_observation').values(observations.map((o) => ({ consultation_id: id, loinc: o.loinc, value: o.value,
      unit: o.unit, effective_at: new Date(o.effectiveAt), recorded_by: principal.userId }))).execute();
    await recordEvent(trx, { consultationId: id, actorUserId: principal.userId, action: 'observations', from: access.row.status, to: access.row.status,
      details: { count: observations.length } });
  });
  await audited(deps, principal, access, 'consultation.observations', meta);
  return describeCase(deps, principal, access.row, access.sides, access.guest);
}

/** Someone who may write conclusions, with a membership to act for. */
async function consultantMembership(deps: Deps, userId: string): Promise<{ facilityId: string } | null> {
  const m = await deps.db.selectFrom('membership as m').innerJoin('app_user as u', 'u.id', 'm.user_id')
    .select('m.facility_id').where('m.user_id', '=', userId).where('u.active', '=', true)
    .where('m.role', 'in', CONCLUDING_ROLES).orderBy('m.facility_id').executeTakeFirst();
  return m ? { facilityId: m.facility_id } : null;
}

/**
 * The coordinator assigns the case to a consultant, or a further consultant joins it (case
 * conference). Either way the consultant takes part in the patient's care while the case lasts.
 */
export async function addParticipant(deps: Deps, principal: Principal, id: string, input: { userId: string; version?: number; assign: boolean },
  meta: RequestMeta): Promise<ConsultationCase> {
  const access = await openCase(deps, principal, id, meta, { action: input.assign ? 'consultation.assign' : 'consultation.join' });
  requireHub(access, principal, 'consultation.handle');
  // Who works on the case is the holding hub's decision, not that of a consultant who joined it from elsewhere.
  if (access.guest) throw forbidden();
  if (!['accepted', 'scheduled', 'in_progress', 'submitted'].includes(access.row.status)) throw new AppError('illegal_transition', 409);
  const member = await consultantMembership(deps, input.userId);
  if (!member) throw new AppError('not_a_consultant', 422, { errors: [{ path: 'body.userId', code: 'not_a_consultant', message: '' }] });
  // A consultant of the hub acts for the hub; one from elsewhere acts for their own facility.
  const hubMember = await deps.db.selectFrom('membership').select('facility_id').where('user_id', '=', input.userId)
    .where('facility_id', '=', access.row.target_facility_id).where('role', 'in', CONCLUDING_ROLES).executeTakeFirst();
  const facilityId = hubMember?.facility_id ?? member.facilityId;
  const updated = await deps.db.transaction().execute(async (trx) => {
    let row = access.row;
    if (input.assign) {
      const next = await trx.updateTable('consultation').set((eb) => ({ assigned_user_id: input.userId, version: eb('version', '+', 1), updated_at: deps.now() }))
        .where('id', '=', id).where('version', '=', input.version ?? -1).returningAll().executeTakeFirst();
      if (!next) throw conflict();
      row = next;
    }
    const inserted = await trx.insertInto('consultation_participant').values({ consultation_id: id, user_id: input.userId, facility_id: facilityId })
      .onConflict((oc) => oc.doNothing()).returning('user_id').executeTakeFirst();
    if (inserted) {
      await trx.insertInto('care_relationship').values({ patient_id: row.patient_id, facility_id: null, user_id: input.userId,
        source: 'consultation', source_id: id, ends_at: null }).execute();
    }
    await recordEvent(trx, { consultationId: id, actorUserId: principal.userId, action: input.assign ? 'assign' : 'join',
      from: row.status, to: row.status, details: { userId: input.userId } });
    return row;
  });
  await audited(deps, principal, access, input.assign ? 'consultation.assign' : 'consultation.join', meta, { userId: input.userId });
  return describeCase(deps, principal, updated, access.sides, access.guest);
}

/** Who can be assigned: the hub's own consultants first, then those of other centres that offer the profile. */
export async function consultantOptions(deps: Deps, principal: Principal, id: string, meta: RequestMeta) {
  const access = await openCase(deps, principal, id, meta, { action: 'consultation.read' });
  requireHub(access, principal, 'consultation.handle');
  const rows = await deps.db.selectFrom('membership as m').innerJoin('app_user as u', 'u.id', 'm.user_id').innerJoin('facility as f', 'f.id', 'm.facility_id')
    .select(['u.id', 'u.display_name', 'f.id as facility_id', 'f.code'])
    .where('u.active', '=', true).where('m.role', 'in', CONCLUDING_ROLES)
    .where((eb) => eb.or([eb('f.id', '=', access.row.target_facility_id), sql<boolean>`${access.row.profile} = ANY (f.profiles)`]))
    .orderBy(sql`f.id = ${access.row.target_facility_id}`, 'desc').orderBy('u.display_name').limit(200).execute();
  // A consultant who works at several of these centres is offered once, at the first (the hub's own first).
  const seen = new Set<string>();
  const items = rows.filter((r) => !seen.has(r.id) && seen.add(r.id))
    .map((r) => ({ userId: r.id, name: r.display_name, facilityId: r.facility_id, facilityCode: r.code }));
  return { items };
}

import type { Consultation, ConsultationAction, ConsultationCreate, ConsultationStatus } from '@telemed/contracts';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Deps, RequestMeta } from '../../platform/deps.ts';
import type { ConsultationTable, Database } from '../../platform/db-types.ts';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors.ts';
import type { Principal } from '../../platform/policy.ts';
import { authorizePatient } from '../patients/access.ts';
import { checkTransition, type Side } from './lifecycle.ts';
import { responseTarget, type Urgency } from './targets.ts';

type Row = Selectable<ConsultationTable>;

/** Refuses a hub that does not offer the profile; returns its time zone (working days count there). */
async function assertOffers(deps: Deps, facilityId: string, profile: string, path: string): Promise<string> {
  const f = await deps.db.selectFrom('facility').select(['profiles', 'active', 'time_zone']).where('id', '=', facilityId).executeTakeFirst();
  if (!f || !f.active || !f.profiles.includes(profile)) {
    throw new AppError('profile_not_offered', 422, { errors: [{ path, code: 'profile_not_offered', message: '' }] });
  }
  return f.time_zone;
}

function dueColumns(deps: Deps, urgency: string, submittedAt: Date, hubTimeZone: string) {
  const t = responseTarget(deps.config, urgency as Urgency, submittedAt, hubTimeZone);
  return { due_at: t.dueAt, due_for: t.dueFor };
}

/** The sides of a request the caller acts for, from their active facility and permissions. */
function sidesOf(principal: Principal, row: Pick<Row, 'referring_facility_id' | 'target_facility_id'>): Side[] {
  const sides: Side[] = [];
  if (principal.facilityId === row.referring_facility_id && principal.permissions.has('consultation.request')) sides.push('referrer');
  if (principal.facilityId === row.target_facility_id && principal.permissions.has('consultation.handle')) sides.push('hub');
  return sides;
}

/** The target hub takes part in the patient's care while it holds the request (policy: care relationship). */
export async function shareCareWith(db: Kysely<Database>, now: Date, row: Pick<Row, 'id' | 'patient_id'>, facilityId: string | null,
  endFor?: string): Promise<void> {
  if (endFor) {
    await db.updateTable('care_relationship').set({ ends_at: now })
      .where('source', '=', 'consultation').where('source_id', '=', row.id).where('facility_id', '=', endFor).where('ends_at', 'is', null).execute();
  }
  if (facilityId) {
    await db.insertInto('care_relationship').values({ patient_id: row.patient_id, facility_id: facilityId, user_id: null,
      source: 'consultation', source_id: row.id, ends_at: null }).execute();
  }
}

export async function createConsultation(deps: Deps, principal: Principal, input: ConsultationCreate, meta: RequestMeta) {
  const facilityId = principal.facilityId;
  if (!facilityId || !principal.permissions.has('consultation.request')) throw forbidden();
  await authorizePatient(deps, principal, input.patientId, 'read', 'consultation.create', meta);
  if (input.targetFacilityId === principal.facilityId) throw forbidden();
  const hubTimeZone = await assertOffers(deps, input.targetFacilityId, input.profile, 'body.profile');
  const status: ConsultationStatus = input.submit ? 'submitted' : 'draft';
  const now = deps.now();
  const row = await deps.db.transaction().execute(async (trx) => {
    const created = await trx.insertInto('consultation').values({
      patient_id: input.patientId, referring_facility_id: facilityId, referring_user_id: principal.userId,
      target_facility_id: input.targetFacilityId, profile: input.profile, urgency: input.urgency, mode: input.mode,
      question: input.question, summary: JSON.stringify(input.summary), status, submitted_at: input.submit ? now : null,
        ...(input.submit ? dueColumns(deps, input.urgency, now, hubTimeZone) : {}),
    }).returningAll().executeTakeFirstOrThrow();
    await trx.insertInto('consultation_event').values([
      { consultation_id: created.id, actor_user_id: principal.userId, action: 'create', from_status: null, to_status: 'draft', reason: null, details: null },
      ...(input.submit ? [{ consultation_id: created.id, actor_user_id: principal.userId, action: 'submit', from_status: 'draft', to_status: 'submitted',
        reason: null, details: null }] : []),
    ]).execute();
    if (input.submit) await shareCareWith(trx, now, created, created.target_facility_id);
    return created;
  });
  return getConsultation(deps, principal, row.id, meta);
}

export interface CaseAccess {
  row: Row;
  /** The sides the caller acts for; empty when they read under break-glass. */
  sides: Side[];
  breakGlass: boolean;
}

/**
 * Opens a case for a party to it: the referring facility's side, the holding hub's side, or a
 * consultant who joined the case. Anyone else gets 404 (ids cannot be probed), except under an
 * active break-glass for the patient, which is allowed and flagged. Audited either way.
 */
export async function openCase(deps: Deps, principal: Principal, id: string, meta: RequestMeta,
  audit: { action: string; resourceType?: string; resourceId?: string }): Promise<CaseAccess> {
  const row = await deps.db.selectFrom('consultation').selectAll().where('id', '=', id).executeTakeFirst();
  const base = { actorUserId: principal.userId, actorFacilityId: principal.facilityId, action: audit.action,
    resourceType: audit.resourceType ?? 'consultation', resourceId: audit.resourceId ?? id, ip: meta.ip };
  let sides: Side[] = [];
  let breakGlass = false;
  if (row && (row.status !== 'draft' || row.referring_user_id === principal.userId)) {
    sides = sidesOf(principal, row);
    if (sides.length === 0 && row.status !== 'draft') {
      const joined = await deps.db.selectFrom('consultation_participant').select('user_id')
        .where('consultation_id', '=', id).where('user_id', '=', principal.userId).executeTakeFirst();
      if (joined && principal.permissions.has('consultation.handle')) sides = ['hub'];
    }
    if (sides.length === 0 && row.status !== 'draft') {
      breakGlass = Boolean(await deps.db.selectFrom('break_glass').select('id').where('patient_id', '=', row.patient_id)
        .where('user_id', '=', principal.userId).where('expires_at', '>', deps.now()).executeTakeFirst());
    }
  }
  if (!row || (sides.length === 0 && !breakGlass)) {
    await deps.audit.record({ ...base, patientId: row?.patient_id ?? null, outcome: 'denied' });
    throw notFound();
  }
  await deps.audit.record({ ...base, outcome: 'success', patientId: row.patient_id, purpose: 'consultation',
    flagged: breakGlass, reason: breakGlass ? 'break-glass' : null });
  return { row, sides, breakGlass };
}

export async function getConsultation(deps: Deps, principal: Principal, id: string, meta: RequestMeta): Promise<Consultation> {
  const { row } = await openCase(deps, principal, id, meta, { action: 'consultation.read' });
  return describe(deps, row);
}

async function describe(deps: Deps, row: Row): Promise<Consultation> {
  const id = row.id;
  const events = await deps.db.selectFrom('consultation_event as e').innerJoin('app_user as u', 'u.id', 'e.actor_user_id')
    .select(['e.at', 'u.display_name', 'e.action', 'e.from_status', 'e.to_status', 'e.reason'])
    .where('e.consultation_id', '=', id).orderBy('e.id').execute();
  return {
    ...toDto(row),
    question: row.question,
    summary: row.summary as Consultation['summary'],
    history: events.map((e) => ({ at: e.at.toISOString(), actorName: e.display_name, action: e.action,
      fromStatus: e.from_status as ConsultationStatus | null, toStatus: e.to_status as ConsultationStatus, reason: e.reason })),
  };
}

function toDto(row: Row) {
  return {
    id: row.id, patientId: row.patient_id, referringFacilityId: row.referring_facility_id, referringUserId: row.referring_user_id,
    targetFacilityId: row.target_facility_id, profile: row.profile, urgency: row.urgency as Consultation['urgency'],
    mode: row.mode as Consultation['mode'], status: row.status as ConsultationStatus, version: row.version,
    scheduledAt: row.scheduled_at?.toISOString() ?? null, createdAt: row.created_at.toISOString(),
    submittedAt: row.submitted_at?.toISOString() ?? null,
  };
}

/** The hub's queue (incoming) or the referrer's own requests (outgoing): most urgent, then longest waiting, first. */
export async function listConsultations(deps: Deps, principal: Principal,
  query: { box?: 'incoming' | 'outgoing'; status?: ConsultationStatus; urgency?: string; profile?: string; limit: number }, meta: RequestMeta) {
  const q = { ...query, box: query.box ?? (principal.permissions.has('consultation.handle') ? 'incoming' : 'outgoing') };
  const need = q.box === 'incoming' ? 'consultation.handle' : 'consultation.request';
  if (!principal.facilityId || !principal.permissions.has(need)) throw forbidden();
  let rowsQuery = deps.db.selectFrom('consultation as c').innerJoin('patient as p', 'p.id', 'c.patient_id')
    .selectAll('c').select(['p.family_name', 'p.given_name']);
  if (q.box === 'incoming') {
    rowsQuery = rowsQuery.where('c.target_facility_id', '=', principal.facilityId).where('c.status', '!=', 'draft');
  } else {
    rowsQuery = rowsQuery.where('c.referring_facility_id', '=', principal.facilityId)
      .where((eb) => eb.or([eb('c.status', '!=', 'draft'), eb('c.referring_user_id', '=', principal.userId)]));
  }
  if (q.status) rowsQuery = rowsQuery.where('c.status', '=', q.status);
  if (q.urgency) rowsQuery = rowsQuery.where('c.urgency', '=', q.urgency);
  if (q.profile) rowsQuery = rowsQuery.where('c.profile', '=', q.profile);
  const rows = await rowsQuery
    .orderBy(sql`CASE c.urgency WHEN 'emergency' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END`)
    .orderBy(sql`coalesce(c.submitted_at, c.created_at)`)
    .limit(q.limit).execute();
  await deps.audit.record({ actorUserId: principal.userId, actorFacilityId: principal.facilityId, action: 'consultation.queue',
    outcome: 'success', resourceType: 'consultation', purpose: 'consultation', ip: meta.ip, details: { box: q.box, results: rows.length } });
  const now = deps.now().getTime();
  return {
    items: rows.map((r) => ({
      ...toDto(r),
      patientName: `${r.family_name} ${r.given_name}`,
      waitingMinutes: Math.max(0, Math.floor((now - (r.submitted_at ?? r.created_at).getTime()) / 60_000)),
    })),
  };
}

export async function transitionConsultation(deps: Deps, principal: Principal, id: string,
  input: { action: ConsultationAction; version: number; reason?: string; targetFacilityId?: string; scheduledAt?: string }, meta: RequestMeta) {
  const row = await deps.db.selectFrom('consultation').selectAll().where('id', '=', id).executeTakeFirst();
  const sides = row ? sidesOf(principal, row) : [];
  if (!row || sides.length === 0 || (row.status === 'draft' && row.referring_user_id !== principal.userId)) throw notFound();
  const check = checkTransition(row.status as ConsultationStatus, input.action, sides, Boolean(input.reason));
  if (!check.ok) {
    await deps.audit.record({ actorUserId: principal.userId, actorFacilityId: principal.facilityId, action: `consultation.${input.action}`,
      outcome: 'denied', patientId: row.patient_id, resourceType: 'consultation', resourceId: id, ip: meta.ip, details: { problem: check.problem } });
    if (check.problem === 'reason_required') throw new AppError('reason_required', 422, { errors: [{ path: 'body.reason', code: 'reason_required', message: '' }] });
    if (check.problem === 'wrong_side') throw forbidden();
    throw new AppError('illegal_transition', 409);
  }
  let target = row.target_facility_id;
  if (input.action === 'forward') {
    if (!input.targetFacilityId || input.targetFacilityId === row.target_facility_id || input.targetFacilityId === row.referring_facility_id) {
      throw new AppError('validation', 422, { errors: [{ path: 'body.targetFacilityId', code: 'invalid', message: '' }] });
    }
    await assertOffers(deps, input.targetFacilityId, row.profile, 'body.targetFacilityId');
    target = input.targetFacilityId;
  }
  const hubTimeZone = input.action === 'submit'
    ? (await deps.db.selectFrom('facility').select('time_zone').where('id', '=', target).executeTakeFirstOrThrow()).time_zone : null;
  if (input.action === 'schedule' && !input.scheduledAt) {
    throw new AppError('validation', 422, { errors: [{ path: 'body.scheduledAt', code: 'required', message: '' }] });
  }
  // Only the holder of the version it saw may change the request: of two coordinators acting at once, one wins.
  const now = deps.now();
  const updated = await deps.db.transaction().execute(async (trx) => {
    const next = await trx.updateTable('consultation').set((eb) => ({
      status: check.to, version: eb('version', '+', 1), target_facility_id: target, updated_at: now,
      ...(input.action === 'submit' ? { submitted_at: now, ...dueColumns(deps, row.urgency, now, hubTimeZone!) } : {}),
      ...(input.action === 'accept' ? { accepted_at: now } : {}),
      ...(input.action === 'schedule' ? { scheduled_at: new Date(input.scheduledAt!) } : {}),
    })).where('id', '=', id).where('version', '=', input.version).returningAll().executeTakeFirst();
    if (!next) throw conflict();
    await trx.insertInto('consultation_event').values({ consultation_id: id, actor_user_id: principal.userId, action: input.action,
      from_status: row.status, to_status: check.to, reason: input.reason ?? null,
      details: input.action === 'forward' ? JSON.stringify({ from: row.target_facility_id, to: target }) : null }).execute();
    if (input.action === 'submit') await shareCareWith(trx, now, next, next.target_facility_id);
    if (input.action === 'forward') await shareCareWith(trx, now, next, target, row.target_facility_id);
    if (check.to === 'declined' || check.to === 'cancelled') await shareCareWith(trx, now, next, null, row.target_facility_id);
    return next;
  });
  await deps.audit.record({ actorUserId: principal.userId, actorFacilityId: principal.facilityId, action: `consultation.${input.action}`,
    outcome: 'success', patientId: row.patient_id, resourceType: 'consultation', resourceId: id, purpose: 'consultation',
    reason: input.reason ?? null, ip: meta.ip });
  // Described directly: after a forward the caller's facility no longer holds the request.
  return describe(deps, updated);
}

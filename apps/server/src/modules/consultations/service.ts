import type { Consultation, ConsultationAction, ConsultationCase, ConsultationCreate, ConsultationStatus } from '@telemed/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { Deps, RequestMeta } from '../../platform/deps.ts';
import type { ConsultationTable, Database } from '../../platform/db-types.ts';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors.ts';
import type { Principal } from '../../platform/policy.ts';
import { listCaseAttachments } from '../attachments/service.ts';
import { authorizePatient } from '../patients/access.ts';
import { checkTransition, type Side } from './lifecycle.ts';
import { noticeOffline } from './notices.ts';
import { routeRequest } from './routing.ts';
import { responseTarget, type Urgency } from './targets.ts';

export type Row = Selectable<ConsultationTable>;

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
export function sidesOf(principal: Principal, row: Pick<Row, 'referring_facility_id' | 'target_facility_id'>): Side[] {
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

/** One line of a case's history; every change to a case writes one (real-time delivery reads them). */
export async function recordEvent(db: Kysely<Database>, e: { consultationId: string; actorUserId: string | null; action: string;
  from: string | null; to: string; reason?: string | null; details?: Record<string, unknown> | null }): Promise<void> {
  await db.insertInto('consultation_event').values({ consultation_id: e.consultationId, actor_user_id: e.actorUserId, action: e.action,
    from_status: e.from, to_status: e.to, reason: e.reason ?? null, details: e.details ? JSON.stringify(e.details) : null }).execute();
}

export async function createConsultation(deps: Deps, principal: Principal, input: ConsultationCreate, meta: RequestMeta) {
  const facilityId = principal.facilityId;
  if (!facilityId || !principal.permissions.has('consultation.request')) throw forbidden();
  await authorizePatient(deps, principal, input.patientId, 'start_care', 'consultation.create', meta);
  const routed = !input.targetFacilityId;
  const targetFacilityId = input.targetFacilityId ?? await routeRequest(deps.db, facilityId, input.profile);
  if (!targetFacilityId) throw new AppError('no_route', 422, { errors: [{ path: 'body.targetFacilityId', code: 'no_route', message: '' }] });
  if (targetFacilityId === facilityId) throw forbidden();
  const hubTimeZone = await assertOffers(deps, targetFacilityId, input.profile, 'body.profile');
  const status: ConsultationStatus = input.submit ? 'submitted' : 'draft';
  const now = deps.now();
  const row = await deps.db.transaction().execute(async (trx) => {
    const created = await trx.insertInto('consultation').values({
      patient_id: input.patientId, referring_facility_id: facilityId, referring_user_id: principal.userId,
      target_facility_id: targetFacilityId, profile: input.profile, urgency: input.urgency, mode: input.mode, routed,
      question: input.question, summary: JSON.stringify(input.summary), status, submitted_at: input.submit ? now : null,
      ...(input.submit ? dueColumns(deps, input.urgency, now, hubTimeZone) : {}),
    }).returningAll().executeTakeFirstOrThrow();
    if (input.observations.length > 0) {
      await trx.insertInto('consultation_observation').values(input.observations.map((o) => ({ consultation_id: created.id, loinc: o.loinc,
        value: o.value, unit: o.unit, effective_at: new Date(o.effectiveAt), recorded_by: principal.userId }))).execute();
    }
    await recordEvent(trx, { consultationId: created.id, actorUserId: principal.userId, action: 'create', from: null, to: 'draft',
      details: routed ? { routed: true } : null });
    if (input.submit) {
      await recordEvent(trx, { consultationId: created.id, actorUserId: principal.userId, action: 'submit', from: 'draft', to: 'submitted' });
      await shareCareWith(trx, now, created, created.target_facility_id);
    }
    return created;
  });
  if (row.due_at) await deps.escalations?.schedule(row.id, row.due_at);
  if (input.submit) noticeOffline(deps, row, 'submit', principal);
  return describeCase(deps, principal, row);
}

export interface CaseAccess {
  row: Row;
  /** The sides the caller acts for; empty when they read under break-glass. */
  sides: Side[];
  /** Acts for the hub only as a consultant who joined the case from another facility (see ConsultationCase.guest). */
  guest: boolean;
  breakGlass: boolean;
}

/** What a consultant who joined the case from another facility may do to its status: begin the session they take part in. */
const GUEST_ACTIONS: readonly ConsultationAction[] = ['start'];

async function isParticipant(deps: Deps, consultationId: string, userId: string): Promise<boolean> {
  return Boolean(await deps.db.selectFrom('consultation_participant').select('user_id')
    .where('consultation_id', '=', consultationId).where('user_id', '=', userId).executeTakeFirst());
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
  let guest = false;
  let breakGlass = false;
  if (row && (row.status !== 'draft' || row.referring_user_id === principal.userId)) {
    sides = sidesOf(principal, row);
    if (sides.length === 0 && row.status !== 'draft' && principal.permissions.has('consultation.handle')
      && await isParticipant(deps, id, principal.userId)) {
      sides = ['hub'];
      guest = true;
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
  return { row, sides, guest, breakGlass };
}

export async function getConsultation(deps: Deps, principal: Principal, id: string, meta: RequestMeta): Promise<ConsultationCase> {
  const access = await openCase(deps, principal, id, meta, { action: 'consultation.read' });
  return describeCase(deps, principal, access.row, access.sides, access.guest);
}

function toDto(row: Row) {
  return {
    id: row.id, patientId: row.patient_id, referringFacilityId: row.referring_facility_id, referringUserId: row.referring_user_id,
    targetFacilityId: row.target_facility_id, profile: row.profile, urgency: row.urgency as Consultation['urgency'],
    mode: row.mode as Consultation['mode'], status: row.status as ConsultationStatus, version: row.version,
    scheduledAt: row.scheduled_at?.toISOString() ?? null, createdAt: row.created_at.toISOString(),
    submittedAt: row.submitted_at?.toISOString() ?? null, acceptedAt: row.accepted_at?.toISOString() ?? null,
    concludedAt: row.concluded_at?.toISOString() ?? null, acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
    dueAt: row.due_at?.toISOString() ?? null, dueFor: row.due_for, escalated: row.escalated_at !== null, routed: row.routed,
    assignedUserId: row.assigned_user_id,
  };
}

/** The whole case (request, history, conclusion, messages, lab values, participants) for a caller already let in. */
export async function describeCase(deps: Deps, principal: Principal, row: Row, sides?: Side[], guest = false): Promise<ConsultationCase> {
  const id = row.id;
  const [events, patient, conclusion, addenda, messages, observations, participants, attachments] = await Promise.all([
    deps.db.selectFrom('consultation_event as e').leftJoin('app_user as u', 'u.id', 'e.actor_user_id')
      .select(['e.at', 'u.display_name', 'e.action', 'e.from_status', 'e.to_status', 'e.reason'])
      .where('e.consultation_id', '=', id).orderBy('e.id').execute(),
    deps.db.selectFrom('patient').select(['family_name', 'given_name', 'birth_date', 'sex']).where('id', '=', row.patient_id).executeTakeFirstOrThrow(),
    deps.db.selectFrom('consultation_conclusion').selectAll().where('consultation_id', '=', id).executeTakeFirst(),
    deps.db.selectFrom('consultation_addendum').selectAll().where('consultation_id', '=', id).orderBy('id').execute(),
    deps.db.selectFrom('consultation_message as m').innerJoin('app_user as u', 'u.id', 'm.author_user_id')
      .select(['m.id', 'm.parent_id', 'u.display_name', 'm.author_facility_id', 'm.kind', 'm.body', 'm.at'])
      .where('m.consultation_id', '=', id).orderBy('m.at').orderBy('m.id').execute(),
    deps.db.selectFrom('consultation_observation').select(['loinc', 'value', 'unit', 'effective_at'])
      .where('consultation_id', '=', id).orderBy('loinc').orderBy('effective_at').execute(),
    deps.db.selectFrom('consultation_participant as p').innerJoin('app_user as u', 'u.id', 'p.user_id')
      .select(['p.user_id', 'u.display_name', 'p.facility_id', 'p.joined_at'])
      .where('p.consultation_id', '=', id).orderBy('p.joined_at').execute(),
    listCaseAttachments(deps.db, id),
  ]);
  return {
    ...toDto(row),
    question: row.question,
    summary: row.summary as Consultation['summary'],
    patientName: `${patient.family_name} ${patient.given_name}`,
    patientBirthDate: patient.birth_date,
    patientSex: patient.sex,
    history: events.map((e) => ({ at: e.at.toISOString(), actorName: e.display_name, action: e.action,
      fromStatus: e.from_status as ConsultationStatus | null, toStatus: e.to_status as ConsultationStatus, reason: e.reason })),
    conclusion: conclusion ? {
      authorUserId: conclusion.author_user_id, authorName: conclusion.author_name, diagnosis: conclusion.diagnosis,
      recommendations: conclusion.recommendations, transfer: conclusion.transfer, transferNote: conclusion.transfer_note,
      followUp: conclusion.follow_up, signedAt: conclusion.signed_at.toISOString(), contentSha256: conclusion.content_sha256,
      addenda: addenda.map((a) => ({ authorName: a.author_name, body: a.body, signedAt: a.signed_at.toISOString(), contentSha256: a.content_sha256 })),
    } : null,
    messages: messages.map((m) => ({ id: m.id, parentId: m.parent_id, authorName: m.display_name, authorFacilityId: m.author_facility_id,
      kind: m.kind as 'message' | 'info_request', body: m.body, at: m.at.toISOString() })),
    observations: observations.map((o) => ({ loinc: o.loinc, value: Number(o.value), unit: o.unit, effectiveAt: o.effective_at.toISOString() })),
    participants: participants.map((p) => ({ userId: p.user_id, name: p.display_name, facilityId: p.facility_id, joinedAt: p.joined_at.toISOString() })),
    attachments,
    sides: sides ?? sidesOf(principal, row),
    guest,
  };
}

export async function transitionConsultation(deps: Deps, principal: Principal, id: string,
  input: { action: ConsultationAction; version: number; reason?: string; targetFacilityId?: string; scheduledAt?: string }, meta: RequestMeta) {
  const row = await deps.db.selectFrom('consultation').selectAll().where('id', '=', id).executeTakeFirst();
  let sides = row ? sidesOf(principal, row) : [];
  let guest = false;
  if (row && sides.length === 0 && row.status !== 'draft' && principal.permissions.has('consultation.handle')
    && await isParticipant(deps, id, principal.userId)) {
    sides = ['hub'];
    guest = true;
  }
  if (!row || sides.length === 0 || (row.status === 'draft' && row.referring_user_id !== principal.userId)) throw notFound();
  const check: ReturnType<typeof checkTransition> = guest && !GUEST_ACTIONS.includes(input.action)
    ? { ok: false, problem: 'wrong_side' } : checkTransition(row.status as ConsultationStatus, input.action, sides, Boolean(input.reason));
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
      ...(input.action === 'acknowledge' ? { acknowledged_at: now } : {}),
      ...(input.action === 'schedule' ? { scheduled_at: new Date(input.scheduledAt!) } : {}),
    })).where('id', '=', id).where('version', '=', input.version).returningAll().executeTakeFirst();
    if (!next) throw conflict();
    await recordEvent(trx, { consultationId: id, actorUserId: principal.userId, action: input.action, from: row.status, to: check.to,
      reason: input.reason, details: input.action === 'forward' ? { from: row.target_facility_id, to: target } : null });
    if (input.action === 'submit') await shareCareWith(trx, now, next, next.target_facility_id);
    if (input.action === 'forward') await shareCareWith(trx, now, next, target, row.target_facility_id);
    if (check.to === 'declined' || check.to === 'cancelled') await shareCareWith(trx, now, next, null, row.target_facility_id);
    return next;
  });
  if (input.action === 'submit' && updated.due_at) await deps.escalations?.schedule(id, updated.due_at);
  await deps.audit.record({ actorUserId: principal.userId, actorFacilityId: principal.facilityId, action: `consultation.${input.action}`,
    outcome: 'success', patientId: row.patient_id, resourceType: 'consultation', resourceId: id, purpose: 'consultation',
    reason: input.reason ?? null, ip: meta.ip });
  noticeOffline(deps, updated, input.action, principal);
  // Described directly: after a forward the caller's facility no longer holds the request.
  return describeCase(deps, principal, updated, sides, guest);
}

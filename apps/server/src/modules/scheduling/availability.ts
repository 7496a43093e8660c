import type { AvailabilityExceptionInput, AvailabilityRuleInput, LocalizedName } from '@telemed/contracts';
import { sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import type { Deps, RequestMeta } from '../../platform/deps.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import { canManageAvailability, isClinicalRole, type Principal } from '../../platform/policy.ts';
import type { AvailabilityException, WeeklyRule } from './slots.ts';

const CLINICAL = ['consultant', 'radiologist'];

export interface ClinicianFacility {
  id: string;
  name: LocalizedName;
  timeZone: string;
  profiles: string[];
}

/** The active facilities where a user works in a clinical role. */
export async function clinicianFacilities(db: Db, clinicianId: string): Promise<ClinicianFacility[]> {
  const rows = await db.selectFrom('membership as m').innerJoin('facility as f', 'f.id', 'm.facility_id')
    .select(['f.id', 'f.name_kk', 'f.name_ru', 'f.name_uz', 'f.name_en', 'f.time_zone', 'f.profiles'])
    .where('m.user_id', '=', clinicianId).where('m.role', 'in', CLINICAL).where('f.active', '=', true)
    .distinct().orderBy('f.name_en').execute();
  return rows.map((f) => ({ id: f.id, name: { kk: f.name_kk, ru: f.name_ru, uz: f.name_uz, en: f.name_en }, timeZone: f.time_zone, profiles: f.profiles }));
}

function fieldError(code: 'not_a_clinician_here' | 'profile_not_offered', path: string): AppError {
  return new AppError(code, 422, { errors: [{ path, code, message: '' }] });
}

/** The policy decides who may act; the registry decides whether the clinician works there and the facility offers the profile. */
async function assertManageable(deps: Deps, principal: Principal, clinicianId: string, facilityId: string, profile?: string): Promise<void> {
  if (!canManageAvailability(principal, clinicianId, facilityId)) throw forbidden();
  const facility = (await clinicianFacilities(deps.db, clinicianId)).find((f) => f.id === facilityId);
  if (!facility) throw fieldError('not_a_clinician_here', 'body.clinicianId');
  if (profile !== undefined && !facility.profiles.includes(profile)) throw fieldError('profile_not_offered', 'body.profile');
}

const ruleColumns = ['id', 'clinician_id', 'facility_id', 'profile', 'weekday', 'slot_minutes', 'valid_from', 'valid_to'] as const;
const hhmm = (column: string) => sql<string>`to_char(${sql.ref(column)}, 'HH24:MI')`;
const localIso = (column: string) => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD"T"HH24:MI')`;

function toRule(r: { id: string; clinician_id: string; facility_id: string; profile: string; weekday: number; start_time: string; end_time: string;
  slot_minutes: number; valid_from: string; valid_to: string | null }) {
  return { id: r.id, clinicianId: r.clinician_id, facilityId: r.facility_id, profile: r.profile, weekday: r.weekday, startTime: r.start_time,
    endTime: r.end_time, slotMinutes: r.slot_minutes, validFrom: r.valid_from, validTo: r.valid_to };
}

function toException(e: { id: string; clinician_id: string; facility_id: string; kind: 'off' | 'extra'; local_start: string; local_end: string;
  slot_minutes: number | null; profile: string | null; note?: string | null }) {
  return { id: e.id, clinicianId: e.clinician_id, facilityId: e.facility_id, kind: e.kind, localStart: e.local_start, localEnd: e.local_end,
    slotMinutes: e.slot_minutes, profile: e.profile, note: e.note ?? null };
}

/** Rules valid on some day of from … to, for the given clinicians or for one facility's profile. */
export async function loadRules(db: Db, where: { clinicianIds?: string[]; facilityId?: string; profile?: string }, from: string, to: string)
  : Promise<(WeeklyRule & { id: string })[]> {
  let q = db.selectFrom('availability_rule').select([...ruleColumns, hhmm('start_time').as('start_time'), hhmm('end_time').as('end_time')])
    .where('valid_from', '<=', to).where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', from)]));
  if (where.clinicianIds) q = q.where('clinician_id', 'in', where.clinicianIds.length ? where.clinicianIds : ['00000000-0000-0000-0000-000000000000']);
  if (where.facilityId) q = q.where('facility_id', '=', where.facilityId);
  if (where.profile) q = q.where('profile', '=', where.profile);
  // Only hours a clinician still keeps: an active user with a clinical role at the facility.
  q = q.where((eb) => eb.exists(eb.selectFrom('membership as m').innerJoin('app_user as u', 'u.id', 'm.user_id').select('m.user_id')
    .whereRef('m.user_id', '=', 'availability_rule.clinician_id').whereRef('m.facility_id', '=', 'availability_rule.facility_id')
    .where('m.role', 'in', CLINICAL).where('u.active', '=', true)));
  return (await q.orderBy('weekday').orderBy('start_time').execute()).map(toRule);
}

/** Exceptions of the clinicians that touch the local dates from … to (a day of margin either side). */
export async function loadExceptions(db: Db, clinicianIds: string[], from: string, to: string): Promise<AvailabilityException[]> {
  if (clinicianIds.length === 0) return [];
  const rows = await db.selectFrom('availability_exception')
    .select(['id', 'clinician_id', 'facility_id', 'kind', 'slot_minutes', 'profile', localIso('local_start').as('local_start'), localIso('local_end').as('local_end')])
    .where('clinician_id', 'in', clinicianIds)
    .where(sql<boolean>`local_start < ${to}::date + 2`).where(sql<boolean>`local_end > ${from}::date - 1`).execute();
  return rows.map(toException);
}

export async function getAvailability(deps: Deps, principal: Principal, clinicianId: string, facilityId?: string) {
  const facilities = (await clinicianFacilities(deps.db, clinicianId))
    .filter((f) => (!facilityId || f.id === facilityId) && canManageAvailability(principal, clinicianId, f.id));
  // A clinician's own hours, or a facility administrator's: nobody else learns whether the person exists.
  if (facilities.length === 0 && !(principal.userId === clinicianId && principal.role && isClinicalRole(principal.role))) throw notFound();
  const ids = facilities.map((f) => f.id);
  const none = ['00000000-0000-0000-0000-000000000000'];
  const [rules, exceptions] = await Promise.all([
    deps.db.selectFrom('availability_rule').select([...ruleColumns, hhmm('start_time').as('start_time'), hhmm('end_time').as('end_time')])
      .where('clinician_id', '=', clinicianId).where('facility_id', 'in', ids.length ? ids : none).orderBy('weekday').orderBy('start_time').execute(),
    deps.db.selectFrom('availability_exception')
      .select(['id', 'clinician_id', 'facility_id', 'kind', 'slot_minutes', 'profile', 'note', localIso('local_start').as('local_start'),
        localIso('local_end').as('local_end')])
      .where('clinician_id', '=', clinicianId).where('facility_id', 'in', ids.length ? ids : none)
      .where(sql<boolean>`local_end > now() - interval '1 day'`).orderBy('local_start').execute(),
  ]);
  return { clinicianId, facilities, rules: rules.map(toRule), exceptions: exceptions.map(toException) };
}

export async function addRule(deps: Deps, principal: Principal, input: AvailabilityRuleInput, meta: RequestMeta) {
  await assertManageable(deps, principal, input.clinicianId, input.facilityId, input.profile);
  const row = await deps.db.insertInto('availability_rule').values({
    clinician_id: input.clinicianId, facility_id: input.facilityId, profile: input.profile, weekday: input.weekday, start_time: input.startTime,
    end_time: input.endTime, slot_minutes: input.slotMinutes, valid_from: input.validFrom, valid_to: input.validTo, created_by: principal.userId,
  }).returning('id').executeTakeFirstOrThrow();
  await recordChange(deps, principal, 'availability.rule.add', row.id, input.facilityId, meta);
  return getAvailability(deps, principal, input.clinicianId);
}

export async function addException(deps: Deps, principal: Principal, input: AvailabilityExceptionInput, meta: RequestMeta) {
  await assertManageable(deps, principal, input.clinicianId, input.facilityId, input.kind === 'extra' ? input.profile : undefined);
  const row = await deps.db.insertInto('availability_exception').values({
    clinician_id: input.clinicianId, facility_id: input.facilityId, kind: input.kind, local_start: input.localStart, local_end: input.localEnd,
    slot_minutes: input.kind === 'extra' ? input.slotMinutes! : null, profile: input.kind === 'extra' ? input.profile! : null,
    note: input.note ?? null, created_by: principal.userId,
  }).returning('id').executeTakeFirstOrThrow();
  await recordChange(deps, principal, 'availability.exception.add', row.id, input.facilityId, meta);
  return getAvailability(deps, principal, input.clinicianId);
}

/** Removes a rule or an exception; booked appointments stay booked (they are cancelled on their own, with notice). */
export async function removeAvailability(deps: Deps, principal: Principal, table: 'availability_rule' | 'availability_exception', id: string,
  meta: RequestMeta) {
  const row = await deps.db.selectFrom(table).select(['clinician_id', 'facility_id']).where('id', '=', id).executeTakeFirst();
  if (!row || !canManageAvailability(principal, row.clinician_id, row.facility_id)) throw notFound();
  await deps.db.deleteFrom(table).where('id', '=', id).execute();
  await recordChange(deps, principal, table === 'availability_rule' ? 'availability.rule.remove' : 'availability.exception.remove', id, row.facility_id, meta);
  return getAvailability(deps, principal, row.clinician_id);
}

async function recordChange(deps: Deps, principal: Principal, action: string, id: string, facilityId: string, meta: RequestMeta) {
  await deps.audit.record({ actorUserId: principal.userId, actorFacilityId: principal.facilityId, action, outcome: 'success',
    resourceType: 'availability', resourceId: id, ip: meta.ip, details: { facilityId } });
}

import type { PatientInput } from '@telemed/contracts';
import { type ExpressionBuilder, sql } from 'kysely';
import type { Database } from '../../platform/db-types.ts';
import type { Deps, RequestMeta } from '../../platform/deps.ts';
import { AppError, forbidden, onUniqueViolation } from '../../platform/errors.ts';
import type { Principal } from '../../platform/policy.ts';
import { authorizePatient } from './access.ts';
import { SUMMARY_COLUMNS, toPatient, toSummary } from './mapping.ts';
import { nameKey, nameKeyTokens } from './name-key.ts';
import { type NationalIdType, validateNationalId } from './national-id.ts';

export function patientNameKey(p: Pick<PatientInput, 'familyName' | 'givenName' | 'middleName' | 'familyNameLatin' | 'givenNameLatin'>): string {
  return [...new Set([p.familyName, p.givenName, p.middleName, p.familyNameLatin, p.givenNameLatin]
    .filter(Boolean).flatMap((n) => nameKeyTokens(n!)))].join(' ');
}

/** The record's columns from the form, shared by registration and change (the home facility is set once). */
function patientColumns(input: PatientInput, nid: { type: string; value: string } | null) {
  return {
    family_name: input.familyName,
    given_name: input.givenName,
    middle_name: input.middleName ?? null,
    family_name_latin: input.familyNameLatin ?? null,
    given_name_latin: input.givenNameLatin ?? null,
    birth_date: input.birthDate,
    sex: input.sex,
    national_id_type: nid?.type ?? null,
    national_id: nid?.value ?? null,
    phone: input.phone ?? null,
    email: input.email ?? null,
    address: input.address ?? null,
    preferred_language: input.preferredLanguage,
    name_key: patientNameKey(input),
  };
}

/** Checks the national identifier's check digit and that it agrees with the birth date and sex given. */
function checkNationalId(input: PatientInput): { type: string; value: string } | null {
  if (!input.nationalId && !input.nationalIdType) return null;
  const path = 'body.nationalId';
  if (!input.nationalId || !input.nationalIdType) throw new AppError('validation', 400, { errors: [{ path, code: 'required', message: '' }] });
  const { normalized } = checkNationalIdAgrees(input.nationalIdType, input.nationalId, input, path);
  return { type: input.nationalIdType, value: normalized };
}

/**
 * One identifier against the person's birth date (and sex, when known): a wrong check digit, an
 * impossible date or a contradiction is refused on `path`. Returns the normalized number and the sex it encodes.
 */
export function checkNationalIdAgrees(type: NationalIdType, value: string, person: { birthDate: string; sex?: string }, path: string) {
  const result = validateNationalId(type, value);
  if (!result.ok) {
    const code = result.reason === 'checksum' ? 'national_id_checksum' : result.reason === 'date' ? 'national_id_date' : 'national_id_format';
    throw new AppError(code, 422, { errors: [{ path, code, message: '' }] });
  }
  if ((result.birthDate && result.birthDate !== person.birthDate) || (result.sex && (person.sex === 'male' || person.sex === 'female') && result.sex !== person.sex)) {
    throw new AppError('national_id_mismatch', 422, { errors: [{ path, code: 'national_id_mismatch', message: '' }] });
  }
  return { normalized: result.normalized, sex: result.sex };
}

/**
 * What a typed search means, for a query on `patient`: the start of a national identifier when it is
 * digits, otherwise every word of a name in any spelling (Cyrillic or Latin, by ear). Null when nothing
 * in the text can match. Shared by the patient search and the audit browser's filter by patient.
 */
export function patientMatch(q: string) {
  const digits = q.replace(/[\s-]/g, '');
  if (/^\d{6,14}$/.test(digits)) {
    return (eb: ExpressionBuilder<Database, 'patient'>) => eb('patient.national_id', 'like', `${digits}%`);
  }
  const tokens = nameKeyTokens(q);
  if (tokens.length === 0) return null;
  return (eb: ExpressionBuilder<Database, 'patient'>) => eb.and(tokens.map((t) => eb('patient.name_key', 'like', `%${t}%`)));
}

/** Patients in the caller's care whose names (in any spelling) or identifier match. */
export async function searchPatients(deps: Deps, principal: Principal, q: string, limit: number, meta: RequestMeta) {
  const facilityId = principal.facilityId;
  if (!facilityId) throw forbidden();
  const match = patientMatch(q);
  if (!match) return { items: [] };
  const query = deps.db.selectFrom('patient').select(SUMMARY_COLUMNS)
    .where((eb) => inCare(eb, deps, facilityId, principal.userId)).where(match);
  const rows = await query.orderBy('family_name').orderBy('given_name').limit(limit).execute();
  await deps.audit.record({ actorUserId: principal.userId, actorFacilityId: facilityId, action: 'patient.search', outcome: 'success',
    resourceType: 'patient', purpose: meta.purpose ?? 'treatment', ip: meta.ip, details: { results: rows.length } });
  return { items: rows.map(toSummary) };
}

export async function getPatient(deps: Deps, principal: Principal, id: string, meta: RequestMeta) {
  const { patient } = await authorizePatient(deps, principal, id, 'read', 'patient.read', meta);
  return toPatient(patient);
}

/** A patient registered at the facility, or whose care it or the user take part in (the same scope as search). */
function inCare(eb: ExpressionBuilder<Database, 'patient'>, deps: Deps, facilityId: string, userId: string) {
  return eb.or([
    eb('home_facility_id', '=', facilityId),
    eb.exists(eb.selectFrom('care_relationship as c').select(sql.lit(1).as('one')).whereRef('c.patient_id', '=', 'patient.id')
      .where((w) => w.or([w('c.facility_id', '=', facilityId), w('c.user_id', '=', userId)]))
      .where((w) => w.or([w('c.ends_at', 'is', null), w('c.ends_at', '>', deps.now())]))),
  ]);
}

/**
 * Likely duplicates of a new record: those in the caller's care in full, and only how many there are
 * elsewhere in the network, so registering a patient is not a way to look up another facility's patients.
 */
async function findDuplicates(deps: Deps, principal: Principal, input: PatientInput, excludeId?: string) {
  const family = nameKey(input.familyName);
  const given = nameKey(input.givenName);
  let q = deps.db.selectFrom('patient')
    .where('birth_date', '=', input.birthDate)
    // Records patients made themselves are seen by staff only through a care relationship.
    .where('self_registered', '=', false)
    .where('name_key', 'like', `%${family}%`)
    .where('name_key', 'like', `%${given}%`);
  if (excludeId) q = q.where('id', '!=', excludeId);
  const facilityId = principal.facilityId ?? '';
  const candidates = (await q.select(SUMMARY_COLUMNS).where((eb) => inCare(eb, deps, facilityId, principal.userId)).limit(10).execute()).map(toSummary);
  const { n } = await q.select((eb) => eb.fn.countAll<string>().as('n')).where((eb) => eb.not(inCare(eb, deps, facilityId, principal.userId)))
    .executeTakeFirstOrThrow();
  return { candidates, elsewhere: Number(n) };
}

export async function createPatient(deps: Deps, principal: Principal, input: PatientInput, meta: RequestMeta) {
  // Staff register patients at the facility they are acting for.
  if (principal.facilityId !== input.homeFacilityId) throw forbidden();
  const nid = checkNationalId(input);
  if (nid) {
    const taken = await deps.db.selectFrom('patient').select('id').where('national_id_type', '=', nid.type)
      .where('national_id', '=', nid.value).where('self_registered', '=', false).executeTakeFirst();
    if (taken) throw new AppError('national_id_taken', 409, { errors: [{ path: 'body.nationalId', code: 'national_id_taken', message: '' }] });
  }
  if (!input.confirmNotDuplicate) {
    const { candidates, elsewhere } = await findDuplicates(deps, principal, input);
    if (candidates.length > 0 || elsewhere > 0) {
      await deps.audit.record({ actorUserId: principal.userId, actorFacilityId: principal.facilityId, action: 'patient.duplicate_check',
        outcome: 'success', resourceType: 'patient', ip: meta.ip, details: { candidates: candidates.map((c) => c.id), elsewhere } });
      throw new AppError('possible_duplicate', 409, { extra: { candidates, elsewhere } });
    }
  }
  const row = await deps.db.insertInto('patient').values({
    ...patientColumns(input, nid),
    home_facility_id: input.homeFacilityId,
    created_by: principal.userId,
  }).returningAll().executeTakeFirst().catch(onUniqueViolation('national_id_taken', 'body.nationalId'));
  await deps.audit.record({ actorUserId: principal.userId, actorFacilityId: principal.facilityId, action: 'patient.create',
    outcome: 'success', patientId: row!.id, resourceType: 'patient', resourceId: row!.id, purpose: 'treatment', ip: meta.ip });
  return toPatient(row!);
}

export async function updatePatient(deps: Deps, principal: Principal, id: string, input: PatientInput, meta: RequestMeta) {
  await authorizePatient(deps, principal, id, 'write', 'patient.update', meta);
  const nid = checkNationalId(input);
  const row = await deps.db.updateTable('patient').set({
    ...patientColumns(input, nid),
    updated_at: deps.now(),
  }).where('id', '=', id).returningAll().executeTakeFirstOrThrow().catch(onUniqueViolation('national_id_taken', 'body.nationalId'));
  return toPatient(row);
}

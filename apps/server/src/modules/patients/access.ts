import type { Selectable } from 'kysely';
import type { PatientTable } from '../../platform/db-types.ts';
import type { Deps, RequestMeta } from '../../platform/deps.ts';
import { notFound } from '../../platform/errors.ts';
import { decidePatientAccess, denyPatient, type PatientAccess, type PatientFacts, type PatientNeed, type Principal } from '../../platform/policy.ts';

export interface FactsRow extends Selectable<PatientTable> {
  care_facilities: string[];
  care_users: string[];
  break_glass: boolean;
}

/**
 * Asks the policy whether the caller may read or change this patient, and writes the audit
 * record either way. Every use case that touches one patient's data goes through here.
 */
export async function authorizePatient(
  deps: Deps,
  principal: Principal,
  patientId: string,
  need: PatientNeed,
  action: string,
  meta: RequestMeta,
  resource?: { type: string; id: string },
): Promise<{ decision: PatientAccess; patient: Selectable<PatientTable> }> {
  const facts = await loadPatientFacts(deps, principal, patientId);
  const base = {
    actorUserId: principal.userId,
    actorFacilityId: principal.facilityId,
    action,
    patientId,
    resourceType: resource?.type ?? 'patient',
    resourceId: resource?.id ?? patientId,
    purpose: meta.purpose ?? 'treatment',
    ip: meta.ip,
  };
  // An unknown id answers 404; a known patient outside the caller's care answers 403 saying
  // whether break-glass is open to them, which the record's page needs to offer it. Patient ids
  // are random UUIDs, so the difference names no one; the refusal is audited and flagged.
  const decision: PatientAccess = facts
    ? decidePatientAccess(principal, patientFactsOf(facts), need)
    : 'deny';
  if (decision === 'deny') {
    await deps.audit.record({ ...base, patientId: facts ? patientId : null, outcome: 'denied', flagged: Boolean(facts) });
    throw facts ? denyPatient(principal) : notFound();
  }
  await deps.audit.record({ ...base, outcome: 'success', flagged: decision === 'break_glass',
    reason: decision === 'break_glass' ? 'break-glass' : null });
  return { decision, patient: facts! };
}

/** The patient's row with what the policy decides on (care facilities and users, the caller's break-glass); undefined if unknown. */
export async function loadPatientFacts(deps: Deps, principal: Principal, patientId: string): Promise<FactsRow | undefined> {
  // Named, so PostgreSQL plans it once per connection: this runs on every patient read.
  const { rows } = await deps.pool.query<FactsRow>({
    name: 'patient_access_facts',
    text: `SELECT p.*,
      coalesce((SELECT array_agg(DISTINCT c.facility_id) FROM care_relationship c
                 WHERE c.patient_id = p.id AND c.facility_id IS NOT NULL AND (c.ends_at IS NULL OR c.ends_at > $2)), '{}') AS care_facilities,
      coalesce((SELECT array_agg(DISTINCT c.user_id) FROM care_relationship c
                 WHERE c.patient_id = p.id AND c.user_id IS NOT NULL AND (c.ends_at IS NULL OR c.ends_at > $2)), '{}') AS care_users,
      EXISTS (SELECT 1 FROM break_glass b WHERE b.patient_id = p.id AND b.user_id = $3 AND b.expires_at > $2) AS break_glass
    FROM patient p WHERE p.id = $1`,
    values: [patientId, deps.now(), principal.userId],
  });
  return rows[0];
}

export function patientFactsOf(row: FactsRow): PatientFacts {
  return { patientId: row.id, homeFacilityId: row.home_facility_id, careFacilityIds: row.care_facilities, careUserIds: row.care_users,
    hasActiveBreakGlass: row.break_glass };
}

/**
 * Which of these patients the caller has in care (the policy's `care`, never break-glass), in one
 * query: for lists that show several patients' items (a facility's conversations). Not audited
 * here: a list is audited by the use case that shows it.
 */
export async function patientsInCare(deps: Deps, principal: Principal, patientIds: readonly string[]): Promise<Set<string>> {
  if (patientIds.length === 0) return new Set();
  const { rows } = await deps.pool.query<{ id: string; home_facility_id: string; care_facilities: string[]; care_users: string[] }>(
    `SELECT p.id, p.home_facility_id,
      coalesce((SELECT array_agg(DISTINCT c.facility_id) FROM care_relationship c
                 WHERE c.patient_id = p.id AND c.facility_id IS NOT NULL AND (c.ends_at IS NULL OR c.ends_at > $2)), '{}') AS care_facilities,
      coalesce((SELECT array_agg(DISTINCT c.user_id) FROM care_relationship c
                 WHERE c.patient_id = p.id AND c.user_id IS NOT NULL AND (c.ends_at IS NULL OR c.ends_at > $2)), '{}') AS care_users
    FROM patient p WHERE p.id = ANY($1::uuid[])`, [patientIds, deps.now()]);
  return new Set(rows.filter((r) => decidePatientAccess(principal, { patientId: r.id, homeFacilityId: r.home_facility_id,
    careFacilityIds: r.care_facilities, careUserIds: r.care_users, hasActiveBreakGlass: false }, 'read') === 'care').map((r) => r.id));
}

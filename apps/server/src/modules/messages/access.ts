import type { Selectable } from 'kysely';
import type { CareThreadTable } from '../../platform/db-types-portal.ts';
import type { Deps, RequestMeta } from '../../platform/deps.ts';
import { notFound } from '../../platform/errors.ts';
import { decideCareThreadAccess, type Principal } from '../../platform/policy.ts';
import { loadPatientFacts, patientFactsOf } from '../patients/access.ts';
import { appointmentFacilitiesOf } from '../scheduling/patient-facilities.ts';
import { visitFacilitiesOf } from '../visits/patient-facilities.ts';

export type ThreadRow = Selectable<CareThreadTable>;
export type Side = 'patient' | 'care_team';

/**
 * The care teams of patients: for each patient, the facilities where they have a booked
 * appointment or a visit, with the clinicians they see there (from the scheduling and visits modules).
 */
export async function careBasis(deps: Deps, patientIds: readonly string[]): Promise<Map<string, Map<string, Set<string>>>> {
  const [appointments, visits] = await Promise.all([appointmentFacilitiesOf(deps.db, patientIds), visitFacilitiesOf(deps.db, patientIds)]);
  const out = new Map<string, Map<string, Set<string>>>();
  const add = (patientId: string, facilityId: string, clinicians: readonly string[]) => {
    const facilities = out.get(patientId) ?? new Map<string, Set<string>>();
    const set = facilities.get(facilityId) ?? new Set<string>();
    for (const c of clinicians) set.add(c);
    facilities.set(facilityId, set);
    out.set(patientId, facilities);
  };
  for (const a of appointments) add(a.patientId, a.facilityId, [a.clinicianId]);
  for (const v of visits) add(v.patientId, v.facilityId, v.clinicianIds);
  return out;
}

/** Which side of the conversation of this patient with this facility the caller is on, or none (the policy decides). */
export async function decideThread(deps: Deps, principal: Principal, patientId: string, facilityId: string): Promise<Side | null> {
  const [facts, basis] = await Promise.all([loadPatientFacts(deps, principal, patientId), careBasis(deps, [patientId])]);
  if (!facts) return null;
  const side = decideCareThreadAccess(principal, { patientId, facilityId, hasVisitBasis: basis.get(patientId)?.has(facilityId) ?? false,
    patient: patientFactsOf(facts) });
  return side === 'deny' ? null : side;
}

export function auditThread(deps: Deps, principal: Principal, action: string, meta: RequestMeta,
  thread: { id: string; patient_id: string | null } | null, outcome: 'success' | 'denied' = 'success', details?: Record<string, unknown>) {
  return deps.audit.record({ actorUserId: principal.userId, actorFacilityId: principal.facilityId, action, outcome,
    patientId: thread?.patient_id ?? null, resourceType: 'care_thread', resourceId: thread?.id ?? null, purpose: meta.purpose ?? 'treatment',
    ip: meta.ip, details: details ?? null });
}

/**
 * Opens a conversation for the patient or their care team at its facility; anyone else is told it
 * does not exist. The refusal is audited here, the use (read, message) by the caller.
 */
export async function openThread(deps: Deps, principal: Principal, threadId: string, action: string, meta: RequestMeta):
  Promise<{ thread: ThreadRow; side: Side }> {
  const thread = await deps.db.selectFrom('care_thread').selectAll().where('id', '=', threadId).executeTakeFirst();
  const side = thread ? await decideThread(deps, principal, thread.patient_id, thread.facility_id) : null;
  if (!thread || !side) {
    await auditThread(deps, principal, action, meta, thread ?? { id: threadId, patient_id: null }, 'denied');
    throw notFound();
  }
  return { thread, side };
}

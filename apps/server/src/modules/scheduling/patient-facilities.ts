import type { Db } from '../../platform/db.ts';

/**
 * Where patients are booked: the facilities of their booked appointments (past or coming) and the
 * clinician of each. The messages module asks this to know which care teams a patient has.
 */
export async function appointmentFacilitiesOf(db: Db, patientIds: readonly string[]):
  Promise<{ patientId: string; facilityId: string; clinicianId: string }[]> {
  if (patientIds.length === 0) return [];
  const rows = await db.selectFrom('appointment').select(['patient_id', 'facility_id', 'clinician_id']).distinct()
    .where('patient_id', 'in', [...new Set(patientIds)]).where('status', '=', 'booked').execute();
  return rows.map((r) => ({ patientId: r.patient_id, facilityId: r.facility_id, clinicianId: r.clinician_id }));
}

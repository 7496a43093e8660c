import type { Db } from '../../platform/db.ts';

const CLINICAL_VISIT_ROLES = ['clinician', 'consultant', 'referring_doctor'];

/**
 * Where patients have had or will have a video visit (not cancelled), with the staff who took part
 * in a clinical role: the messages module asks this to know which care teams a patient has.
 */
export async function visitFacilitiesOf(db: Db, patientIds: readonly string[]):
  Promise<{ patientId: string; facilityId: string; clinicianIds: string[] }[]> {
  if (patientIds.length === 0) return [];
  const rows = await db.selectFrom('visit as v').leftJoin('visit_participant as p', (j) => j.onRef('p.visit_id', '=', 'v.id')
    .on('p.role', 'in', CLINICAL_VISIT_ROLES).on('p.user_id', 'is not', null).on('p.removed_at', 'is', null))
    .select(['v.patient_id', 'v.facility_id', 'p.user_id']).where('v.patient_id', 'in', [...new Set(patientIds)])
    .where('v.status', '!=', 'cancelled').execute();
  const by = new Map<string, { patientId: string; facilityId: string; clinicianIds: Set<string> }>();
  for (const r of rows) {
    const key = `${r.patient_id}|${r.facility_id}`;
    const entry = by.get(key) ?? { patientId: r.patient_id, facilityId: r.facility_id, clinicianIds: new Set<string>() };
    if (r.user_id) entry.clinicianIds.add(r.user_id);
    by.set(key, entry);
  }
  return [...by.values()].map((e) => ({ ...e, clinicianIds: [...e.clinicianIds] }));
}

/** Visits' patient, facility and time (scheduled, else when opened), for messages that refer to them. */
export async function visitReferences(db: Db, visitIds: readonly string[]) {
  if (visitIds.length === 0) return new Map<string, { id: string; patientId: string; facilityId: string; at: Date }>();
  const rows = await db.selectFrom('visit').select(['id', 'patient_id', 'facility_id', 'scheduled_at', 'created_at'])
    .where('id', 'in', [...new Set(visitIds)]).execute();
  return new Map(rows.map((v) => [v.id, { id: v.id, patientId: v.patient_id, facilityId: v.facility_id, at: v.scheduled_at ?? v.created_at }]));
}

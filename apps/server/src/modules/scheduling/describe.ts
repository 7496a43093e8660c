import type { Appointment } from '@telemed/contracts';
import type { Db } from '../../platform/db.ts';
import type { AppointmentRow } from './appointments.ts';

/** Appointments as the API shows them, with the names of the patient, the clinician and the facility (one query each, whatever the count). */
export async function describeAppointments(db: Db, rows: readonly AppointmentRow[]): Promise<Appointment[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [patients, clinicians, facilities, successors] = await Promise.all([
    db.selectFrom('patient').select(['id', 'family_name', 'given_name']).where('id', 'in', [...new Set(rows.map((r) => r.patient_id))]).execute(),
    db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', [...new Set(rows.map((r) => r.clinician_id))]).execute(),
    db.selectFrom('facility').select(['id', 'name_kk', 'name_ru', 'name_uz', 'name_en', 'time_zone'])
      .where('id', 'in', [...new Set(rows.map((r) => r.facility_id))]).execute(),
    db.selectFrom('appointment').select(['id', 'rescheduled_from']).where('rescheduled_from', 'in', ids).execute(),
  ]);
  const patient = new Map(patients.map((p) => [p.id, `${p.family_name} ${p.given_name}`]));
  const clinician = new Map(clinicians.map((c) => [c.id, c.display_name]));
  const facility = new Map(facilities.map((f) => [f.id, f]));
  const successor = new Map(successors.map((s) => [s.rescheduled_from!, s.id]));
  return rows.map((r) => {
    const f = facility.get(r.facility_id)!;
    return {
      id: r.id, status: r.status, patientId: r.patient_id, patientName: patient.get(r.patient_id) ?? '', clinicianId: r.clinician_id,
      clinicianName: clinician.get(r.clinician_id) ?? '', facilityId: r.facility_id,
      facilityName: { kk: f.name_kk, ru: f.name_ru, uz: f.name_uz, en: f.name_en }, timeZone: f.time_zone, profile: r.profile,
      startsAt: r.starts_at.toISOString(), endsAt: r.ends_at.toISOString(), reason: r.reason, bookedBy: r.booked_by,
      rescheduledFrom: r.rescheduled_from, rescheduledTo: successor.get(r.id) ?? null, visitId: r.visit_id, sequence: r.sequence,
      createdAt: r.created_at.toISOString(), cancelledAt: r.cancelled_at?.toISOString() ?? null,
    };
  });
}

import type { Visit } from '@telemed/contracts';
import type { Deps, RequestMeta } from '../../platform/deps.ts';
import { forbidden } from '../../platform/errors.ts';
import { mayOpenAppointmentVisit, type Principal } from '../../platform/policy.ts';
import { openAppointment } from '../scheduling/appointments.ts';
import { holdVisitForAppointment } from '../scheduling/visit-link.ts';
import { auditVisit, openVisit } from './access.ts';
import { describeVisit } from './service.ts';

/**
 * The video visit of a booked appointment, for its patient or its clinician: made on the first
 * call (the clinician admitted, the patient's accounts waiting to be let in), the same visit
 * afterwards, however many clicks arrive at once.
 */
export async function openVisitForAppointment(deps: Deps, principal: Principal, appointmentId: string, meta: RequestMeta): Promise<Visit> {
  const appt = await openAppointment(deps, principal, appointmentId, 'appointment.visit', meta);
  if (!mayOpenAppointmentVisit(principal, { patientId: appt.patient_id, clinicianId: appt.clinician_id, facilityId: appt.facility_id,
    bookedBy: appt.booked_by })) {
    throw forbidden();
  }
  const now = deps.now();
  const { visitId, created } = await holdVisitForAppointment(deps, appointmentId, async (trx, a) => {
    const clinician = await trx.selectFrom('app_user').select(['display_name', 'language']).where('id', '=', a.clinician_id).executeTakeFirstOrThrow();
    const patientUsers = await trx.selectFrom('app_user').select(['id', 'display_name', 'language'])
      .where('patient_id', '=', a.patient_id).where('active', '=', true).execute();
    const v = await trx.insertInto('visit').values({ facility_id: a.facility_id, patient_id: a.patient_id, consultation_id: null,
      appointment_id: a.id, scheduled_at: a.starts_at, created_by: a.clinician_id, started_at: null, ended_at: null })
      .returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('visit_participant').values([
      { visit_id: v.id, user_id: a.clinician_id, role: 'clinician', display_name: clinician.display_name, language: clinician.language,
        admitted_at: now, admitted_by: a.clinician_id, removed_at: null, pass_hash: null, pass_expires_at: null },
      ...patientUsers.map((u) => ({ visit_id: v.id, user_id: u.id, role: 'patient', display_name: u.display_name, language: u.language,
        admitted_at: null, admitted_by: null, removed_at: null, pass_hash: null, pass_expires_at: null })),
    ]).execute();
    return v.id;
  });
  if (!created && principal.patientId === appt.patient_id) await joinLatePatientAccount(deps, visitId, principal.userId);
  const opened = await openVisit(deps, { principal, pass: null }, visitId, 'read', meta, 'visit.read');
  await auditVisit(deps, opened, created ? 'visit.create' : 'visit.read', meta, { appointmentId });
  return describeVisit(deps, opened);
}

/**
 * A patient account made after the visit was (the patient signed up after the booking) joins it
 * the way the accounts present at its making did: waiting to be admitted. An existing row, even a
 * removed one, is left as it is, so a removed patient stays out.
 */
async function joinLatePatientAccount(deps: Deps, visitId: string, userId: string): Promise<void> {
  const user = await deps.db.selectFrom('app_user').select(['display_name', 'language']).where('id', '=', userId).where('active', '=', true)
    .executeTakeFirst();
  if (!user) return;
  await deps.db.insertInto('visit_participant').values({ visit_id: visitId, user_id: userId, role: 'patient', display_name: user.display_name,
    language: user.language, admitted_at: null, admitted_by: null, removed_at: null, pass_hash: null, pass_expires_at: null })
    .onConflict((oc) => oc.columns(['visit_id', 'user_id']).doNothing()).execute();
}

import type { Language } from '@telemed/contracts';
import type { Deps, RequestMeta } from '../../platform/deps.ts';
import { translate } from '../../platform/i18n.ts';
import type { Principal } from '../../platform/policy.ts';
import { openAppointment, type AppointmentRow } from './appointments.ts';
import { serializeIcs } from './ics.ts';

/**
 * The iCalendar invitation of an appointment for the party who asks: the event named after the
 * other party, the place in the caller's language. A moved appointment answers with its latest
 * successor (same UID, higher SEQUENCE); a cancelled one with METHOD:CANCEL.
 */
export async function appointmentInvite(deps: Deps, principal: Principal, id: string, meta: RequestMeta): Promise<{ ics: string; uid: string }> {
  let row: AppointmentRow = await openAppointment(deps, principal, id, 'appointment.invite', meta);
  for (let hops = 0; row.status === 'rescheduled' && hops < 100; hops++) {
    const next = await deps.db.selectFrom('appointment').selectAll().where('rescheduled_from', '=', row.id).executeTakeFirst();
    if (!next) break;
    row = next;
  }
  const [clinician, patient, patientAccount, facility] = await Promise.all([
    deps.db.selectFrom('app_user').select(['display_name', 'email']).where('id', '=', row.clinician_id).executeTakeFirstOrThrow(),
    deps.db.selectFrom('patient').select(['family_name', 'given_name', 'email']).where('id', '=', row.patient_id).executeTakeFirstOrThrow(),
    deps.db.selectFrom('app_user').select('email').where('patient_id', '=', row.patient_id).where('active', '=', true).executeTakeFirst(),
    deps.db.selectFrom('facility').select(['name_kk', 'name_ru', 'name_uz', 'name_en']).where('id', '=', row.facility_id).executeTakeFirstOrThrow(),
  ]);
  const lang: Language = principal.language;
  const patientName = `${patient.family_name} ${patient.given_name}`;
  const isPatient = principal.permissions.has('patient.self') && principal.patientId === row.patient_id;
  const patientEmail = patientAccount?.email ?? patient.email;
  const uid = `${row.ical_uid}@telemed.network`;
  const ics = serializeIcs({
    method: row.status === 'cancelled' ? 'CANCEL' : 'REQUEST',
    uid, sequence: row.sequence, stamp: deps.now(), start: row.starts_at, end: row.ends_at,
    summary: translate('ics_summary', lang, { name: isPatient ? clinician.display_name : patientName }),
    description: translate('ics_description', lang),
    location: facility[`name_${lang}`],
    organizer: { name: clinician.display_name, email: clinician.email },
    attendees: [{ name: clinician.display_name, email: clinician.email }, ...(patientEmail ? [{ name: patientName, email: patientEmail }] : [])],
  });
  return { ics, uid };
}

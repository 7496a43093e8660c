import { zoneLabel, type Language } from '@telemed/contracts';
import type { Db } from '../../platform/db.ts';
import type { Deps } from '../../platform/deps.ts';
import { translate, type MessageKey } from '../../platform/i18n.ts';
import type { Principal } from '../../platform/policy.ts';

export type AppointmentChange = 'booked' | 'cancelled' | 'rescheduled' | 'reminder';

const KEY: Record<AppointmentChange, MessageKey> = {
  booked: 'notice_appointment_booked', cancelled: 'notice_appointment_cancelled', rescheduled: 'notice_appointment_rescheduled',
  reminder: 'notice_appointment_reminder',
};

interface NoticeRow {
  id: string;
  patient_id: string;
  clinician_id: string;
  booked_by: string;
  facility_id: string;
  starts_at: Date;
}

/** A time as the recipient reads it: their language, the facility's clock, the zone named. */
export function formatWhen(at: Date, lang: Language, timeZone: string): string {
  return `${new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(at)} (${zoneLabel(timeZone, lang, at)})`;
}

/** The parties of an appointment who have an account: the patient's own accounts, the clinician, whoever booked it. */
async function parties(db: Db, row: NoticeRow, includeBooker: boolean) {
  const ids = [row.clinician_id, ...(includeBooker ? [row.booked_by] : [])];
  return db.selectFrom('app_user').select(['id', 'email', 'language']).where('active', '=', true)
    .where((eb) => eb.or([eb('id', 'in', ids), eb('patient_id', '=', row.patient_id)])).execute();
}

/**
 * Tells every party of an appointment but the one who acted, in their own language, through the
 * notifier. Unlike case notices it is sent whether or not they have the app open: a visit is a
 * calendar matter. The text names the time and nothing about the patient; the link opens the
 * list after sign-in. Runs after the commit and never fails the change.
 */
export function noticeAppointment(deps: Deps, row: NoticeRow, change: Exclude<AppointmentChange, 'reminder'>, actor: Principal, was?: Date): void {
  void sendNotices(deps, row, change, actor.userId, was)
    .catch((err: Error) => deps.log.warn({ err: { message: err.message } }, 'appointment notice not sent'));
}

export async function sendNotices(deps: Deps, row: NoticeRow, change: AppointmentChange, actorUserId: string | null, was?: Date): Promise<number> {
  const facility = await deps.db.selectFrom('facility').select('time_zone').where('id', '=', row.facility_id).executeTakeFirstOrThrow();
  // Reminders go to those who attend; changes also to whoever booked.
  const recipients = (await parties(deps.db, row, change !== 'reminder')).filter((u) => u.id !== actorUserId);
  for (const u of recipients) {
    const lang = u.language as Language;
    const text = translate(KEY[change], lang, { when: formatWhen(row.starts_at, lang, facility.time_zone),
      was: was ? formatWhen(was, lang, facility.time_zone) : '' });
    await deps.notifier.send({ to: u.email, kind: 'appointment', subject: text, body: `${text}\n/appointments` });
  }
  return recipients.length;
}

import type { Language } from '@telemed/contracts';
import type { Deps } from '../../platform/deps.ts';
import { translate } from '../../platform/i18n.ts';

/**
 * Tells the patient, through the notifier and in their own language, that the summary of their
 * visit is ready. The notice carries no clinical content, not even the doctor's name: only a link,
 * opened after sign-in. Sent to the patient's accounts; a patient who joined by link only has none.
 */
export async function sendSummaryNotice(deps: Deps, visit: { id: string; patient_id: string }): Promise<number> {
  const users = await deps.db.selectFrom('app_user').select(['email', 'language']).where('patient_id', '=', visit.patient_id)
    .where('active', '=', true).execute();
  for (const u of users) {
    const text = translate('notice_visit_summary', u.language as Language);
    await deps.notifier.send({ to: u.email, kind: 'visit_summary', subject: text, body: `${text}\n/visits/${visit.id}` });
  }
  return users.length;
}

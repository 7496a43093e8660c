import type { Language } from '@telemed/contracts';
import type { Deps } from '../../platform/deps.ts';
import { translate } from '../../platform/i18n.ts';
import { ROLE_PERMISSIONS, type Principal } from '../../platform/policy.ts';
import { careBasis, type Side, type ThreadRow } from './access.ts';

const READS_PATIENTS = new Set(Object.entries(ROLE_PERMISSIONS).filter(([, ps]) => ps.includes('patient.read')).map(([r]) => r));

/**
 * Who on the care team is told of a patient's message: the clinicians the patient sees at the
 * facility (appointments, visits) and the staff who answered in this conversation before, while
 * they still work there in a role that reads patients; if none, the facility's coordinators.
 */
async function careTeamRecipients(deps: Deps, thread: ThreadRow): Promise<string[]> {
  const clinicians = (await careBasis(deps, [thread.patient_id])).get(thread.patient_id)?.get(thread.facility_id) ?? new Set<string>();
  const answered = await deps.db.selectFrom('care_message').select('author_id').distinct().where('thread_id', '=', thread.id)
    .where('from_patient', '=', false).execute();
  const candidates = [...new Set([...clinicians, ...answered.map((a) => a.author_id)])];
  const members = candidates.length === 0 ? [] : await deps.db.selectFrom('membership').select(['user_id', 'role'])
    .where('facility_id', '=', thread.facility_id).where('user_id', 'in', candidates).execute();
  const team = [...new Set(members.filter((m) => READS_PATIENTS.has(m.role)).map((m) => m.user_id))];
  if (team.length > 0) return team;
  return (await deps.db.selectFrom('membership').select('user_id').where('facility_id', '=', thread.facility_id).where('role', '=', 'coordinator')
    .execute()).map((m) => m.user_id);
}

/**
 * Tells the other side of a conversation, when they do not have the app open, that a message is
 * waiting: in their language, with a link, and nothing of the message itself. After the commit;
 * never fails the message.
 */
export function noticeCareMessage(deps: Deps, thread: ThreadRow, from: Side, actor: Principal): void {
  const presence = deps.presence;
  if (!presence) return;
  void (async () => {
    const ids = from === 'patient'
      ? await careTeamRecipients(deps, thread)
      : (await deps.db.selectFrom('app_user').select('id').where('patient_id', '=', thread.patient_id).execute()).map((u) => u.id);
    const others = ids.filter((id) => id !== actor.userId);
    if (others.length === 0) return;
    const online = await presence.online(others);
    const offline = others.filter((id) => !online.has(id));
    if (offline.length === 0) return;
    const users = await deps.db.selectFrom('app_user').select(['email', 'language']).where('id', 'in', offline).where('active', '=', true).execute();
    const key = from === 'patient' ? 'notice_care_message_staff' : 'notice_care_message_patient';
    for (const u of users) {
      const text = translate(key, u.language as Language);
      await deps.notifier.send({ to: u.email, kind: 'care_message', subject: text, body: `${text}\n/messages/${thread.id}` });
    }
  })().catch((err: Error) => deps.log.warn({ err: { message: err.message } }, 'care message notice not sent'));
}

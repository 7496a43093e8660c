import type { Deps } from '../../platform/deps.ts';
import type { MessageKey } from '../../platform/i18n.ts';
import { translate } from '../../platform/i18n.ts';
import type { Principal } from '../../platform/policy.ts';
import type { Language } from '@telemed/contracts';
import type { Row } from './service.ts';

const NOTICE: Record<string, MessageKey> = {
  submit: 'notice_new_request', forward: 'notice_new_request', accept: 'notice_accepted', decline: 'notice_declined',
  schedule: 'notice_scheduled', info_request: 'notice_info_request', message: 'notice_message', conclude: 'notice_concluded',
  cancel: 'notice_cancelled',
};

/** Who a change concerns: the hub's coordinators for a new request, the referrer for an answer, the other side for a message. */
async function concerned(deps: Deps, row: Row, action: string, actor: Principal): Promise<string[]> {
  const hubCoordinators = async () => (await deps.db.selectFrom('membership').select('user_id')
    .where('facility_id', '=', row.target_facility_id).where('role', '=', 'coordinator').execute()).map((r) => r.user_id);
  switch (action) {
    case 'submit':
    case 'forward':
      return [...await hubCoordinators(), ...(row.assigned_user_id ? [row.assigned_user_id] : [])];
    case 'accept':
    case 'decline':
    case 'schedule':
    case 'info_request':
    case 'conclude':
      return [row.referring_user_id];
    case 'message':
      if (actor.facilityId !== row.referring_facility_id) return [row.referring_user_id];
      return row.assigned_user_id ? [row.assigned_user_id] : hubCoordinators();
    case 'cancel':
      return row.assigned_user_id ? [row.assigned_user_id] : [];
    default:
      return [];
  }
}

/**
 * Tells the people a change concerns who do not have the app open (email, SMS: the configured
 * notifier), in their language. Runs after the change has committed and never fails it. The text
 * has no patient data: the link opens the case after sign-in.
 */
export function noticeOffline(deps: Deps, row: Row, action: string, actor: Principal): void {
  const key = NOTICE[action];
  if (!key || !deps.presence) return;
  const presence = deps.presence;
  void (async () => {
    const ids = [...new Set(await concerned(deps, row, action, actor))].filter((id) => id !== actor.userId);
    if (ids.length === 0) return;
    const online = await presence.online(ids);
    const offline = ids.filter((id) => !online.has(id));
    if (offline.length === 0) return;
    const users = await deps.db.selectFrom('app_user').select(['email', 'language']).where('id', 'in', offline).where('active', '=', true).execute();
    for (const u of users) {
      const text = translate(key, u.language as Language);
      await deps.notifier.send({ to: u.email, kind: 'case_update', subject: text, body: `${text}\n/consultations/${row.id}` });
    }
  })().catch((err: Error) => deps.log.warn({ err: { message: err.message } }, 'case notice not sent'));
}

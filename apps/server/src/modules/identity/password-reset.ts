import type { Deps, RequestMeta } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import type { Principal } from '../../platform/policy.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { newSecret, sha256 } from './secrets.ts';
import { endAllSessions } from './sessions.ts';

const RESET_MINUTES = 30;

/** Always answers the same way, so the form cannot be used to learn which emails have accounts. */
export async function requestPasswordReset(deps: Deps, email: string, meta: RequestMeta): Promise<void> {
  const user = await deps.db.selectFrom('app_user').select(['id', 'email']).where('email', '=', email).where('active', '=', true)
    .executeTakeFirst();
  await deps.audit.record({ actorUserId: user?.id ?? null, actorFacilityId: null, action: 'auth.password_reset_request',
    outcome: user ? 'success' : 'failure', ip: meta.ip });
  if (!user) return;
  const token = newSecret();
  await deps.db.insertInto('password_reset')
    .values({ token_hash: sha256(token), user_id: user.id, expires_at: new Date(deps.now().getTime() + RESET_MINUTES * 60_000) })
    .execute();
  await deps.notifier.send({
    to: user.email,
    kind: 'password_reset',
    subject: 'Telemed Network: password reset',
    // A path: the notifier puts the configured PUBLIC_URL before it, never the request's Host.
    body: `/reset-password?token=${token}`,
  });
}

export async function completePasswordReset(deps: Deps, token: string, password: string, meta: RequestMeta): Promise<void> {
  const hash = sha256(token);
  const now = deps.now();
  // Claiming the token and using it is one statement: two tabs racing with one link cannot both win.
  const claimed = await deps.db.updateTable('password_reset').set({ used_at: now })
    .where('token_hash', '=', hash).where('used_at', 'is', null).where('expires_at', '>', now)
    .returning('user_id').executeTakeFirst();
  if (!claimed) throw new AppError('invalid_token', 400);
  await deps.db.updateTable('app_user')
    .set({ password_hash: await hashPassword(password), failed_attempts: 0, locked_until: null, updated_at: now })
    .where('id', '=', claimed.user_id).execute();
  await endAllSessions(deps, claimed.user_id);
  await deps.audit.record({ actorUserId: claimed.user_id, actorFacilityId: null, action: 'auth.password_reset', outcome: 'success',
    ip: meta.ip });
}

export async function changePassword(deps: Deps, principal: Principal, current: string, next: string, meta: RequestMeta) {
  const user = await deps.db.selectFrom('app_user').select('password_hash').where('id', '=', principal.userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, current))) {
    throw new AppError('wrong_password', 400, { errors: [{ path: 'body.currentPassword', code: 'wrong_password', message: '' }] });
  }
  await deps.db.updateTable('app_user').set({ password_hash: await hashPassword(next), updated_at: deps.now() })
    .where('id', '=', principal.userId).execute();
  // Other sessions may belong to whoever knew the old password.
  await deps.db.deleteFrom('user_session').where('user_id', '=', principal.userId)
    .where('id_hash', '!=', principal.sessionHash ?? Buffer.alloc(0)).execute();
  deps.sessionCache.forgetUser(principal.userId);
  await deps.audit.record({ actorUserId: principal.userId, actorFacilityId: principal.facilityId, action: 'auth.password_change',
    outcome: 'success', ip: meta.ip });
}

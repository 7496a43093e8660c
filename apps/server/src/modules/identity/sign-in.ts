import { STAFF_ROLES, type Language, type Role } from '@telemed/contracts';
import type { Deps, RequestMeta } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { permissionsFor, type Principal, type SessionState } from '../../platform/policy.ts';
import { DUMMY_HASH, lockoutUntil, verifyPassword } from './passwords.ts';
import { createSession, loadMemberships } from './sessions.ts';
import { newTotpSecret, totpUrl, verifyTotp } from './totp.ts';

export interface SignInResult {
  token: string;
  absoluteExpiresAt: Date;
  state: SessionState;
}

function requiresTwoFactor(deps: Deps, roles: Role[]): boolean {
  return deps.config.TELEMED_MODE === 'production' && roles.some((r) => STAFF_ROLES.includes(r));
}

export async function signIn(deps: Deps, input: { email: string; password: string }, meta: RequestMeta): Promise<SignInResult> {
  const user = await deps.db.selectFrom('app_user')
    .select(['id', 'password_hash', 'failed_attempts', 'locked_until', 'active', 'totp_enabled'])
    .where('email', '=', input.email).executeTakeFirst();
  const now = deps.now();
  if (!user || !user.active) {
    await verifyPassword(DUMMY_HASH, input.password);
    await deps.audit.record({ actorUserId: user?.id ?? null, actorFacilityId: null, action: 'auth.sign_in', outcome: 'failure',
      ip: meta.ip, details: { reason: user ? 'inactive' : 'unknown_email' } });
    throw new AppError('invalid_credentials', 401);
  }
  if (user.locked_until && user.locked_until.getTime() > now.getTime()) {
    await deps.audit.record({ actorUserId: user.id, actorFacilityId: null, action: 'auth.sign_in', outcome: 'denied', ip: meta.ip,
      details: { reason: 'locked' } });
    throw new AppError('account_locked', 423, { params: { until: user.locked_until.toISOString() } });
  }
  if (!(await verifyPassword(user.password_hash, input.password))) {
    await registerFailure(deps, user.id, meta, 'password');
    throw new AppError('invalid_credentials', 401);
  }
  await deps.db.updateTable('app_user').set({ failed_attempts: 0, locked_until: null }).where('id', '=', user.id).execute();
  const memberships = await loadMemberships(deps, user.id);
  const first = memberships[0] ?? null;
  const state: SessionState = user.totp_enabled
    ? 'mfa_required'
    : requiresTwoFactor(deps, memberships.map((m) => m.role)) ? 'mfa_enrolment_required' : 'active';
  const session = await createSession(deps, { userId: user.id, state, facilityId: first?.facilityId ?? null, role: first?.role ?? null,
    ip: meta.ip, userAgent: meta.userAgent });
  await deps.audit.record({ actorUserId: user.id, actorFacilityId: first?.facilityId ?? null, action: 'auth.sign_in',
    outcome: 'success', ip: meta.ip, details: { state } });
  return { ...session, state };
}

/** Counts a failed password or code; past the threshold the account locks with growing back-off. */
async function registerFailure(deps: Deps, userId: string, meta: RequestMeta, factor: 'password' | 'totp'): Promise<void> {
  const row = await deps.db.updateTable('app_user').set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
    .where('id', '=', userId).returning('failed_attempts').executeTakeFirstOrThrow();
  const until = lockoutUntil(row.failed_attempts, deps.now());
  if (until) await deps.db.updateTable('app_user').set({ locked_until: until }).where('id', '=', userId).execute();
  await deps.audit.record({ actorUserId: userId, actorFacilityId: null, action: factor === 'password' ? 'auth.sign_in' : 'auth.totp',
    outcome: 'failure', ip: meta.ip, details: { attempts: row.failed_attempts } });
  if (until) {
    await deps.audit.record({ actorUserId: userId, actorFacilityId: null, action: 'auth.lockout', outcome: 'denied', ip: meta.ip,
      flagged: row.failed_attempts >= 10, details: { until: until.toISOString() } });
  }
}

export async function completeTotp(deps: Deps, principal: Principal, code: string, meta: RequestMeta): Promise<void> {
  const user = await deps.db.selectFrom('app_user').select(['totp_secret', 'totp_enabled', 'totp_last_step', 'locked_until'])
    .where('id', '=', principal.userId).executeTakeFirstOrThrow();
  if (user.locked_until && user.locked_until.getTime() > deps.now().getTime()) {
    throw new AppError('account_locked', 423, { params: { until: user.locked_until.toISOString() } });
  }
  if (!user.totp_secret) throw new AppError('invalid_totp', 400);
  const secret = deps.secrets.open(user.totp_secret, `totp:${principal.userId}`);
  const step = verifyTotp(secret, code, user.totp_last_step, deps.now());
  if (step === null) {
    await registerFailure(deps, principal.userId, meta, 'totp');
    throw new AppError('invalid_totp', 400);
  }
  await deps.db.updateTable('app_user').set({ totp_last_step: step, totp_enabled: true, failed_attempts: 0 })
    .where('id', '=', principal.userId).execute();
  await deps.db.updateTable('user_session').set({ state: 'active' }).where('id_hash', '=', principal.sessionHash!).execute();
  deps.sessionCache.forgetUser(principal.userId);
  await deps.audit.record({ actorUserId: principal.userId, actorFacilityId: principal.facilityId,
    action: user.totp_enabled ? 'auth.totp' : 'auth.totp_enrolled', outcome: 'success', ip: meta.ip });
}

export async function beginTotpEnrolment(deps: Deps, principal: Principal): Promise<{ secret: string; otpauthUrl: string }> {
  const user = await deps.db.selectFrom('app_user').select(['email', 'totp_enabled']).where('id', '=', principal.userId)
    .executeTakeFirstOrThrow();
  // Re-enrolling an enabled factor would let a stolen half-signed-in session replace it.
  if (user.totp_enabled && principal.state !== 'active') throw new AppError('mfa_required', 403);
  const secret = newTotpSecret();
  await deps.db.updateTable('app_user')
    .set({ totp_secret: deps.secrets.seal(secret, `totp:${principal.userId}`), totp_enabled: false, totp_last_step: null })
    .where('id', '=', principal.userId).execute();
  return { secret, otpauthUrl: totpUrl(secret, user.email) };
}

export async function describeSession(deps: Deps, principal: Principal, absoluteExpiresAt?: Date) {
  const [user, facilities, session] = await Promise.all([
    deps.db.selectFrom('app_user').select(['id', 'email', 'display_name', 'language', 'totp_enabled', 'patient_id'])
      .where('id', '=', principal.userId).executeTakeFirstOrThrow(),
    principal.memberships.length
      ? deps.db.selectFrom('facility').select(['id', 'code', 'name_kk', 'name_ru', 'name_uz', 'name_en'])
        .where('id', 'in', principal.memberships.map((m) => m.facilityId)).execute()
      : Promise.resolve([]),
    principal.sessionHash
      ? deps.db.selectFrom('user_session').select(['state', 'absolute_expires_at']).where('id_hash', '=', principal.sessionHash).executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  const lang = user.language as Language;
  const byId = new Map(facilities.map((f) => [f.id, f]));
  return {
    state: (session?.state ?? principal.state) as SessionState,
    csrfToken: principal.csrfToken ?? '',
    user: { id: user.id, email: user.email, displayName: user.display_name, language: lang, totpEnabled: user.totp_enabled,
      patientId: user.patient_id },
    memberships: principal.memberships.map((m) => {
      const f = byId.get(m.facilityId);
      return { facilityId: m.facilityId, role: m.role, facilityCode: f?.code ?? '', facilityName: f ? f[`name_${lang}`] : '' };
    }),
    activeFacilityId: principal.facilityId,
    activeRole: principal.role,
    permissions: [...principal.permissions],
    expiresAt: (absoluteExpiresAt ?? session?.absolute_expires_at ?? deps.now()).toISOString(),
  };
}

export async function switchFacility(deps: Deps, principal: Principal, facilityId: string, role: Role | undefined, meta: RequestMeta) {
  const match = principal.memberships.find((m) => m.facilityId === facilityId && (!role || m.role === role));
  if (!match || !principal.sessionHash) throw new AppError('forbidden', 403);
  await deps.db.updateTable('user_session').set({ active_facility_id: match.facilityId, active_role: match.role })
    .where('id_hash', '=', principal.sessionHash).execute();
  deps.sessionCache.forgetUser(principal.userId);
  await deps.audit.record({ actorUserId: principal.userId, actorFacilityId: facilityId, action: 'auth.switch_facility',
    outcome: 'success', ip: meta.ip, details: { role: match.role } });
  return { ...principal, facilityId: match.facilityId, role: match.role, permissions: permissionsFor(match.role) };
}

export async function setLanguage(deps: Deps, principal: Principal, language: Language) {
  await deps.db.updateTable('app_user').set({ language, updated_at: deps.now() }).where('id', '=', principal.userId).execute();
  deps.sessionCache.forgetUser(principal.userId);
  return { ...principal, language };
}

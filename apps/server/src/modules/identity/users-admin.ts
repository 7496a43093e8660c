import type { Language, Role } from '@telemed/contracts';
import type { Deps, RequestMeta } from '../../platform/deps.ts';
import { forbidden, notFound, onUniqueViolation } from '../../platform/errors.ts';
import { isNetworkWide, type Principal } from '../../platform/policy.ts';
import { hashPassword } from './passwords.ts';

type MembershipInput = { facilityId: string; role: Role };

/** A facility administrator hands out roles in their own facility only, and never network-wide ones. */
function assertGrantable(principal: Principal, memberships: MembershipInput[]): void {
  if (isNetworkWide(principal)) return;
  for (const m of memberships) {
    if (m.facilityId !== principal.facilityId || m.role === 'network_admin') throw forbidden();
  }
}

async function summaries(deps: Deps, userIds: string[]) {
  if (userIds.length === 0) return [];
  const [users, memberships] = await Promise.all([
    deps.db.selectFrom('app_user').select(['id', 'email', 'display_name', 'language', 'active', 'totp_enabled', 'locked_until'])
      .where('id', 'in', userIds).orderBy('display_name').execute(),
    deps.db.selectFrom('membership').select(['user_id', 'facility_id', 'role']).where('user_id', 'in', userIds).execute(),
  ]);
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    displayName: u.display_name,
    language: u.language as Language,
    active: u.active,
    totpEnabled: u.totp_enabled,
    lockedUntil: u.locked_until && u.locked_until.getTime() > deps.now().getTime() ? u.locked_until.toISOString() : null,
    memberships: memberships.filter((m) => m.user_id === u.id).map((m) => ({ facilityId: m.facility_id, role: m.role as Role })),
  }));
}

export async function listUsers(deps: Deps, principal: Principal, filter: { facilityId?: string; q?: string }) {
  const facilityId = isNetworkWide(principal) ? filter.facilityId : principal.facilityId!;
  if (!isNetworkWide(principal) && filter.facilityId && filter.facilityId !== facilityId) throw forbidden();
  let q = deps.db.selectFrom('app_user').select('id');
  if (facilityId) q = q.where('id', 'in', deps.db.selectFrom('membership').select('user_id').where('facility_id', '=', facilityId));
  if (filter.q) {
    const like = `%${filter.q.replace(/[%_\\]/g, '\\$&')}%`;
    q = q.where((eb) => eb.or([eb('email', 'ilike', like), eb('display_name', 'ilike', like)]));
  }
  const ids = (await q.limit(500).execute()).map((r) => r.id);
  return { items: await summaries(deps, ids) };
}

export async function createUser(deps: Deps, principal: Principal,
  input: { email: string; displayName: string; language: Language; password: string; memberships: MembershipInput[] }, meta: RequestMeta) {
  assertGrantable(principal, input.memberships);
  const passwordHash = await hashPassword(input.password);
  const id = await deps.db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('app_user').values({ email: input.email, display_name: input.displayName, language: input.language,
      password_hash: passwordHash }).returning('id').executeTakeFirst().catch(onUniqueViolation('email_taken', 'body.email'));
    await trx.insertInto('membership').values(input.memberships.map((m) => ({ user_id: row!.id, facility_id: m.facilityId, role: m.role })))
      .onConflict((oc) => oc.doNothing()).execute();
    return row!.id;
  });
  await deps.audit.record({ actorUserId: principal.userId, actorFacilityId: principal.facilityId, action: 'user.create', outcome: 'success',
    resourceType: 'user', resourceId: id, ip: meta.ip, details: { memberships: input.memberships } });
  return (await summaries(deps, [id]))[0];
}

export async function updateUser(deps: Deps, principal: Principal, id: string,
  input: { displayName?: string; active?: boolean; memberships?: MembershipInput[] }, meta: RequestMeta) {
  const current = (await summaries(deps, [id]))[0];
  if (!current) throw notFound();
  if (!isNetworkWide(principal)) {
    if (!current.memberships.some((m) => m.facilityId === principal.facilityId)) throw forbidden();
    // Someone who also works elsewhere, or for the whole network, is not one facility's to switch off or rename.
    const beyond = current.memberships.some((m) => m.facilityId !== principal.facilityId || m.role === 'network_admin');
    if (beyond && (input.active !== undefined || input.displayName !== undefined)) throw forbidden();
    // Memberships elsewhere are not theirs to change, so they are kept as they are.
    if (input.memberships) assertGrantable(principal, input.memberships);
  }
  await deps.db.transaction().execute(async (trx) => {
    if (input.displayName !== undefined || input.active !== undefined) {
      await trx.updateTable('app_user').set({ display_name: input.displayName ?? current.displayName, active: input.active ?? current.active,
        updated_at: deps.now() }).where('id', '=', id).execute();
    }
    if (input.memberships) {
      let del = trx.deleteFrom('membership').where('user_id', '=', id);
      if (!isNetworkWide(principal)) del = del.where('facility_id', '=', principal.facilityId!);
      await del.execute();
      await trx.insertInto('membership').values(input.memberships.map((m) => ({ user_id: id, facility_id: m.facilityId, role: m.role })))
        .onConflict((oc) => oc.doNothing()).execute();
    }
    // A deactivated account loses its sessions at once.
    if (input.active === false) await trx.deleteFrom('user_session').where('user_id', '=', id).execute();
  });
  deps.sessionCache.forgetUser(id);
  await deps.audit.record({ actorUserId: principal.userId, actorFacilityId: principal.facilityId, action: 'user.update', outcome: 'success',
    resourceType: 'user', resourceId: id, ip: meta.ip, details: { active: input.active, memberships: input.memberships } });
  return (await summaries(deps, [id]))[0];
}

export async function unlockUser(deps: Deps, principal: Principal, id: string, meta: RequestMeta) {
  const current = (await summaries(deps, [id]))[0];
  if (!current) throw notFound();
  if (!isNetworkWide(principal) && !current.memberships.some((m) => m.facilityId === principal.facilityId)) throw forbidden();
  await deps.db.updateTable('app_user').set({ failed_attempts: 0, locked_until: null }).where('id', '=', id).execute();
  await deps.audit.record({ actorUserId: principal.userId, actorFacilityId: principal.facilityId, action: 'user.unlock', outcome: 'success',
    resourceType: 'user', resourceId: id, ip: meta.ip });
  return (await summaries(deps, [id]))[0];
}

import type { Language, Permission, Role } from '@telemed/contracts';
import type { Deps, RequestMeta } from '../../platform/deps.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { permissionsFor, type Principal } from '../../platform/policy.ts';
import { newSecret, sameHash, sha256 } from './secrets.ts';

const PREFIX = 'tmn_';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Tokens read `tmn_<id>.<secret>`: the id finds the row, the secret is compared by hash in constant time. */
export async function authenticateApiToken(deps: Deps, raw: string): Promise<Principal | null> {
  if (!raw.startsWith(PREFIX)) return null;
  const [id, secret] = raw.slice(PREFIX.length).split('.');
  if (!id || !secret || !UUID_RE.test(id)) return null;
  const row = await deps.db
    .selectFrom('api_token as t')
    .innerJoin('app_user as u', 'u.id', 't.user_id')
    .select(['t.id', 't.user_id', 't.facility_id', 't.secret_hash', 't.scopes', 't.expires_at', 't.revoked_at', 't.last_used_at',
      'u.display_name', 'u.language', 'u.active', 'u.patient_id'])
    .where('t.id', '=', id)
    .executeTakeFirst();
  if (!row || !row.active || row.revoked_at || row.expires_at.getTime() < deps.now().getTime()) return null;
  if (!sameHash(row.secret_hash, sha256(secret))) return null;
  const roles = await deps.db.selectFrom('membership').select('role')
    .where('user_id', '=', row.user_id).where('facility_id', '=', row.facility_id).execute();
  // A token acts with the union of its owner's roles at its facility, narrowed to its scopes.
  const permissions = new Set<Permission>();
  for (const r of roles) for (const p of permissionsFor(r.role as Role, row.scopes)) permissions.add(p);
  if (!row.last_used_at || deps.now().getTime() - row.last_used_at.getTime() > 60_000) {
    await deps.db.updateTable('api_token').set({ last_used_at: deps.now() }).where('id', '=', row.id).execute();
  }
  return {
    kind: 'token',
    userId: row.user_id,
    displayName: row.display_name,
    language: row.language as Language,
    state: 'active',
    facilityId: row.facility_id,
    role: (roles[0]?.role as Role | undefined) ?? null,
    memberships: roles.map((r) => ({ facilityId: row.facility_id, role: r.role as Role })),
    permissions,
    patientId: row.patient_id,
    tokenId: row.id,
  };
}

export async function createApiToken(
  deps: Deps,
  principal: Principal,
  input: { name: string; scopes: Permission[]; facilityId: string; expiresInDays: number },
  meta: RequestMeta,
) {
  const roles = principal.memberships.filter((m) => m.facilityId === input.facilityId);
  const grantable = new Set<Permission>();
  for (const m of roles) for (const p of permissionsFor(m.role)) grantable.add(p);
  const excess = input.scopes.filter((s) => !grantable.has(s));
  // A token never mints tokens: only a person, signed in, does.
  if (principal.kind !== 'session' || roles.length === 0 || excess.length > 0) {
    throw new AppError('forbidden', 403, { errors: excess.map((s) => ({ path: 'body.scopes', code: 'forbidden', message: s })) });
  }
  const secret = newSecret();
  const expiresAt = new Date(deps.now().getTime() + input.expiresInDays * 86_400_000);
  const row = await deps.db
    .insertInto('api_token')
    .values({ user_id: principal.userId, facility_id: input.facilityId, name: input.name, secret_hash: sha256(secret),
      scopes: [...new Set(input.scopes)], expires_at: expiresAt })
    .returningAll()
    .executeTakeFirstOrThrow();
  await deps.audit.record({ actorUserId: principal.userId, actorFacilityId: principal.facilityId, action: 'api_token.create',
    outcome: 'success', resourceType: 'api_token', resourceId: row.id, ip: meta.ip, details: { scopes: row.scopes } });
  return { ...toDto(row), token: `${PREFIX}${row.id}.${secret}` };
}

export async function listApiTokens(deps: Deps, principal: Principal) {
  const rows = await deps.db.selectFrom('api_token').selectAll().where('user_id', '=', principal.userId)
    .orderBy('created_at', 'desc').execute();
  return { items: rows.map(toDto) };
}

export async function revokeApiToken(deps: Deps, principal: Principal, id: string, meta: RequestMeta) {
  const res = await deps.db.updateTable('api_token').set({ revoked_at: deps.now() })
    .where('id', '=', id).where('user_id', '=', principal.userId).where('revoked_at', 'is', null).executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw notFound();
  await deps.audit.record({ actorUserId: principal.userId, actorFacilityId: principal.facilityId, action: 'api_token.revoke',
    outcome: 'success', resourceType: 'api_token', resourceId: id, ip: meta.ip });
  return { ok: true as const };
}

function toDto(row: { id: string; name: string; scopes: string[]; facility_id: string; created_at: Date; expires_at: Date;
  revoked_at: Date | null; last_used_at: Date | null }) {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes as Permission[],
    facilityId: row.facility_id,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
  };
}

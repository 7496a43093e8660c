import type { Language, Role } from '@telemed/contracts';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../platform/deps.ts';
import { permissionsFor, type Principal, type SessionState } from '../../platform/policy.ts';
import { authenticateApiToken } from './api-tokens.ts';
import { newSecret, sha256 } from './secrets.ts';

export const SESSION_COOKIE = 'tm_session';
// Writing last_seen_at on every request would turn each read into a write; a minute of slack is enough.
const TOUCH_AFTER_MS = 60_000;

export interface MembershipRow {
  facilityId: string;
  role: Role;
}

export async function loadMemberships(deps: Deps, userId: string): Promise<MembershipRow[]> {
  // In the registry's order, so a user in several facilities always starts in the same one.
  const rows = await deps.db
    .selectFrom('membership')
    .innerJoin('facility', 'facility.id', 'membership.facility_id')
    .select(['membership.facility_id', 'membership.role'])
    .where('membership.user_id', '=', userId)
    .orderBy('facility.code')
    .orderBy('membership.role')
    .execute();
  return rows.map((r) => ({ facilityId: r.facility_id, role: r.role as Role }));
}

export async function createSession(
  deps: Deps,
  input: { userId: string; state: SessionState; facilityId: string | null; role: Role | null; ip: string | null; userAgent: string | null },
): Promise<{ token: string; absoluteExpiresAt: Date }> {
  const token = newSecret();
  const now = deps.now();
  const absoluteExpiresAt = new Date(now.getTime() + deps.config.SESSION_ABSOLUTE_HOURS * 3_600_000);
  await deps.db
    .insertInto('user_session')
    .values({
      id_hash: sha256(token),
      user_id: input.userId,
      state: input.state,
      csrf_token: newSecret(24),
      active_facility_id: input.facilityId,
      active_role: input.role,
      last_seen_at: now,
      absolute_expires_at: absoluteExpiresAt,
      ip: input.ip,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, absoluteExpiresAt };
}

interface SessionRow {
  user_id: string;
  state: string;
  csrf_token: string;
  active_facility_id: string | null;
  active_role: string | null;
  last_seen_at: Date;
  absolute_expires_at: Date;
  display_name: string;
  language: string;
  patient_id: string | null;
  active: boolean;
  memberships: { f: string; r: string }[] | null;
}

/** Resolves the caller from the session cookie or a bearer API token; null when neither is valid. */
export async function authenticate(deps: Deps, request: FastifyRequest): Promise<Principal | null> {
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return authenticateApiToken(deps, auth.slice(7).trim());
  const token = request.cookies[SESSION_COOKIE];
  if (!token || token.length > 100) return null;
  const hash = sha256(token);
  const key = hash.toString('base64');
  const nowMs = deps.now().getTime();
  const cached = deps.sessionCache.get(key, nowMs) as SessionRow | undefined;
  const row = cached ?? (await fetchSession(deps, hash));
  if (!row || !row.active) return null;
  if (!cached) deps.sessionCache.set(key, row.user_id, row, nowMs);
  return toPrincipal(deps, row, hash);
}

async function fetchSession(deps: Deps, hash: Buffer): Promise<SessionRow | undefined> {
  // Named, so PostgreSQL plans it once per connection: this runs on every request.
  const result = await deps.pool.query<SessionRow>({
    name: 'session_by_hash',
    text: `SELECT s.user_id, s.state, s.csrf_token, s.active_facility_id, s.active_role, s.last_seen_at,
                  s.absolute_expires_at, u.display_name, u.language, u.patient_id, u.active,
                  (SELECT json_agg(json_build_object('f', m.facility_id, 'r', m.role) ORDER BY m.facility_id, m.role)
                     FROM membership m WHERE m.user_id = s.user_id) AS memberships
             FROM user_session s JOIN app_user u ON u.id = s.user_id
            WHERE s.id_hash = $1`,
    values: [hash],
  });
  return result.rows[0];
}

/**
 * The session's principal as it stands now, read past the cache, for a connection that outlives a
 * request (the real-time channel). Checking is not activity: it does not extend the idle expiry.
 */
export async function principalForSession(deps: Deps, hash: Buffer): Promise<Principal | null> {
  const row = await fetchSession(deps, hash);
  if (!row || !row.active) return null;
  return toPrincipal(deps, row, hash, false);
}

async function toPrincipal(deps: Deps, row: SessionRow, hash: Buffer, isActivity = true): Promise<Principal | null> {
  const now = deps.now().getTime();
  const idleLimit = row.last_seen_at.getTime() + deps.config.SESSION_IDLE_MINUTES * 60_000;
  if (now > idleLimit || now > row.absolute_expires_at.getTime()) {
    await endSession(deps, hash, row.user_id);
    return null;
  }
  if (isActivity && now - row.last_seen_at.getTime() > TOUCH_AFTER_MS) {
    row.last_seen_at = new Date(now);
    await deps.db.updateTable('user_session').set({ last_seen_at: row.last_seen_at }).where('id_hash', '=', hash).execute();
  }
  const memberships = (row.memberships ?? []).map((m) => ({ facilityId: m.f, role: m.r as Role }));
  const role = row.active_role as Role | null;
  // A membership removed since sign-in takes its permissions with it at once.
  const stillMember = memberships.some((m) => m.facilityId === row.active_facility_id && m.role === role);
  // A patient's account is tied to their own record, not to a facility.
  const effectiveRole: Role | null = stillMember ? role : row.patient_id ? 'patient' : null;
  return {
    kind: 'session',
    userId: row.user_id,
    displayName: row.display_name,
    language: row.language as Language,
    state: row.state as SessionState,
    facilityId: stillMember ? row.active_facility_id : null,
    role: effectiveRole,
    memberships,
    permissions: permissionsFor(effectiveRole),
    patientId: row.patient_id,
    sessionHash: hash,
    csrfToken: row.csrf_token,
  };
}

export async function endSession(deps: Deps, hash: Buffer, userId: string): Promise<void> {
  await deps.db.deleteFrom('user_session').where('id_hash', '=', hash).execute();
  deps.sessionCache.forgetUser(userId);
}

export async function endAllSessions(deps: Deps, userId: string): Promise<number> {
  const res = await deps.db.deleteFrom('user_session').where('user_id', '=', userId).executeTakeFirst();
  deps.sessionCache.forgetUser(userId);
  return Number(res.numDeletedRows);
}

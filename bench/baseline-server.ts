/**
 * BASELINE FOR bench/run.ts — NOT PART OF THE PRODUCT.
 *
 * A deliberately naive patient-read server, to compare the real server against: plain node:http,
 * and per request it looks up the session by the cookie's hash, selects the patient, and appends
 * one audit record in its own transaction (chain lock, read the chain head, INSERT, COMMIT) — no
 * group commit. It skips the care-relationship access check the real server makes, so it does
 * less database work per request than the server does.
 *
 * It writes records into the same hash chain as the server (same lock key, same hashing), so the
 * chain still verifies afterwards. Env: PORT, DATABASE_URL, DB_APP_ROLE (default telemed_app).
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import { canonicalAuditBytes, chainHash } from '../apps/server/src/platform/audit.ts';

const CHAIN_LOCK = 7_351_002; // the key AuditLog uses in apps/server/src/platform/audit.ts
const GENESIS = Buffer.alloc(32);
const role = process.env.DB_APP_ROLE ?? 'telemed_app';
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20, options: `-c role=${role}` });
pool.on('error', () => {});

function sessionToken(cookieHeader: string | undefined): string | null {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === 'tm_session' && v) return decodeURIComponent(v);
  }
  return null;
}

async function appendAudit(userId: string, facilityId: string | null, patientId: string, ip: string | null): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
    const head = await client.query<{ seq: number; hash: Buffer }>('SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1');
    const seq = Number(head.rows[0]?.seq ?? 0) + 1;
    const prevHash = head.rows[0]?.hash ?? GENESIS;
    const body = {
      seq, at: new Date().toISOString(), actorUserId: userId, actorFacilityId: facilityId, action: 'patient.read',
      outcome: 'success' as const, patientId, resourceType: 'patient', resourceId: patientId, purpose: 'treatment',
      reason: null, ip, flagged: false, details: null,
    };
    const hash = chainHash(prevHash, canonicalAuditBytes(body));
    await client.query(
      `INSERT INTO audit_event (seq, at, actor_user_id, actor_facility_id, action, outcome, patient_id, resource_type,
         resource_id, purpose, reason, ip, flagged, details, prev_hash, hash)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)`,
      [body.seq, body.at, body.actorUserId, body.actorFacilityId, body.action, body.outcome, body.patientId, body.resourceType,
        body.resourceId, body.purpose, body.reason, body.ip, body.flagged, body.details, prevHash, hash],
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const server = http.createServer((req, res) => {
  void (async () => {
    if (req.url === '/ready') return send(res, 200, { status: 'ready' });
    const m = /^\/api\/patients\/([0-9a-f-]{36})$/.exec(req.url ?? '');
    if (req.method !== 'GET' || !m) return send(res, 404, { error: 'not_found' });
    const token = sessionToken(req.headers.cookie);
    if (!token) return send(res, 401, { error: 'unauthenticated' });
    const hash = createHash('sha256').update(token).digest();
    const s = await pool.query<{ user_id: string; active_facility_id: string | null; active: boolean }>(
      `SELECT s.user_id, s.active_facility_id, u.active FROM user_session s JOIN app_user u ON u.id = s.user_id
        WHERE s.id_hash = $1 AND s.absolute_expires_at > now()`, [hash]);
    const session = s.rows[0];
    if (!session?.active) return send(res, 401, { error: 'unauthenticated' });
    const p = await pool.query('SELECT * FROM patient WHERE id = $1', [m[1]]);
    if (!p.rows[0]) return send(res, 404, { error: 'not_found' });
    await appendAudit(session.user_id, session.active_facility_id, m[1], req.socket.remoteAddress ?? null);
    send(res, 200, p.rows[0]);
  })().catch(() => send(res, 500, { error: 'internal' }));
});

server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void pool.end().finally(() => process.exit(0));
});

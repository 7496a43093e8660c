import { createHash } from 'node:crypto';
import type pg from 'pg';

export interface AuditEntry {
  actorUserId: string | null;
  actorFacilityId: string | null;
  action: string;
  outcome: 'success' | 'denied' | 'failure';
  patientId?: string | null;
  resourceType?: string | null;
  resourceId?: string | null;
  purpose?: string | null;
  reason?: string | null;
  ip?: string | null;
  flagged?: boolean;
  details?: Record<string, unknown> | null;
}

interface Sealed extends Required<Omit<AuditEntry, 'details'>> {
  seq: number;
  at: string;
  details: Record<string, unknown> | null;
  prevHash: Buffer;
  hash: Buffer;
}

const CHAIN_LOCK = 7_351_002;
const APPEND_SQL = `INSERT INTO audit_event (seq, at, actor_user_id, actor_facility_id, action, outcome, patient_id,
    resource_type, resource_id, purpose, reason, ip, flagged, details, prev_hash, hash)
  SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::uuid[],
    $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::boolean[], $14::jsonb[], $15::bytea[], $16::bytea[])`;
const GENESIS = Buffer.alloc(32);

/** The bytes a record's hash covers: every field, in a fixed order, so any change breaks the chain. */
export function canonicalAuditBytes(r: Omit<Sealed, 'hash' | 'prevHash'>): string {
  return JSON.stringify([
    r.seq,
    r.at,
    r.actorUserId,
    r.actorFacilityId,
    r.action,
    r.outcome,
    r.patientId,
    r.resourceType,
    r.resourceId,
    r.purpose,
    r.reason,
    r.ip,
    r.flagged,
    sortKeys(r.details),
  ]);
}

// jsonb stores object keys in its own order, so the hash covers a key-sorted copy.
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function chainHash(prevHash: Buffer, canonical: string): Buffer {
  return createHash('sha256').update(prevHash).update(canonical).digest();
}

/**
 * Appends audit records to the hash chain. Records arriving while a write is under way are
 * committed together in the next one (group commit): every caller still waits until its record
 * is durable, but the round trip and the commit are paid once per batch rather than per request.
 */
export class AuditLog {
  private readonly pool: pg.Pool;
  private queue: { entry: AuditEntry; at: Date; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private flushing: Promise<void> | null = null;
  /** The last record this node appended, while nothing says another node appended after it. */
  private head: { seq: number; hash: Buffer } | null = null;

  constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  record(entry: AuditEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entry, at: new Date(), resolve, reject });
      if (!this.flushing) this.flushing = this.drain();
    });
  }

  /** Waits until everything recorded so far is written. */
  async settle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, 500);
        try {
          await this.writeBatch(batch.map((b) => ({ entry: b.entry, at: b.at })));
          for (const b of batch) b.resolve();
        } catch (err) {
          for (const b of batch) b.reject(err);
        }
      }
    } finally {
      this.flushing = null;
    }
  }

  private async writeBatch(batch: { entry: AuditEntry; at: Date }[]): Promise<void> {
    // Optimistic append: the head this node wrote last is the chain's head unless another node
    // appended since, and then the primary key on seq refuses the batch as a whole. So a batch is
    // one INSERT in its own implicit transaction (one round trip, commit included); only a conflict,
    // or the first batch, reads the head, and the retry then takes the chain lock so contending
    // nodes queue instead of racing again.
    for (let attempt = 0; ; attempt++) {
      const locked = attempt > 0;
      const client = locked || !this.head ? await this.pool.connect() : null;
      try {
        let head = this.head;
        if (client) {
          const opened = (await client.query(locked
            ? `BEGIN; SELECT pg_advisory_xact_lock(${CHAIN_LOCK}); ${HEAD_SQL}`
            : HEAD_SQL)) as unknown as { rows: { seq: string; hash: Buffer }[] }[] | { rows: { seq: string; hash: Buffer }[] };
          const row = (Array.isArray(opened) ? opened[2] : opened).rows[0];
          head = { seq: row ? Number(row.seq) : 0, hash: row?.hash ?? GENESIS };
        }
        const { columns, last } = sealBatch(batch, head!);
        await (client ?? this.pool).query({ name: 'audit_append', text: APPEND_SQL, values: columns });
        if (locked) await client!.query('COMMIT');
        this.head = last;
        return;
      } catch (err) {
        this.head = null;
        if (locked) await client!.query('ROLLBACK').catch(() => {});
        // Another node took these seq numbers first: read the new head and try again.
        if ((err as { code?: string }).code === '23505' && attempt < 20) continue;
        throw err;
      } finally {
        client?.release();
      }
    }
  }
}

const HEAD_SQL = 'SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1';

/** Seals a batch onto the chain after `head`: the insert's column arrays and the new head. */
function sealBatch(batch: { entry: AuditEntry; at: Date }[], head: { seq: number; hash: Buffer }) {
  let seq = head.seq;
  let prev = head.hash;
  // Column arrays and one named statement: the same plan serves every batch size.
  const columns: unknown[][] = Array.from({ length: 16 }, () => []);
  for (const { entry, at } of batch) {
    seq += 1;
    const sealed = seal(entry, seq, at.toISOString(), prev);
    prev = sealed.hash;
    const row = [
      sealed.seq, sealed.at, sealed.actorUserId, sealed.actorFacilityId, sealed.action, sealed.outcome,
      sealed.patientId, sealed.resourceType, sealed.resourceId, sealed.purpose, sealed.reason, sealed.ip,
      sealed.flagged, sealed.details === null ? null : JSON.stringify(sealed.details), sealed.prevHash, sealed.hash,
    ];
    for (let i = 0; i < row.length; i++) columns[i].push(row[i]);
  }
  return { columns, last: { seq, hash: prev } };
}

function seal(entry: AuditEntry, seq: number, at: string, prevHash: Buffer): Sealed {
  const body = {
    seq,
    at,
    actorUserId: entry.actorUserId,
    actorFacilityId: entry.actorFacilityId,
    action: entry.action,
    outcome: entry.outcome,
    patientId: entry.patientId ?? null,
    resourceType: entry.resourceType ?? null,
    resourceId: entry.resourceId ?? null,
    purpose: entry.purpose ?? null,
    reason: entry.reason ?? null,
    ip: entry.ip ?? null,
    flagged: entry.flagged ?? false,
    details: entry.details ?? null,
  };
  return { ...body, prevHash, hash: chainHash(prevHash, canonicalAuditBytes(body)) };
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  problems: { seq: number; problem: 'changed' | 'missing' | 'relinked' }[];
}

/** Walks the whole chain in order and reports every record that was changed, removed or relinked. */
export async function verifyAuditChain(pool: pg.Pool): Promise<ChainReport> {
  const problems: ChainReport['problems'] = [];
  let prevHash = GENESIS;
  let expectedSeq = 1;
  let checked = 0;
  let after = 0;
  for (;;) {
    const { rows } = await pool.query(
      `SELECT seq, at, actor_user_id, actor_facility_id, action, outcome, patient_id, resource_type, resource_id,
              purpose, reason, ip, flagged, details, prev_hash, hash
         FROM audit_event WHERE seq > $1 ORDER BY seq LIMIT 5000`,
      [after],
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      const seq = Number(row.seq);
      // A gap explains the next record's broken link, so it is reported once, as what was removed.
      const gap = seq !== expectedSeq;
      if (gap) problems.push({ seq: expectedSeq, problem: 'missing' });
      const body = {
        seq,
        at: (row.at as Date).toISOString(),
        actorUserId: row.actor_user_id,
        actorFacilityId: row.actor_facility_id,
        action: row.action,
        outcome: row.outcome,
        patientId: row.patient_id,
        resourceType: row.resource_type,
        resourceId: row.resource_id,
        purpose: row.purpose,
        reason: row.reason,
        ip: row.ip,
        flagged: row.flagged,
        details: row.details,
      };
      const recomputed = chainHash(row.prev_hash, canonicalAuditBytes(body));
      if (!recomputed.equals(row.hash)) problems.push({ seq, problem: 'changed' });
      else if (!gap && !prevHash.equals(row.prev_hash)) problems.push({ seq, problem: 'relinked' });
      prevHash = row.hash;
      expectedSeq = seq + 1;
      checked++;
      after = seq;
    }
  }
  return { ok: problems.length === 0, checked, problems };
}

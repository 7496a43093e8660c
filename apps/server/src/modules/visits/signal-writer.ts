import type pg from 'pg';

export interface SignalToWrite {
  visitId: string;
  from: string | null;
  /** One participant, or null for everyone in the visit. */
  to: string | null;
  kind: string;
  /** JSON text. */
  payload: string;
  /** Stored only if `to` is admitted to the call and not removed. */
  needsTarget: boolean;
}

interface Queued extends SignalToWrite {
  resolve(stored: boolean): void;
  reject(err: Error): void;
}

const MAX_BATCH = 500;

/**
 * Writes the call channel's messages into `visit_signal` a batch at a time: what arrives while one
 * INSERT is in flight goes into the next, in arrival order. Every row's trigger NOTIFYs, and PostgreSQL
 * serialises the commits of notifying transactions; one statement per message made 2,000 connected
 * browsers queue behind each other (bench/visit-signal.ts), one per batch does not.
 */
export class SignalWriter {
  readonly #pool: pg.Pool;
  readonly #queue: Queued[] = [];
  #draining: Promise<void> | null = null;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** Resolves once the row is committed (true), or refused because its target is not in the call (false). */
  write(signal: SignalToWrite): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ ...signal, resolve, reject });
      this.#draining ??= this.#drain();
    });
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length) {
        const batch = this.#queue.splice(0, MAX_BATCH);
        try {
          const stored = await this.#insert(batch);
          batch.forEach((b, i) => b.resolve(stored.has(i + 1)));
        } catch (err) {
          for (const b of batch) b.reject(err as Error);
        }
      }
    } finally {
      this.#draining = null;
    }
  }

  async #insert(batch: SignalToWrite[]): Promise<Set<number>> {
    const { rows } = await this.#pool.query<{ n: string }>(`WITH t AS (
        SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::jsonb[], $6::boolean[])
          WITH ORDINALITY AS t(visit_id, from_participant, to_participant, kind, payload, needs_target, n)),
      ok AS (SELECT * FROM t WHERE NOT t.needs_target OR EXISTS (SELECT 1 FROM visit_participant p WHERE p.id = t.to_participant
          AND p.visit_id = t.visit_id AND p.admitted_at IS NOT NULL AND p.removed_at IS NULL)),
      written AS (INSERT INTO visit_signal (visit_id, from_participant, to_participant, kind, payload)
        SELECT visit_id, from_participant, to_participant, kind, payload FROM ok ORDER BY n)
      SELECT n FROM ok`, [batch.map((b) => b.visitId), batch.map((b) => b.from), batch.map((b) => b.to), batch.map((b) => b.kind),
      batch.map((b) => b.payload), batch.map((b) => b.needsTarget)]);
    return new Set(rows.map((r) => Number(r.n)));
  }
}

import { randomUUID } from 'node:crypto';
import type pg from 'pg';

// A node refreshes its rows at every heartbeat; a row this old is a node that died.
const STALE_SECONDS = 90;

/**
 * Which users have the app open, across nodes (table `realtime_presence`), so that a change
 * reaches the others through the notifier. Presence is a hint, never an access decision.
 */
export class Presence {
  readonly nodeId = randomUUID();
  readonly #pool: pg.Pool;
  readonly #count = new Map<string, number>();
  /** Each user's row changes run one after another: on a pool, a DELETE sent after an INSERT could otherwise land first and leave the row behind. */
  readonly #queue = new Map<string, Promise<unknown>>();
  #stopped = false;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async connected(userId: string): Promise<void> {
    if (this.#stopped) return;
    const n = (this.#count.get(userId) ?? 0) + 1;
    this.#count.set(userId, n);
    if (n === 1) {
      await this.#inOrder(userId, () => this.#pool.query(`INSERT INTO realtime_presence (node_id, user_id) VALUES ($1, $2)
        ON CONFLICT (user_id, node_id) DO UPDATE SET seen_at = now()`, [this.nodeId, userId]));
    }
  }

  async disconnected(userId: string): Promise<void> {
    if (this.#stopped) return;
    const n = (this.#count.get(userId) ?? 1) - 1;
    if (n > 0) {
      this.#count.set(userId, n);
      return;
    }
    this.#count.delete(userId);
    await this.#inOrder(userId, () => this.#pool.query('DELETE FROM realtime_presence WHERE node_id = $1 AND user_id = $2', [this.nodeId, userId]));
  }

  #inOrder<T>(userId: string, run: () => Promise<T>): Promise<T> {
    const before = this.#queue.get(userId) ?? Promise.resolve();
    const next = before.catch(() => undefined).then(run);
    const tail = next.catch(() => undefined);
    this.#queue.set(userId, tail);
    void tail.then(() => { if (this.#queue.get(userId) === tail) this.#queue.delete(userId); });
    return next;
  }

  async heartbeat(): Promise<void> {
    await this.#pool.query('UPDATE realtime_presence SET seen_at = now() WHERE node_id = $1', [this.nodeId]);
  }

  /** The node stops: its rows go (a node that dies instead leaves rows that go stale). */
  async clear(): Promise<void> {
    this.#stopped = true;
    this.#count.clear();
    await this.#pool.query('DELETE FROM realtime_presence WHERE node_id = $1', [this.nodeId]);
  }

  /** Those of `userIds` with the app open on some node. */
  async online(userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const { rows } = await this.#pool.query<{ user_id: string }>(`SELECT DISTINCT user_id FROM realtime_presence
      WHERE user_id = ANY($1::uuid[]) AND seen_at > now() - make_interval(secs => $2)`, [userIds, STALE_SECONDS]);
    return new Set(rows.map((r) => r.user_id));
  }
}

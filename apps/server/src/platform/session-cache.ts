import type { DbListener } from './db-listener.ts';

/**
 * Sessions checked in the last few seconds, so a busy client costs one session query per
 * interval rather than one per request. Correctness does not rest on the TTL: every change to a
 * session, a membership or a user is announced by the database (migration 0002) and each node
 * forgets that user's entries when it hears it; the node that made the change forgets them
 * before answering.
 */
export class SessionCache {
  private readonly ttlMs: number;
  private readonly entries = new Map<string, { userId: string; row: unknown; at: number }>();
  /** Off until the change listener is connected, and whenever it is not. */
  enabled = false;

  constructor(ttlMs: number) {
    this.ttlMs = ttlMs;
  }

  get(key: string, now: number): unknown {
    const hit = this.enabled ? this.entries.get(key) : undefined;
    if (!hit) return undefined;
    if (now - hit.at > this.ttlMs || now < hit.at) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.row;
  }

  set(key: string, userId: string, row: unknown, now: number): void {
    if (this.ttlMs <= 0 || !this.enabled) return;
    // Bounded: a flood of distinct cookies cannot grow it without limit.
    if (this.entries.size >= 50_000) this.entries.clear();
    this.entries.set(key, { userId, row, at: now });
  }

  forgetUser(userId: string): void {
    for (const [key, entry] of this.entries) if (entry.userId === userId) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

/**
 * Forgets a user's cached sessions when the database announces a change to them (any node's
 * change). While the listener is down nothing is cached, since a change could be missed.
 */
export function watchSessionChanges(listener: DbListener, cache: SessionCache): void {
  listener.on('telemed_session', (userId) => cache.forgetUser(userId));
  listener.onConnectionChange((connected) => {
    cache.clear();
    cache.enabled = connected;
  });
}

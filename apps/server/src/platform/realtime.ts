import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import { REALTIME_CLOSE, RealtimeClientMessage, type RealtimeFeed } from '@telemed/contracts';
import type { DbListener } from './db-listener.ts';
import type { Principal } from './policy.ts';
import type { Presence } from './presence.ts';

/**
 * A stream of events some users may see, fed by a PostgreSQL channel. Live events come from NOTIFY
 * (sent at commit, so on every node at once); `replay` reads what a reconnecting client missed
 * from the table the events are kept in, under the same rule as `isFor`.
 */
export interface Feed {
  name: RealtimeFeed;
  channel: string;
  parse(payload: string): { id: number; isFor(principal: Principal): boolean; message: string };
  /** The newest event id. */
  head(): Promise<number>;
  replay(principal: Principal, since: number, limit: number): Promise<{ id: number; message: string }[]>;
}

interface Conn {
  socket: WebSocket;
  principal: Principal;
  /** Live events that arrive while the resume replays; sent after it, in order. */
  held: { id: number; message: string }[] | null;
  alive: boolean;
  resumeTimer: NodeJS.Timeout | null;
}

export interface RealtimeOptions {
  listener: DbListener;
  log: FastifyBaseLogger;
  feeds: Feed[];
  /** The principal of a session as it stands now (null: the session has ended). */
  refreshPrincipal(p: Principal): Promise<Principal | null>;
  /** Who has the app open, for the notifier to reach the others. */
  presence?: Presence;
  replayLimit?: number;
  /** A client further behind than this is told to reload instead of being replayed to. */
  maxGap?: number;
  heartbeatMs?: number;
  recheckMs?: number;
}

// Ids are assigned at insert and made visible at commit, so a later id can be seen first; a
// resume starts a little before the client's cursor and the client drops ids it already has.
const REPLAY_OVERLAP = 32;
// A client that cannot keep up (a stalled link) is dropped; it reconnects and replays.
const MAX_BUFFERED = 1 << 20;
const MAX_PER_SESSION = 50;

/**
 * The node's WebSocket connections and the database channels that feed them. Nothing here is the
 * only copy of anything: every event is in PostgreSQL, so a node that restarts, or a client that
 * loses its link, loses no event — it replays from its cursor.
 */
export class RealtimeHub {
  readonly #opts: Required<RealtimeOptions>;
  readonly #conns = new Set<Conn>();
  readonly #byChannel = new Map<string, Feed>();
  #timers: NodeJS.Timeout[] = [];

  constructor(opts: RealtimeOptions) {
    this.#opts = { replayLimit: 500, maxGap: 50_000, heartbeatMs: 30_000, recheckMs: 60_000, presence: undefined as never, ...opts };
    for (const f of opts.feeds) {
      this.#byChannel.set(f.channel, f);
      opts.listener.on(f.channel, (payload) => this.#onEvent(f, payload));
    }
    opts.listener.on('telemed_session', (userId) => void this.#refreshUser(userId));
    opts.listener.onConnectionChange((connected) => {
      if (connected) return;
      // Events may be missed while the listener is down: every client reconnects and replays.
      for (const c of this.#conns) this.#close(c, REALTIME_CLOSE.restart, 'reconnect');
    });
  }

  get connections(): number {
    return this.#conns.size;
  }

  start(): void {
    this.#timers.push(setInterval(() => this.#heartbeat(), this.#opts.heartbeatMs).unref());
    this.#timers.push(setInterval(() => void this.#recheck(), this.#opts.recheckMs).unref());
  }

  async stop(): Promise<void> {
    for (const t of this.#timers) clearInterval(t);
    for (const c of this.#conns) this.#close(c, REALTIME_CLOSE.goingAway, 'server stopping');
    await this.#opts.presence?.clear().catch(() => {});
  }

  /** Takes an authenticated socket; the client's first message must be its resume. */
  attach(socket: WebSocket, principal: Principal): void {
    if (!this.#opts.listener.connected) {
      socket.close(REALTIME_CLOSE.restart, 'not ready');
      return;
    }
    // One per open tab is the use; a session holding many more is a fault or an abuse.
    const key = principal.sessionHash?.toString('base64');
    let sameSession = 0;
    for (const c of this.#conns) if (c.principal.sessionHash?.toString('base64') === key) sameSession++;
    if (sameSession >= MAX_PER_SESSION) {
      socket.close(1008, 'too many connections');
      return;
    }
    const conn: Conn = { socket, principal, held: [], alive: true, resumeTimer: null };
    conn.resumeTimer = setTimeout(() => this.#close(conn, 1008, 'resume expected'), 10_000);
    this.#conns.add(conn);
    const presence = this.#opts.presence;
    const userId = principal.userId;
    const warn = (err: Error) => this.#opts.log.warn({ err: { message: err.message } }, 'presence not recorded');
    void presence?.connected(userId).catch(warn);
    socket.on('pong', () => { conn.alive = true; });
    socket.on('close', () => {
      if (conn.resumeTimer) clearTimeout(conn.resumeTimer);
      this.#conns.delete(conn);
      void presence?.disconnected(userId).catch(warn);
    });
    socket.on('message', (data, isBinary) => {
      // Client messages here are a few bytes: anything large is a fault or an abuse.
      if (isBinary || (data as Buffer).length > 4096) return this.#close(conn, 1009, 'message too large');
      let parsed: ReturnType<typeof RealtimeClientMessage.safeParse>;
      try {
        parsed = RealtimeClientMessage.safeParse(isBinary ? null : JSON.parse(String(data)));
      } catch {
        parsed = RealtimeClientMessage.safeParse(null);
      }
      if (!parsed.success) return this.#close(conn, 1008, 'invalid message');
      if (parsed.data.type === 'ping') return this.#send(conn, '{"type":"pong"}');
      if (conn.held === null || !conn.resumeTimer) return this.#close(conn, 1008, 'resume sent twice');
      clearTimeout(conn.resumeTimer);
      conn.resumeTimer = null;
      void this.#resume(conn, parsed.data.cursors).catch((err: Error) => {
        this.#opts.log.warn({ err: { message: err.message } }, 'real-time resume failed');
        this.#close(conn, REALTIME_CLOSE.restart, 'retry');
      });
    });
  }

  async #resume(conn: Conn, cursors: Partial<Record<RealtimeFeed, number>>): Promise<void> {
    const { replayLimit, maxGap } = this.#opts;
    const ready: Record<string, number> = {};
    const replayed = new Set<number>();
    for (const feed of this.#byChannel.values()) {
      const head = await feed.head();
      const since = cursors[feed.name];
      ready[feed.name] = head;
      if (since === undefined) continue;
      if (since > head || head - since > maxGap) {
        this.#send(conn, JSON.stringify({ type: 'resync', feed: feed.name, cursor: head }));
        continue;
      }
      const rows = await feed.replay(conn.principal, Math.max(0, since - REPLAY_OVERLAP), replayLimit + 1);
      if (rows.length > replayLimit) {
        this.#send(conn, JSON.stringify({ type: 'resync', feed: feed.name, cursor: head }));
        continue;
      }
      for (const r of rows) {
        replayed.add(r.id);
        this.#send(conn, r.message);
      }
    }
    const held = conn.held ?? [];
    conn.held = null;
    for (const h of held) if (!replayed.has(h.id)) this.#send(conn, h.message);
    this.#send(conn, JSON.stringify({ type: 'ready', cursors: ready }));
  }

  #onEvent(feed: Feed, payload: string): void {
    let ev: ReturnType<Feed['parse']>;
    try {
      ev = feed.parse(payload);
    } catch {
      this.#opts.log.warn({ feed: feed.name }, 'unreadable real-time notification');
      return;
    }
    for (const c of this.#conns) {
      if (!ev.isFor(c.principal)) continue;
      if (c.held) c.held.push({ id: ev.id, message: ev.message });
      else this.#send(c, ev.message);
    }
  }

  /** A change to a user's sessions or memberships: each of their connections acts as they now may, or ends. */
  async #refreshUser(userId: string): Promise<void> {
    await this.#refresh([...this.#conns].filter((c) => c.principal.userId === userId));
  }

  /** Sessions end by expiry too, which no one announces. */
  async #recheck(): Promise<void> {
    await this.#refresh([...this.#conns]);
  }

  /** One read per session, however many tabs share it. */
  async #refresh(conns: Conn[]): Promise<void> {
    const bySession = new Map<string, Conn[]>();
    for (const c of conns) {
      const key = c.principal.sessionHash?.toString('base64') ?? '';
      bySession.set(key, [...(bySession.get(key) ?? []), c]);
    }
    for (const group of bySession.values()) {
      const current = group[0].principal;
      const next = await this.#opts.refreshPrincipal(current).catch(() => current);
      for (const c of group) {
        if (!next || next.state !== 'active') this.#close(c, REALTIME_CLOSE.signedOut, 'signed out');
        else c.principal = next;
      }
    }
  }

  #heartbeat(): void {
    void this.#opts.presence?.heartbeat().catch(() => {});
    for (const c of this.#conns) {
      // A link that died without a close (a dropped rural connection) shows up as a missing pong.
      if (!c.alive) {
        c.socket.terminate();
        this.#conns.delete(c);
        continue;
      }
      c.alive = false;
      c.socket.ping();
    }
  }

  #send(c: Conn, message: string): void {
    if (c.socket.readyState !== c.socket.OPEN) return;
    if (c.socket.bufferedAmount > MAX_BUFFERED) return this.#close(c, REALTIME_CLOSE.tooSlow, 'too slow');
    c.socket.send(message);
  }

  #close(c: Conn, code: number, reason: string): void {
    if (c.resumeTimer) clearTimeout(c.resumeTimer);
    this.#conns.delete(c);
    c.socket.close(code, reason);
  }
}

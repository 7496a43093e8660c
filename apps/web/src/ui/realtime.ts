import type { RealtimeFeed, RealtimeServerMessage } from '@telemed/contracts';

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'closed';

/** Something on the server changed: a case (its id), a conversation with the care team (its id), or anything at all (null: reload what is shown). */
export interface LiveChange {
  feed: RealtimeFeed;
  consultationId: string | null;
  /** The conversation of a `care_message` event. */
  threadId?: string | null;
  action: string | null;
}

interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(code?: number): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export interface RealtimeOptions {
  url: string;
  createSocket?: (url: string) => SocketLike;
  /** Timers, replaceable in tests. */
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  random?: () => number;
}

const SIGNED_OUT = 4401;
// A link that died without closing (a dropped rural connection) is found by a ping left unanswered.
const PING_EVERY_MS = 25_000;
const PONG_WITHIN_MS = 10_000;
const MAX_BACKOFF_MS = 15_000;

/**
 * The app's one real-time connection. It reconnects by itself with growing, jittered delays (so a
 * district's clients do not all return at once), at once when the device comes back online, and
 * resumes from the last event it saw, so nothing that happened meanwhile is missed.
 */
export class RealtimeClient {
  readonly #opts: Required<RealtimeOptions>;
  readonly #listeners = new Set<(c: LiveChange) => void>();
  readonly #stateListeners = new Set<(s: LiveState) => void>();
  #socket: SocketLike | null = null;
  #cursors: Record<string, number> = {};
  /** Events already delivered (feed:id): a resume starts a little early and repeats some. */
  #recent: string[] = [];
  #state: LiveState = 'closed';
  #attempt = 0;
  #retry: unknown = null;
  #pingTimer: unknown = null;
  #pongTimer: unknown = null;
  #stopped = true;

  constructor(opts: RealtimeOptions) {
    this.#opts = {
      createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
      setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
      clearTimeout: (h) => globalThis.clearTimeout(h as number),
      random: Math.random,
      ...opts,
    };
  }

  get state(): LiveState {
    return this.#state;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#open();
  }

  stop(): void {
    this.#stopped = true;
    this.#clearTimers();
    const s = this.#socket;
    this.#socket = null;
    s?.close(1000);
    this.#setState('closed');
  }

  /** The device says it is online again, or the page is visible again: do not wait for the back-off. */
  nudge(): void {
    if (this.#stopped || this.#state === 'live' || this.#state === 'connecting') return;
    this.#attempt = 0;
    this.#opts.clearTimeout(this.#retry);
    this.#open();
  }

  subscribe(fn: (c: LiveChange) => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  onState(fn: (s: LiveState) => void): () => void {
    this.#stateListeners.add(fn);
    return () => this.#stateListeners.delete(fn);
  }

  #open(): void {
    this.#setState(this.#attempt === 0 && Object.keys(this.#cursors).length === 0 ? 'connecting' : 'reconnecting');
    const socket = this.#opts.createSocket(this.#opts.url);
    this.#socket = socket;
    socket.onopen = () => {
      socket.send(JSON.stringify({ type: 'resume', cursors: this.#cursors }));
      this.#schedulePing();
    };
    socket.onmessage = (ev) => {
      if (socket !== this.#socket || typeof ev.data !== 'string') return;
      this.#onMessage(JSON.parse(ev.data) as RealtimeServerMessage);
    };
    socket.onerror = () => { /* followed by close */ };
    socket.onclose = (ev) => this.#drop(socket, ev.code);
  }

  #drop(socket: SocketLike, code: number): void {
    if (socket !== this.#socket) return;
    this.#socket = null;
    this.#clearTimers();
    if (this.#stopped) return;
    if (code === SIGNED_OUT) {
      this.#stopped = true;
      this.#setState('closed');
      return;
    }
    this.#setState('reconnecting');
    const base = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.#attempt);
    this.#attempt += 1;
    this.#retry = this.#opts.setTimeout(() => this.#open(), base / 2 + this.#opts.random() * (base / 2));
  }

  #onMessage(m: RealtimeServerMessage): void {
    this.#alive();
    if (m.type === 'event') {
      // Each feed numbers its own events.
      const key = `${m.feed}:${m.id}`;
      if (this.#recent.includes(key)) return;
      this.#recent.push(key);
      if (this.#recent.length > 256) this.#recent.shift();
      this.#cursors[m.feed] = Math.max(this.#cursors[m.feed] ?? 0, m.id);
      if (m.feed === 'consultation') this.#emit({ feed: m.feed, consultationId: m.consultationId, action: m.action });
      else this.#emit({ feed: m.feed, consultationId: null, threadId: m.threadId, action: m.fromPatient ? 'patient' : 'care_team' });
    } else if (m.type === 'resync') {
      this.#cursors[m.feed] = m.cursor;
      this.#emit({ feed: m.feed, consultationId: null, action: null });
    } else if (m.type === 'ready') {
      for (const [feed, head] of Object.entries(m.cursors)) this.#cursors[feed] = Math.max(this.#cursors[feed] ?? 0, head);
      this.#attempt = 0;
      this.#setState('live');
    }
  }

  #emit(c: LiveChange): void {
    for (const fn of this.#listeners) fn(c);
  }

  #setState(s: LiveState): void {
    if (this.#state === s) return;
    this.#state = s;
    for (const fn of this.#stateListeners) fn(s);
  }

  #schedulePing(): void {
    this.#opts.clearTimeout(this.#pingTimer);
    this.#pingTimer = this.#opts.setTimeout(() => {
      const s = this.#socket;
      if (!s) return;
      s.send('{"type":"ping"}');
      // A dead link may never finish the closing handshake: reconnect without waiting for it.
      this.#pongTimer = this.#opts.setTimeout(() => {
        s.close(4000);
        this.#drop(s, 4000);
      }, PONG_WITHIN_MS);
    }, PING_EVERY_MS);
  }

  /** Any message shows the link works. */
  #alive(): void {
    this.#opts.clearTimeout(this.#pongTimer);
    this.#pongTimer = null;
    this.#schedulePing();
  }

  #clearTimers(): void {
    this.#opts.clearTimeout(this.#pingTimer);
    this.#opts.clearTimeout(this.#pongTimer);
    this.#opts.clearTimeout(this.#retry);
  }
}

import type { VisitClientMessage, VisitServerMessage } from '@telemed/contracts';

export type ChannelState = 'connecting' | 'open' | 'reconnecting' | 'closed';
/** Why the channel closed for good: the pass or session no longer holds, the guest was removed, the visit ended. */
export type ChannelEnd = 'unauthorized' | 'removed' | 'ended';

const FINAL: Record<number, ChannelEnd> = { 4401: 'unauthorized', 4403: 'removed', 4410: 'ended' };
// During a call a dead link must be noticed in seconds, not the half-minute the app's other channel allows.
const PING_EVERY_MS = 5_000;
const PONG_WITHIN_MS = 4_000;
const MAX_BACKOFF_MS = 2_000;

/** The visit's call channel on this server. */
export const channelUrl = (visitId: string) => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/visits/${visitId}/signal`;

/** Connections opened ahead of the call, by URL; the call's first connection takes one (the server waits for `hello`). */
const warm = new Map<string, WebSocket>();

/**
 * Opens the call channel's connection while the user is still at the check before the call, so that "Join" only says
 * `hello` on a connection already made and authorised. Returns the release: a connection not taken soon after is closed.
 */
export function prewarmChannel(url: string): () => void {
  let socket = warm.get(url);
  if (!socket) {
    const s = new WebSocket(url);
    s.onclose = () => { if (warm.get(url) === s) warm.delete(url); };
    warm.set(url, s);
    socket = s;
  }
  const mine = socket;
  // Released as the check before the call goes: "Join" starts the call in the same moment, which takes the connection first.
  return () => {
    setTimeout(() => {
      if (warm.get(url) !== mine) return;
      warm.delete(url);
      mine.close(1000);
    }, 1_000);
  };
}

function takeWarm(url: string): WebSocket | null {
  const s = warm.get(url);
  warm.delete(url);
  if (!s || (s.readyState !== WebSocket.CONNECTING && s.readyState !== WebSocket.OPEN)) return null;
  s.onclose = null;
  return s;
}

export interface ChannelOptions {
  url: string;
  onMessage(m: VisitServerMessage): void;
  onState(s: ChannelState): void;
  onEnd(reason: ChannelEnd): void;
}

/**
 * The visit's call channel. It reconnects by itself quickly (a call cannot wait long), and says
 * `hello` with the last signal it saw so the server replays what arrived while the link was down.
 */
export class VisitChannel {
  readonly #opts: ChannelOptions;
  #socket: WebSocket | null = null;
  #cursor = 0;
  #attempt = 0;
  #stopped = false;
  #retry: ReturnType<typeof setTimeout> | null = null;
  #ping: ReturnType<typeof setInterval> | null = null;
  #pong: ReturnType<typeof setTimeout> | null = null;
  #queue: string[] = [];

  constructor(opts: ChannelOptions) {
    this.#opts = opts;
  }

  start(): void {
    window.addEventListener('online', this.#onOnline);
    this.#open();
  }

  stop(): void {
    this.#stopped = true;
    window.removeEventListener('online', this.#onOnline);
    this.#clear();
    this.#socket?.close(1000);
    this.#socket = null;
    this.#opts.onState('closed');
  }

  get isOpen(): boolean {
    return this.#socket?.readyState === WebSocket.OPEN;
  }

  /** Sent now, or as soon as the link is back (signals must not be lost to a short drop). */
  send(m: VisitClientMessage): void {
    const data = JSON.stringify(m);
    if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(data);
    else if (m.type !== 'ping') this.#queue.push(data);
  }

  #onOnline = () => {
    if (this.#stopped || this.#socket?.readyState === WebSocket.OPEN) return;
    this.#attempt = 0;
    if (this.#retry) clearTimeout(this.#retry);
    this.#socket?.close();
    this.#open();
  };

  #open(): void {
    const first = this.#attempt === 0 && this.#cursor === 0;
    this.#opts.onState(first ? 'connecting' : 'reconnecting');
    const socket = (first ? takeWarm(this.#opts.url) : null) ?? new WebSocket(this.#opts.url);
    this.#socket = socket;
    socket.onopen = () => {
      this.#attempt = 0;
      socket.send(JSON.stringify({ type: 'hello', since: this.#cursor }));
      for (const q of this.#queue.splice(0)) socket.send(q);
      this.#opts.onState('open');
      this.#ping = setInterval(() => {
        socket.send('{"type":"ping"}');
        this.#pong ??= setTimeout(() => socket.close(4000, 'no pong'), PONG_WITHIN_MS);
      }, PING_EVERY_MS);
    };
    socket.onmessage = (ev) => {
      let m: VisitServerMessage;
      try {
        m = JSON.parse(String(ev.data)) as VisitServerMessage;
      } catch {
        return;
      }
      if (m.type === 'pong') {
        if (this.#pong) clearTimeout(this.#pong);
        this.#pong = null;
        return;
      }
      if (m.type === 'signal' || m.type === 'chat') this.#cursor = Math.max(this.#cursor, m.id);
      this.#opts.onMessage(m);
    };
    socket.onclose = (ev) => {
      if (this.#socket !== socket) return;
      this.#clear();
      const end = FINAL[ev.code];
      if (end) {
        this.#stopped = true;
        this.#opts.onState('closed');
        this.#opts.onEnd(end);
        return;
      }
      if (this.#stopped) return;
      this.#opts.onState('reconnecting');
      const delay = Math.min(MAX_BACKOFF_MS, 250 * 2 ** this.#attempt++) * (0.75 + Math.random() * 0.5);
      this.#retry = setTimeout(() => this.#open(), delay);
    };
    // A connection opened ahead of the call is open already: hello at once.
    if (socket.readyState === WebSocket.OPEN) socket.onopen(new Event('open'));
  }

  #clear(): void {
    if (this.#ping) clearInterval(this.#ping);
    if (this.#pong) clearTimeout(this.#pong);
    if (this.#retry) clearTimeout(this.#retry);
    this.#ping = this.#pong = this.#retry = null;
  }
}

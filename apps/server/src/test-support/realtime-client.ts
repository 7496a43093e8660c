import WebSocket from 'ws';
import type { RealtimeServerMessage } from '@telemed/contracts';
import type { Session } from './app.ts';

export interface Channel {
  messages: RealtimeServerMessage[];
  /** Resolves with the first message (already received or coming) that matches, or rejects after the wait. */
  next(match: (m: RealtimeServerMessage) => boolean, waitMs?: number): Promise<RealtimeServerMessage>;
  /** Resolves with the close code. */
  closed: Promise<number>;
  close(): void;
}

/** A client of the real-time channel as the web app is: the session cookie, the page's origin, a resume first. */
export async function openChannel(base: string, session: Session | null,
  opts: { cursors?: Record<string, number>; origin?: string } = {}): Promise<Channel> {
  const url = `${base.replace(/^http/, 'ws')}/api/realtime`;
  const socket = new WebSocket(url, { headers: { ...(session ? { cookie: session.cookie } : {}), origin: opts.origin ?? base } });
  const messages: RealtimeServerMessage[] = [];
  const waiters: { match: (m: RealtimeServerMessage) => boolean; resolve: (m: RealtimeServerMessage) => void }[] = [];
  socket.on('message', (data) => {
    const m = JSON.parse(String(data)) as RealtimeServerMessage;
    messages.push(m);
    for (const w of [...waiters]) if (w.match(m)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(m); }
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`handshake refused: ${res.statusCode}`), { status: res.statusCode })));
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ type: 'resume', cursors: opts.cursors ?? {} }));
  return {
    messages,
    closed,
    close: () => socket.close(),
    next(match, waitMs = 5000) {
      const seen = messages.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no matching real-time message')), waitMs);
        waiters.push({ match, resolve: (m) => { clearTimeout(timer); resolve(m); } });
      });
    },
  };
}

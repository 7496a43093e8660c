import WebSocket from 'ws';
import type { VisitClientMessage, VisitServerMessage } from '@telemed/contracts';

export interface VisitChannel {
  messages: VisitServerMessage[];
  next<T extends VisitServerMessage['type']>(type: T, match?: (m: Extract<VisitServerMessage, { type: T }>) => boolean, waitMs?: number):
    Promise<Extract<VisitServerMessage, { type: T }>>;
  send(m: VisitClientMessage): void;
  closed: Promise<number>;
  close(): void;
}

/** A browser on a visit's call channel: its cookie (session or guest pass), the page's origin, `hello` first. */
export async function openVisitChannel(base: string, visitId: string, cookie: string | null, opts: { since?: number; origin?: string } = {}):
  Promise<VisitChannel> {
  const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/api/visits/${visitId}/signal`, {
    headers: { ...(cookie ? { cookie } : {}), origin: opts.origin ?? base },
  });
  const messages: VisitServerMessage[] = [];
  const waiters: { match: (m: VisitServerMessage) => boolean; resolve: (m: VisitServerMessage) => void }[] = [];
  socket.on('message', (data) => {
    const m = JSON.parse(String(data)) as VisitServerMessage;
    messages.push(m);
    for (const w of [...waiters]) if (w.match(m)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(m); }
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`handshake refused: ${res.statusCode}`), { status: res.statusCode })));
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ type: 'hello', since: opts.since ?? 0 }));
  return {
    messages,
    closed,
    close: () => socket.close(),
    send: (m) => socket.send(JSON.stringify(m)),
    next(type, match = () => true, waitMs = 5000) {
      const test = (m: VisitServerMessage) => m.type === type && match(m as never);
      const seen = messages.find(test);
      if (seen) return Promise.resolve(seen as never);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${type} message on the visit channel`)), waitMs);
        waiters.push({ match: test, resolve: (m) => { clearTimeout(timer); resolve(m as never); } });
      });
    },
  };
}

import WebSocket from 'ws';

/** A JSON WebSocket as a test drives it: every message kept, and a way to wait for one. */
export interface JsonSocket<In, Out> {
  messages: In[];
  /** Resolves with the first message (already received or coming) that matches, or rejects after the wait. */
  next(match: (m: In) => boolean, waitMs: number, what: string): Promise<In>;
  send(m: Out): void;
  /** Resolves with the close code. */
  closed: Promise<number>;
  close(): void;
}

/** Opens the socket with the browser's cookie and origin; a refused handshake rejects with its HTTP status. */
export async function openJsonSocket<In, Out>(url: string, cookie: string | null, origin: string, first: Out): Promise<JsonSocket<In, Out>> {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), { headers: { ...(cookie ? { cookie } : {}), origin } });
  const messages: In[] = [];
  const waiters: { match: (m: In) => boolean; resolve: (m: In) => void }[] = [];
  socket.on('message', (data) => {
    const m = JSON.parse(String(data)) as In;
    messages.push(m);
    for (const w of [...waiters]) if (w.match(m)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(m); }
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`handshake refused: ${res.statusCode}`), { status: res.statusCode })));
    socket.once('error', reject);
  });
  const send = (m: Out) => socket.send(JSON.stringify(m));
  send(first);
  return {
    messages,
    closed,
    close: () => socket.close(),
    send,
    next(match, waitMs, what) {
      const seen = messages.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${what}`)), waitMs);
        waiters.push({ match, resolve: (m) => { clearTimeout(timer); resolve(m); } });
      });
    },
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export interface RunningServer {
  url: string;
  /** What the server's demo notifier wrote to its log (reset links, sign-up codes, notices), read as the server runs. */
  notices: NoticeLog;
  stop(): Promise<void>;
}

export interface Notice {
  to: string;
  kind: string;
  subject: string;
  body: string;
}

/**
 * The messages a demo server "sends": its log notifier writes each one to the server's log (demo
 * mode only), and this reads them off the log stream, the way a person running the demo reads them.
 */
export class NoticeLog {
  private readonly seen: Notice[] = [];
  private readonly waiters = new Set<() => void>();
  private partial = '';

  /** Takes the server's stdout (pino's JSON lines). */
  feed(chunk: string): void {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.includes('"notification"')) continue;
      try {
        const entry = JSON.parse(line) as { notification?: Notice };
        if (entry.notification) this.seen.push(entry.notification);
      } catch { /* not a log line of ours */ }
    }
    for (const wake of this.waiters) wake();
  }

  all(): readonly Notice[] {
    return this.seen;
  }

  /** The first notice (in order of arrival) that matches, waiting for it if it has not come yet. */
  async waitFor(matches: (n: Notice) => boolean, timeoutMs = 15_000): Promise<Notice> {
    const found = () => this.seen.find(matches);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = found();
      if (hit) return hit;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no such notice in ${timeoutMs} ms; seen: ${this.seen.map((n) => `${n.kind} to ${n.to}`).join(', ')}`);
      await new Promise<void>((resolve) => {
        const wake = () => { clearTimeout(timer); this.waiters.delete(wake); resolve(); };
        const timer = setTimeout(wake, left);
        this.waiters.add(wake);
      });
    }
  }
}

/** Starts the product as `npm start` does (embedded PostgreSQL, demo network, built web app) on free ports. */
export async function startServer(extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  // Ports are picked at random: on a busy machine one may be taken between the pick and the bind, so try again with others.
  // A caller that fixes the port retries itself (with another port).
  for (let attempt = 1; ; attempt++) {
    try {
      return await startServerOnce(extraEnv);
    } catch (err) {
      if (attempt >= 3 || extraEnv.PORT) throw err;
    }
  }
}

async function startServerOnce(extraEnv: Record<string, string>): Promise<RunningServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'telemed-e2e-'));
  const port = extraEnv.PORT ? Number(extraEnv.PORT) : 41_000 + Math.floor(Math.random() * 5_000);
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'apps/server/src/main.ts')], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(port + 10_000), TELEMED_MODE: 'demo',
      // info: the demo notifier's messages (read by `notices`); request lines are off below debug.
      LOG_LEVEL: 'info', AUTH_RATE_LIMIT: '10000', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr += String(d); });
  const notices = new NoticeLog();
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (d: string) => notices.feed(d));
  // HOST binds another address (the poor-network test serves its hosts from netlab's 10.77.0.1).
  const url = `http://${extraEnv.HOST ?? '127.0.0.1'}:${port}`;
  // Generous: a loaded two-core machine has taken over 60 s to initialise PostgreSQL and seed the demo network.
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw new Error(`server exited: ${stderr}`);
    }
    try {
      if ((await fetch(`${url}/api/ready`)).ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      // A server too slow to start must not live on beside the next attempt (and hold its PostgreSQL).
      // SIGTERM first, so it stops its embedded PostgreSQL too; SIGKILL if it does not go.
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw new Error(`server not ready in 120 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    notices,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A signed-in API client, for setting up and checking what the browser cannot see. */
export async function apiClient(base: string, email: string) {
  const res = await fetch(`${base}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'Demo-Telemed-2026' }) });
  if (!res.ok) throw new Error(`sign-in ${email}: ${res.status}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return async (method: string, url: string, body?: unknown) => {
    const r = await fetch(`${base}${url}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of many shapes, asserted field by field
    return { status: r.status, body: (await r.json()) as Record<string, any> };
  };
}

/**
 * What the visit and booking benchmarks share: a private embedded PostgreSQL, migrated and seeded with
 * the demo network, and app nodes (`apps/server/src/main.ts`, each in its own process) on that database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../apps/server/src/app.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { startEmbeddedPostgres } from '../apps/server/src/platform/embedded-postgres.ts';
import { seedDemoNetwork } from '../apps/server/src/modules/demo/seed.ts';
import { SERVER_NODE_FLAGS } from './report.ts';

export const PASSWORD = 'Demo-Telemed-2026';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const port = () => 20_000 + Math.floor(Math.random() * 20_000);

export interface BenchDatabase {
  url: string;
  key: string;
  stop(): Promise<void>;
}

/** A fresh database with the demo network in a temp folder, removed on stop. */
export async function startDatabase(name: string, maxConnections = 200): Promise<BenchDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `telemed-bench-${name}-`));
  const embedded = await startEmbeddedPostgres({ dataDir: dir, port: port(), maxConnections });
  const key = Buffer.alloc(32, 3).toString('base64');
  const config = loadConfig({ LOG_LEVEL: 'silent', ENCRYPTION_KEY: key });
  const built = await buildApp({ config, databaseUrl: embedded.url, logger: false });
  await seedDemoNetwork(built.deps);
  await built.close();
  return {
    url: embedded.url,
    key,
    async stop() {
      await embedded.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface AppNode {
  base: string;
  pid: number;
  stop(): Promise<void>;
}

/** One app node on the database, ready when it answers /api/ready. */
export async function startNode(db: BenchDatabase, env: Record<string, string> = {}): Promise<AppNode> {
  const p = port();
  const child: ChildProcess = spawn(process.execPath, [...SERVER_NODE_FLAGS, path.join(import.meta.dirname, '../apps/server/src/main.ts')], {
    env: { ...process.env, DATABASE_URL: db.url, PORT: String(p), LOG_LEVEL: 'warn', ENCRYPTION_KEY: db.key, AUTH_RATE_LIMIT: '1000000',
      WRITE_RATE_LIMIT: '1000000', WEB_DIST: '/nonexistent', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${p}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`app node exited with ${child.exitCode}`);
    if (await fetch(`${base}/api/ready`).then((r) => r.ok, () => false)) break;
    if (i > 600) throw new Error('app node not ready in 60 s');
    await sleep(100);
  }
  return {
    base,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Signs in; returns the session cookie and the CSRF token. */
export async function signIn(base: string, email: string): Promise<{ cookie: string; csrf: string }> {
  const r = await fetch(`${base}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }) });
  if (!r.ok) throw new Error(`sign-in ${email}: ${r.status}`);
  const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  return { cookie, csrf: csrfToken };
}

/** A JSON request as a signed-in user. */
export async function call<T = Record<string, unknown>>(base: string, s: { cookie: string; csrf: string }, method: string, url: string,
  body?: unknown): Promise<{ status: number; body: T; type: string }> {
  const r = await fetch(`${base}${url}`, { method, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf,
    ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, body: body !== undefined ? JSON.stringify(body) : undefined });
  const text = await r.text();
  return { status: r.status, body: (text ? JSON.parse(text) : {}) as T, type: r.headers.get('content-type') ?? '' };
}

/** CPU time (user + system, ms) and RSS (MiB) of a process, from /proc. */
export function procStat(pid: number): { cpuMs: number; rssMiB: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rss = Number(fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024;
  return { cpuMs: ticks * 10, rssMiB: rss };
}

export const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

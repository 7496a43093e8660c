/**
 * Real-time delivery with 1,000 connected clients: `node bench/realtime.ts [--write]`.
 *
 * Starts a private embedded PostgreSQL, migrates and seeds it, runs the server in its own process,
 * and opens 1,000 WebSocket clients to it as the web app does (session cookie, resume). 800 of them
 * are staff of the regional centre (they must hear each event), 200 are a district doctor of
 * another hospital (they must not). The bench then commits case events one by one and measures,
 * for every client that should hear it, the time from just before COMMIT to the message's arrival.
 * Clients and the committer share one clock (this process).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import WebSocket from 'ws';
import { buildApp } from '../apps/server/src/app.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { startEmbeddedPostgres } from '../apps/server/src/platform/embedded-postgres.ts';
import { seedDemoNetwork } from '../apps/server/src/modules/demo/seed.ts';
import { machineLine, writeSection, SERVER_NODE_FLAGS } from './report.ts';

const WRITE = process.argv.includes('--write');
const HUB_CLIENTS = Number(process.env.BENCH_HUB_CLIENTS ?? 800);
const OTHER_CLIENTS = Number(process.env.BENCH_OTHER_CLIENTS ?? 200);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 300);
const EVERY_MS = 50;
const PASSWORD = 'Demo-Telemed-2026';
const log = (m: string) => process.stderr.write(`[realtime ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'telemed-bench-realtime-'));
const embedded = await startEmbeddedPostgres({ dataDir: dir, port: 20_000 + Math.floor(Math.random() * 20_000), maxConnections: 200 });
const started = Date.now();
const key = Buffer.alloc(32, 3).toString('base64');
let server: ReturnType<typeof spawn> | null = null;
try {
  const config = loadConfig({ LOG_LEVEL: 'silent', ENCRYPTION_KEY: key });
  const built = await buildApp({ config, databaseUrl: embedded.url, logger: false });
  await seedDemoNetwork(built.deps);
  await built.close();

  const port = 20_000 + Math.floor(Math.random() * 20_000);
  server = spawn(process.execPath, [...SERVER_NODE_FLAGS, path.join(import.meta.dirname, '../apps/server/src/main.ts')], {
    env: { ...process.env, DATABASE_URL: embedded.url, PORT: String(port), LOG_LEVEL: 'warn', ENCRYPTION_KEY: key,
      AUTH_RATE_LIMIT: '1000000', WRITE_RATE_LIMIT: '1000000', WEB_DIST: '/nonexistent' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (await fetch(`${base}/api/ready`).then((r) => r.ok, () => false)) break;
    await sleep(100);
  }
  const signIn = async (email: string) => {
    const r = await fetch(`${base}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }) });
    if (!r.ok) throw new Error(`sign-in ${email}: ${r.status}`);
    return r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  };
  // Sessions shared by several clients each (the server allows 50 per session).
  const hubSessions = [...await Promise.all(Array.from({ length: 10 }, () => signIn('coordinator@demo.telemed'))),
    ...await Promise.all(Array.from({ length: 10 }, () => signIn('cardiologist@demo.telemed')))];
  const otherSessions = await Promise.all(Array.from({ length: 5 }, () => signIn('doctor.irgiz@demo.telemed')));

  const received = new Map<number, number[]>();
  let strayDeliveries = 0;
  const open = (cookie: string, isHub: boolean) => new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/realtime`, { headers: { cookie, origin: base } });
    ws.on('open', () => ws.send(JSON.stringify({ type: 'resume', cursors: {} })));
    ws.on('message', (data) => {
      const at = performance.now();
      const m = JSON.parse(String(data)) as { type: string; id?: number };
      if (m.type === 'ready') return resolve(ws);
      if (m.type !== 'event' || m.id === undefined) return;
      if (!isHub) { strayDeliveries++; return; }
      let list = received.get(m.id);
      if (!list) received.set(m.id, list = []);
      list.push(at);
    });
    ws.on('error', reject);
  });
  log(`opening ${HUB_CLIENTS + OTHER_CLIENTS} clients`);
  const clients: WebSocket[] = [];
  for (let i = 0; i < HUB_CLIENTS; i += 50) {
    clients.push(...await Promise.all(Array.from({ length: Math.min(50, HUB_CLIENTS - i) }, (_, j) => open(hubSessions[(i + j) % hubSessions.length], true))));
  }
  for (let i = 0; i < OTHER_CLIENTS; i += 50) {
    clients.push(...await Promise.all(Array.from({ length: Math.min(50, OTHER_CLIENTS - i) }, (_, j) => open(otherSessions[(i + j) % otherSessions.length], false))));
  }
  log(`${clients.length} clients connected`);

  // One case at the regional centre from a Shalkar doctor; its events go to the hub's staff.
  const owner = new pg.Client({ connectionString: embedded.url });
  await owner.connect();
  const { rows: [c] } = await owner.query<{ id: string }>(`
    INSERT INTO consultation (patient_id, referring_facility_id, referring_user_id, target_facility_id, profile, urgency, mode, question, summary, status, submitted_at)
    SELECT (SELECT id FROM patient ORDER BY family_name LIMIT 1), (SELECT id FROM facility WHERE code = 'KZ-AKT-SHALKAR'),
           (SELECT id FROM app_user WHERE email = 'doctor.shalkar@demo.telemed'), (SELECT id FROM facility WHERE code = 'KZ-AKT-RTC'),
           'cardiology', 'urgent', 'async', 'Benchmark case', '{}', 'submitted', now()
    RETURNING id`);
  const sentAt = new Map<number, number>();
  await sleep(1000);
  log(`committing ${EVENTS} events, one every ${EVERY_MS} ms`);
  for (let i = 0; i < EVENTS; i++) {
    await owner.query('BEGIN');
    const { rows: [e] } = await owner.query<{ id: string }>(`INSERT INTO consultation_event (consultation_id, actor_user_id, action, from_status, to_status)
      VALUES ($1, NULL, 'message', 'submitted', 'submitted') RETURNING id`, [c.id]);
    const t0 = performance.now();
    await owner.query('COMMIT');
    sentAt.set(Number(e.id), t0);
    await sleep(EVERY_MS);
  }
  await sleep(2000);
  await owner.end();

  const latencies: number[] = [];
  let missing = 0;
  for (const [id, t0] of sentAt) {
    const got = received.get(id) ?? [];
    missing += HUB_CLIENTS - got.length;
    for (const t of got) latencies.push(t - t0);
  }
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  const f = (ms: number) => `${ms.toFixed(1)} ms`;
  for (const ws of clients) ws.close();
  const rss = Number(fs.readFileSync(`/proc/${server.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024;

  const table = ['| Measurement | Result | Target | Met |', '|---|---|---|---|',
    `| Commit → delivery, p50 | ${f(pct(50))} | — | — |`,
    `| Commit → delivery, p99 | ${f(pct(99))} | ≤ 100 ms | ${pct(99) <= 100 ? 'yes' : 'no'} |`,
    `| Commit → delivery, max | ${f(latencies.at(-1) ?? NaN)} | — | — |`,
    `| Deliveries measured (events × hub clients) | ${latencies.length.toLocaleString('en')} of ${(EVENTS * HUB_CLIENTS).toLocaleString('en')}; missing ${missing} | none missing | ${missing === 0 ? 'yes' : 'no'} |`,
    `| Deliveries to clients who are not party to the case | ${strayDeliveries} | 0 | ${strayDeliveries === 0 ? 'yes' : 'no'} |`,
    `| Server RSS with ${clients.length} clients connected | ${rss.toFixed(0)} MiB | — | — |`].join('\n');
  process.stdout.write(`${table}\n`);
  if (WRITE) {
    writeSection('realtime', `## Real-time delivery with 1,000 connected clients (\`bench/realtime.ts\`)

- **Date:** ${new Date().toISOString()}; **command:** \`node bench/realtime.ts --write\`; whole run ${((Date.now() - started) / 1000).toFixed(0)} s
- **Machine:** ${machineLine()}; PostgreSQL embedded, the server in its own process (\`apps/server/src/main.ts\` with \`DATABASE_URL\`),
  the 1,000 WebSocket clients (\`ws\`) and the committer in the bench process, sharing its clock
- **Clients:** ${HUB_CLIENTS} signed in as the regional centre's coordinator and consultant (20 sessions), ${OTHER_CLIENTS} as a district
  doctor of another hospital (5 sessions), each having sent its resume and got \`ready\`
- **Load:** ${EVENTS} case events committed one at a time, one every ${EVERY_MS} ms, each an \`INSERT\` into \`consultation_event\` in its own
  transaction; the time runs from just before \`COMMIT\` is sent to the message's arrival at each client (NOTIFY at commit →
  the server's one listener → the policy's audience check for every connection → WebSocket)

${table}`);
    log('wrote its section of docs/BENCHMARKS.md');
  }
} finally {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server!.once('exit', r));
  }
  await embedded.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

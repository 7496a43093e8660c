/**
 * Telemed Network benchmark: `npm run bench` (prints a Markdown table), `npm run bench -- --write`
 * (also writes docs/BENCHMARKS.md). Everything runs on 127.0.0.1 and the whole run is bounded
 * (a hard stop at HARD_LIMIT_MS kills what it started and exits non-zero).
 *
 *  1. cold start: 3 × fresh empty DATA_DIR (embedded PostgreSQL initialised during start), spawn → first 200 from /api/ready
 *  2. warm start: 3 × the same DATA_DIR again
 *  3. idle memory: VmRSS of the server process and the sum over its PostgreSQL process tree, after ~3 s idle
 *  4. sign-in: autocannon, 50 connections, 10 s, POST /api/auth/sign-in
 *  5. authenticated patient read: autocannon, 50 connections, 3 s warm-up + 20 s, then audit records counted in PostgreSQL
 *  6. the naive baseline (bench/baseline-server.ts) against the same database, same autocannon settings
 *
 * `npm run bench -- --upload [--write]` runs instead the upload section (bench/upload.ts): a 500 MB
 * resumable tus upload against a plain copy of the file.
 *
 * The spawned server gets AUTH_RATE_LIMIT=1000000 so the sign-in benchmark measures sign-in, not the rate limiter.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { flatOut, type FlatOutResult } from './load-client.ts';
import pg from 'pg';
import { verifyAuditChain } from '../apps/server/src/platform/audit.ts';
import { runningEmbeddedUrl } from '../apps/server/src/platform/embedded-postgres.ts';
import { asSection, referenceWorkMs, writeSection, SERVER_NODE_FLAGS } from './report.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVER_ENTRY = path.join(ROOT, 'apps/server/src/main.ts');
const BASELINE_ENTRY = path.join(ROOT, 'bench/baseline-server.ts');
const HOST = '127.0.0.1';
const WRITE = process.argv.includes('--write');
const HARD_LIMIT_MS = 330_000;
const START_RUNS = 3;
const CONNECTIONS = 50;
const SIGN_IN_SECONDS = 10;
const READ_WARMUP_SECONDS = 3;
const READ_SECONDS = 20;
const SWEEP_SECONDS = 15;
const POOL_SIZES = [20, 4, 16, 2];
const AUTOCANNON_VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/autocannon/package.json'), 'utf8')) as { version: string }).version;
const LOADAVG_AT_START = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const REFERENCE_MS_AT_START = referenceWorkMs();
const DOCTOR = { email: 'doctor.shalkar@demo.telemed', password: 'Demo-Telemed-2026' };

// ---------------------------------------------------------------- bookkeeping and clean-up

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();
const usedPorts = new Set<number>();

function log(msg: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Kills, by pid, every process this run started that is still alive (with its descendants), and removes the temp dirs. */
function cleanUpNow(): void {
  for (const child of children) {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) continue;
    for (const p of [child.pid, ...descendants(child.pid).map((d) => d.pid)]) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  }
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
}

process.on('exit', cleanUpNow);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    log(`${sig}: stopping`);
    process.exit(130);
  });
}
const hardStop = setTimeout(() => {
  log(`hard time limit (${HARD_LIMIT_MS / 1000} s) reached: killing everything started and exiting`);
  process.exit(2);
}, HARD_LIMIT_MS);
hardStop.unref();

async function freePort(): Promise<number> {
  for (;;) {
    const srv = net.createServer();
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject);
      srv.listen(0, HOST, () => resolve());
    });
    const port = (srv.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => srv.close(() => resolve()));
    if (!usedPorts.has(port)) {
      usedPorts.add(port);
      return port;
    }
  }
}

function newTempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'telemed-bench-'));
  tempDirs.add(dir);
  return dir;
}

function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

// ---------------------------------------------------------------- /proc

interface Proc {
  pid: number;
  ppid: number;
  comm: string;
}

function allProcs(): Proc[] {
  const out: Proc[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      // "pid (comm) state ppid ..." — comm may itself hold spaces or parentheses.
      const open = stat.indexOf('(');
      const close = stat.lastIndexOf(')');
      const rest = stat.slice(close + 2).split(' ');
      out.push({ pid: Number(name), comm: stat.slice(open + 1, close), ppid: Number(rest[1]) });
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

function descendants(root: number): Proc[] {
  const procs = allProcs();
  const byParent = new Map<number, Proc[]>();
  for (const p of procs) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p]);
  const found: Proc[] = [];
  const stack = [root];
  while (stack.length) {
    for (const c of byParent.get(stack.pop()!) ?? []) {
      found.push(c);
      stack.push(c.pid);
    }
  }
  return found;
}

function procKb(pid: number, file: 'status' | 'smaps_rollup', key: string): number {
  try {
    const text = fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

interface Memory {
  serverRssKb: number;
  pgRssKb: number;
  pgProcesses: number;
  serverPssKb: number;
  pgPssKb: number;
}

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds (user + system) used so far by one process. */
function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) / CLK_TCK;
  } catch {
    return 0;
  }
}

/** CPU seconds the whole machine has been busy (all CPUs, everything but idle and iowait), from /proc/stat. */
function machineBusySeconds(): number {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already inside user)
  const busy = f[0] + f[1] + f[2] + f[5] + f[6] + f[7];
  return busy / CLK_TCK;
}

interface CpuSnapshot {
  at: number;
  machine: number;
  app: number;
  pg: Map<number, number>;
  bench: number;
}

/**
 * CPU used by the process serving HTTP (app), by the server's PostgreSQL tree, and by the load: this process and its finished
 * children (utime, stime, cutime, cstime of /proc/self/stat), which within a window is the autocannon process that ran in it.
 */
function cpuSnapshot(appPid: number, serverPid: number): CpuSnapshot {
  const f = fs.readFileSync('/proc/self/stat', 'utf8');
  const fields = f.slice(f.lastIndexOf(')') + 2).split(' ').map(Number);
  const ticks = fields[11] + fields[12] + fields[13] + fields[14];
  return {
    at: performance.now(),
    machine: machineBusySeconds(),
    app: cpuSeconds(appPid),
    pg: new Map(descendants(serverPid).map((p) => [p.pid, cpuSeconds(p.pid)])),
    bench: ticks / CLK_TCK,
  };
}

interface CpuShare {
  /** each as % of one CPU over the window */
  app: number;
  pg: number;
  bench: number;
  /** everything else running on the machine meanwhile */
  other: number;
}

function cpuShare(a: CpuSnapshot, b: CpuSnapshot): CpuShare {
  const secs = (b.at - a.at) / 1000;
  let pg = 0;
  for (const [pid, t] of b.pg) pg += t - (a.pg.get(pid) ?? 0);
  const pct = (x: number) => (100 * x) / secs;
  const app = b.app - a.app;
  const bench = b.bench - a.bench;
  return { app: pct(app), pg: pct(pg), bench: pct(bench), other: Math.max(0, pct(b.machine - a.machine - app - pg - bench)) };
}

function measureMemory(serverPid: number): Memory {
  const tree = descendants(serverPid);
  const sum = (file: 'status' | 'smaps_rollup', key: string) => tree.reduce((a, p) => a + procKb(p.pid, file, key), 0);
  return {
    serverRssKb: procKb(serverPid, 'status', 'VmRSS'),
    pgRssKb: sum('status', 'VmRSS'),
    pgProcesses: tree.length,
    serverPssKb: procKb(serverPid, 'smaps_rollup', 'Pss'),
    pgPssKb: sum('smaps_rollup', 'Pss'),
  };
}

// ---------------------------------------------------------------- processes

interface Running {
  child: ChildProcess;
  port: number;
  pgPort: number;
  dataDir: string;
  /** spawn → first 200 from /api/ready, measured here */
  readyMs: number;
  /** the `ms` of the server's own 'ready' log line (from its performance.now() at main() start) */
  reportedMs: number | null;
}

function spawnTracked(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; stdoutLines: string[]; stderrTail: string[] } {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const stdoutLines: string[] = [];
  const stderrTail: string[] = [];
  let buf = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buf += chunk;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      stdoutLines.push(buf.slice(0, i));
      if (stdoutLines.length > 200) stdoutLines.shift();
      buf = buf.slice(i + 1);
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderrTail.push(chunk);
    if (stderrTail.length > 50) stderrTail.shift();
  });
  return { child, stdoutLines, stderrTail };
}

async function waitFor200(url: string, child: ChildProcess, started: number, timeoutMs: number, what: () => string): Promise<number> {
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`process exited before ready (${child.exitCode ?? child.signalCode}): ${what()}`);
    if (performance.now() - started > timeoutMs) throw new Error(`not ready after ${timeoutMs} ms: ${what()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) return performance.now();
    } catch {
      /* not listening yet */
    }
    await sleep(10);
  }
}

async function startServer(dataDir: string, timeoutMs: number, extraEnv: Record<string, string> = {}): Promise<Running> {
  const port = await freePort();
  const pgPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST,
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(pgPort),
    TELEMED_MODE: 'demo',
    LOG_LEVEL: 'info',
    AUTH_RATE_LIMIT: '1000000',
    ...extraEnv,
  };
  delete env.DATABASE_URL;
  const started = performance.now();
  const { child, stdoutLines, stderrTail } = spawnTracked([...SERVER_NODE_FLAGS, SERVER_ENTRY], env);
  const readyAt = await waitFor200(`http://${HOST}:${port}/api/ready`, child, started, timeoutMs, () => stderrTail.join('').slice(-2000));
  let reportedMs: number | null = null;
  for (let i = 0; i < 100 && reportedMs === null; i++) {
    for (const line of stdoutLines) {
      try {
        const o = JSON.parse(line) as { msg?: string; ms?: number };
        if (o.msg === 'ready' && typeof o.ms === 'number') reportedMs = o.ms;
      } catch {
        /* not JSON */
      }
    }
    if (reportedMs === null) await sleep(10);
  }
  return { child, port, pgPort, dataDir, readyMs: readyAt - started, reportedMs };
}

/** SIGTERM, then wait for the process to exit; its leftover descendants (if any) are killed by pid. */
async function stopProcess(child: ChildProcess, timeoutMs = 20_000): Promise<void> {
  if (child.pid === undefined) return;
  const tree = descendants(child.pid);
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const ok = await Promise.race([exited.then(() => true), sleep(timeoutMs).then(() => false)]);
    if (!ok) {
      log(`pid ${child.pid} did not exit within ${timeoutMs} ms of SIGTERM: SIGKILL`);
      child.kill('SIGKILL');
      await exited;
    }
  }
  children.delete(child);
  // The embedded PostgreSQL is stopped by the server; make sure nothing of its tree outlives it.
  const deadline = Date.now() + 10_000;
  for (;;) {
    const alive = tree.filter((p) => {
      try {
        return fs.readFileSync(`/proc/${p.pid}/stat`, 'utf8').includes(`(${p.comm})`);
      } catch {
        return false;
      }
    });
    if (alive.length === 0) return;
    if (Date.now() > deadline) {
      for (const p of alive) {
        log(`leftover pid ${p.pid} (${p.comm}): SIGKILL`);
        try {
          process.kill(p.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      return;
    }
    await sleep(50);
  }
}

// ---------------------------------------------------------------- HTTP helpers

async function signIn(port: number, who: { email: string; password: string }): Promise<string> {
  const res = await fetch(`http://${HOST}:${port}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(who),
  });
  await res.arrayBuffer();
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('tm_session='));
  if (res.status !== 200 || !cookie) throw new Error(`sign-in as ${who.email} failed: HTTP ${res.status}`);
  return cookie;
}

async function findPatientId(port: number, cookie: string): Promise<string> {
  const res = await fetch(`http://${HOST}:${port}/api/patients?q=ivanov`, { headers: { cookie } });
  const body = (await res.json()) as { items?: { id: string }[] };
  const id = body.items?.[0]?.id;
  if (res.status !== 200 || !id) throw new Error(`patient search failed: HTTP ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
  const check = await fetch(`http://${HOST}:${port}/api/patients/${id}`, { headers: { cookie } });
  await check.arrayBuffer();
  if (check.status !== 200) throw new Error(`patient read failed: HTTP ${check.status}`);
  return id;
}

/** What one load run gives: autocannon's figures as bench/load-client.ts reports them. */
type Load = FlatOutResult;

/** autocannon in its own process with one GC thread (bench/load-client.ts says why). */
async function load(opts: { url: string; method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string; duration: number }): Promise<Load> {
  return flatOut({ connections: CONNECTIONS, timeout: 10, ...opts });
}

async function maxSeq(db: pg.Pool): Promise<number> {
  const { rows } = await db.query<{ s: string | null }>('SELECT max(seq)::text AS s FROM audit_event');
  return Number(rows[0]?.s ?? 0);
}

async function countReadsSince(db: pg.Pool, seq: number): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    "SELECT count(*)::text AS n FROM audit_event WHERE seq > $1 AND action = 'patient.read' AND outcome = 'success'",
    [seq],
  );
  return Number(rows[0]?.n ?? 0);
}

/** Waits until the audit trail stops growing (records of requests still in flight when autocannon stopped). */
async function settledMaxSeq(db: pg.Pool): Promise<number> {
  let last = await maxSeq(db);
  for (let i = 0; i < 50; i++) {
    await sleep(200);
    const now = await maxSeq(db);
    if (now === last) return now;
    last = now;
  }
  return last;
}

// ---------------------------------------------------------------- the run

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const runStarted = Date.now();
  log(`Telemed benchmark${WRITE ? ' (--write: docs/BENCHMARKS.md will be rewritten)' : ''}`);

  // 1a. cold starts, each in a new empty DATA_DIR
  const cold: Running[] = [];
  let keptDir = '';
  for (let i = 0; i < START_RUNS; i++) {
    const dir = newTempDir();
    const s = await startServer(dir, 120_000);
    cold.push(s);
    log(`cold start ${i + 1}: ${s.readyMs.toFixed(0)} ms to first 200 (server log 'ready' ms: ${s.reportedMs})`);
    await stopProcess(s.child);
    if (i === START_RUNS - 1) keptDir = dir;
    else removeTempDir(dir);
  }

  // 1b. warm starts on the same DATA_DIR; the last one stays up for the rest of the run
  const warm: Running[] = [];
  let server: Running | null = null;
  for (let i = 0; i < START_RUNS; i++) {
    const s = await startServer(keptDir, 60_000);
    warm.push(s);
    log(`warm start ${i + 1}: ${s.readyMs.toFixed(0)} ms to first 200 (server log 'ready' ms: ${s.reportedMs})`);
    if (i < START_RUNS - 1) await stopProcess(s.child);
    else server = s;
  }
  if (!server) throw new Error('no server');

  // 2. idle memory
  await sleep(3_000);
  const idle = measureMemory(server.child.pid!);
  log(`idle memory: server ${(idle.serverRssKb / 1024).toFixed(1)} MiB, PostgreSQL ${(idle.pgRssKb / 1024).toFixed(1)} MiB over ${idle.pgProcesses} processes`);

  // The server's own way to its embedded PostgreSQL (a Unix socket), for the checks and for the baseline.
  const dbUrl = runningEmbeddedUrl(server.dataDir, server.pgPort);
  if (!dbUrl) throw new Error('the server does not hold its data folder');
  const db = new pg.Pool({ connectionString: dbUrl, max: 2 });
  db.on('error', () => {});
  const pgVersion = (await db.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0].v;

  // 3. sign-in
  log(`sign-in: ${CONNECTIONS} connections, ${SIGN_IN_SECONDS} s`);
  const signInLoad = await load({
    url: `http://${HOST}:${server.port}/api/auth/sign-in`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DOCTOR),
    duration: SIGN_IN_SECONDS,
  });
  log(`sign-in: ${signInLoad.rps.toFixed(1)} req/s, p50 ${signInLoad.p50} ms, p99 ${signInLoad.p99} ms, non-2xx ${signInLoad.non2xx}`);
  const afterSignIn = measureMemory(server.child.pid!);

  // 4. authenticated patient read
  const cookie = await signIn(server.port, DOCTOR);
  const patientId = await findPatientId(server.port, cookie);
  const readUrl = `http://${HOST}:${server.port}/api/patients/${patientId}`;
  log(`patient read: warm-up ${READ_WARMUP_SECONDS} s`);
  await load({ url: readUrl, headers: { cookie }, duration: READ_WARMUP_SECONDS });
  const beforeRead = await settledMaxSeq(db);
  log(`patient read: ${CONNECTIONS} connections, ${READ_SECONDS} s`);
  const readCpu0 = cpuSnapshot(server.child.pid!, server.child.pid!);
  const readLoad = await load({ url: readUrl, headers: { cookie }, duration: READ_SECONDS });
  const readCpu = cpuShare(readCpu0, cpuSnapshot(server.child.pid!, server.child.pid!));
  await settledMaxSeq(db);
  const readAudits = await countReadsSince(db, beforeRead);
  const busy = measureMemory(server.child.pid!);
  log(`patient read: ${readLoad.rps.toFixed(0)} req/s, p50 ${readLoad.p50} ms, p99 ${readLoad.p99} ms, ` +
    `audit records ${readAudits} / 2xx ${readLoad.total2xx}, non-2xx ${readLoad.non2xx}, errors ${readLoad.errors}`);

  // 5. naive baseline against the same database (the server stays up, idle, since it owns the embedded PostgreSQL)
  const basePort = await freePort();
  const baseStarted = performance.now();
  const base = spawnTracked([BASELINE_ENTRY], {
    ...process.env,
    PORT: String(basePort),
    DATABASE_URL: dbUrl,
    DB_APP_ROLE: 'telemed_app',
  });
  await waitFor200(`http://${HOST}:${basePort}/ready`, base.child, baseStarted, 30_000, () => base.stderrTail.join('').slice(-2000));
  const baseUrl = `http://${HOST}:${basePort}/api/patients/${patientId}`;
  const probe = await fetch(baseUrl, { headers: { cookie } });
  await probe.arrayBuffer();
  if (probe.status !== 200) throw new Error(`baseline patient read failed: HTTP ${probe.status}`);
  log(`baseline: warm-up ${READ_WARMUP_SECONDS} s`);
  await load({ url: baseUrl, headers: { cookie }, duration: READ_WARMUP_SECONDS });
  const beforeBase = await settledMaxSeq(db);
  log(`baseline: ${CONNECTIONS} connections, ${READ_SECONDS} s`);
  const baseCpu0 = cpuSnapshot(base.child.pid!, server.child.pid!);
  const baseLoad = await load({ url: baseUrl, headers: { cookie }, duration: READ_SECONDS });
  const baseCpu = cpuShare(baseCpu0, cpuSnapshot(base.child.pid!, server.child.pid!));
  await settledMaxSeq(db);
  const baseAudits = await countReadsSince(db, beforeBase);
  log(`baseline: ${baseLoad.rps.toFixed(0)} req/s, p50 ${baseLoad.p50} ms, p99 ${baseLoad.p99} ms, ` +
    `audit records ${baseAudits} / 2xx ${baseLoad.total2xx}, non-2xx ${baseLoad.non2xx}, errors ${baseLoad.errors}`);
  await stopProcess(base.child);

  // The whole trail (server's group-committed batches and the baseline's single rows) must still verify.
  log('verifying the audit hash chain');
  const chain = await verifyAuditChain(db);
  log(`audit chain: ${chain.ok ? 'ok' : 'BROKEN'}, ${chain.checked} records checked`);
  await db.end();

  await stopProcess(server.child);

  // 6. the same read with other connection-pool sizes (the server's default is max(8, 4 × cores))
  const poolSweep: { size: number; load: Load }[] = [];
  for (const size of POOL_SIZES) {
    const s = await startServer(keptDir, 60_000, { DB_POOL_SIZE: String(size) });
    const c = await signIn(s.port, DOCTOR);
    const url = `http://${HOST}:${s.port}/api/patients/${patientId}`;
    // A fresh process: a longer warm-up than the main run's, whose server had already served the sign-in load.
    await load({ url, headers: { cookie: c }, duration: 2 * READ_WARMUP_SECONDS });
    const l = await load({ url, headers: { cookie: c }, duration: SWEEP_SECONDS });
    log(`pool ${size}: ${l.rps.toFixed(0)} req/s, p50 ${l.p50} ms, p99 ${l.p99} ms`);
    poolSweep.push({ size, load: l });
    await stopProcess(s.child);
  }
  removeTempDir(keptDir);

  const report = render({
    cold, warm, idle, afterSignIn, busy, readCpu, baseCpu, pgVersion, signInLoad, readLoad, readAudits, baseLoad, baseAudits, chain, poolSweep,
    seconds: (Date.now() - runStarted) / 1000,
  });
  process.stdout.write(`${report.table}\n`);
  if (WRITE) {
    writeSection('platform', asSection(report.doc, 'Platform: start, memory, sign-in, patient read (`bench/run.ts`)'));
    log('wrote its section of docs/BENCHMARKS.md');
  }
}

// ---------------------------------------------------------------- report

const mib = (kb: number) => `${(kb / 1024).toFixed(1)} MiB`;
const mb = (kb: number) => `${((kb * 1024) / 1e6).toFixed(0)} MB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const yes = (ok: boolean) => (ok ? '**yes**' : '**no**');
const int = (n: number) => Math.round(n).toLocaleString('en-US');

function render(r: {
  cold: Running[];
  warm: Running[];
  idle: Memory;
  afterSignIn: Memory;
  busy: Memory;
  readCpu: CpuShare;
  baseCpu: CpuShare;
  pgVersion: string;
  signInLoad: Load;
  readLoad: Load;
  readAudits: number;
  baseLoad: Load;
  baseAudits: number;
  chain: { ok: boolean; checked: number };
  poolSweep: { size: number; load: Load }[];
  seconds: number;
}): { table: string; doc: string } {
  const coldMs = median(r.cold.map((s) => s.readyMs));
  const warmMs = median(r.warm.map((s) => s.readyMs));
  const runs = (xs: Running[]) => xs.map((s) => secs(s.readyMs)).join(', ');
  const limitBytes = 150e6;
  const serverBytes = r.idle.serverRssKb * 1024;
  const totalKb = r.idle.serverRssKb + r.idle.pgRssKb;
  const load = (l: Load) => `${int(l.rps)} req/s · p50 ${l.p50} ms · p99 ${l.p99} ms`;
  const cpu = (c: CpuShare, app: string) =>
    `${app} ${c.app.toFixed(0)}% · PostgreSQL ${c.pg.toFixed(0)}% · autocannon ${c.bench.toFixed(0)}% · other processes ${c.other.toFixed(0)}%`;
  const problems = (l: Load) => (l.non2xx || l.errors || l.timeouts ? ` (non-2xx ${l.non2xx}, errors ${l.errors}, timeouts ${l.timeouts})` : '');
  const audit = (written: number, l: Load) =>
    `${int(written)} / ${int(l.total2xx)}` + (written === l.total2xx ? ' (equal)' : ` (${written > l.total2xx ? '+' : ''}${int(written - l.total2xx)}: responses cut off when autocannon stopped)`);

  const rows: string[][] = [
    ['Cold start to ready, fresh DATA_DIR (initdb + migrations + demo seed), median of 3', `${secs(coldMs)} (runs: ${runs(r.cold)})`, '—', '—'],
    ['Warm start to ready, same DATA_DIR, median of 3', `${secs(warmMs)} (runs: ${runs(r.warm)})`, '≤ 3 s', yes(warmMs <= 3000)],
    ['Idle RSS, server process (Node)', `${mib(r.idle.serverRssKb)} (${mb(r.idle.serverRssKb)})`, '≤ 150 MB', yes(serverBytes <= limitBytes)],
    [`Idle RSS, embedded PostgreSQL (sum of VmRSS over ${r.idle.pgProcesses} processes)`, `${mib(r.idle.pgRssKb)} (PSS ${mib(r.idle.pgPssKb)})`, '—', '—'],
    ['Idle RSS, server + PostgreSQL', `${mib(totalKb)} (${mb(totalKb)})`, '(≤ 150 MB if PostgreSQL is counted)', yes(totalKb * 1024 <= limitBytes)],
    [`Sign-in, POST /api/auth/sign-in (${CONNECTIONS} conn, ${SIGN_IN_SECONDS} s; argon2id 19 MiB t=2 per request)`, load(r.signInLoad) + problems(r.signInLoad), '—', '—'],
    [`Authenticated patient read, GET /api/patients/:id (${CONNECTIONS} conn, ${READ_SECONDS} s) — throughput`, `${int(r.readLoad.rps)} req/s${problems(r.readLoad)}`, '≥ 3,000 req/s', yes(r.readLoad.rps >= 3000 && r.readLoad.non2xx === 0)],
    ['Authenticated patient read — latency', `p50 ${r.readLoad.p50} ms · p99 ${r.readLoad.p99} ms`, 'p99 ≤ 20 ms', yes(r.readLoad.p99 <= 20)],
    ['Authenticated patient read — audit records written / 200 responses', audit(r.readAudits, r.readLoad), 'audit record per read', yes(r.readAudits >= r.readLoad.total2xx)],
    ['CPU during the patient-read run (% of one CPU; the machine has ' + os.availableParallelism() + ')', cpu(r.readCpu, 'server'), '—', '—'],
    ['Server RSS after the sign-in run', `${mib(r.afterSignIn.serverRssKb)}; PostgreSQL ${mib(r.afterSignIn.pgRssKb)} over ${r.afterSignIn.pgProcesses} processes`, '—', '—'],
    ['Server RSS after the patient-read run', `${mib(r.busy.serverRssKb)}; PostgreSQL ${mib(r.busy.pgRssKb)} over ${r.busy.pgProcesses} processes`, '—', '—'],
    [`**Baseline** (bench/baseline-server.ts: node:http, one audit transaction per read, no group commit), same load`, load(r.baseLoad) + problems(r.baseLoad), '—', '—'],
    ['**Baseline** — audit records written / 200 responses', audit(r.baseAudits, r.baseLoad), '—', '—'],
    ['**Baseline** — CPU during its run (% of one CPU)', cpu(r.baseCpu, 'baseline'), '—', '—'],
    ['Audit hash chain after the run (verifyAuditChain)', `${r.chain.ok ? 'ok' : 'BROKEN'}, ${int(r.chain.checked)} records`, '—', '—'],
    ...r.poolSweep.map(({ size, load: l }) => [
      `Patient read with DB_POOL_SIZE=${size} (${CONNECTIONS} conn, ${SWEEP_SECONDS} s, restarted server)`, load(l) + problems(l), '—', '—']),
  ];
  const table = [
    '| Measurement | Result | Target (issue) | Met |',
    '| --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');

  const free = (() => {
    try {
      return execFileSync('free', ['-g'], { encoding: 'utf8' }).trimEnd();
    } catch {
      return '(free not available)';
    }
  })();
  const code = (() => {
    try {
      const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
      const dirty = execFileSync('git', ['status', '--porcelain', '--', 'apps/server', 'packages'], { cwd: ROOT, encoding: 'utf8' }).trim();
      return `commit ${head}${dirty ? ' with uncommitted changes under apps/server or packages/ (the working tree as it was at the time of the run)' : ''}`;
    } catch {
      return 'unknown (no git)';
    }
  })();
  const cpuModel = /model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown';
  const doc = `# Benchmarks

Measured by \`bench/run.ts\`; this file is written by it (\`--write\`) and holds only figures from that run.

- **Date:** ${new Date().toISOString()}
- **Command:** \`npm run bench -- --write\` (from the repository root; whole run took ${r.seconds.toFixed(0)} s)
- **Code measured:** ${code}
- **Machine:** ${os.availableParallelism()} CPUs (\`nproc\`: ${execFileSync('nproc', { encoding: 'utf8' }).trim()}), ${cpuModel}; Linux ${os.release()} (\`uname -r\`); Node ${process.version}; PostgreSQL ${r.pgVersion} embedded (the \`embedded-postgres\` package, started by the server itself)
- **Load average when the run started** (\`/proc/loadavg\`, 1/5/15 min): ${LOADAVG_AT_START}
- **Reference work when the run started** (\`referenceWorkMs\` in \`bench/report.ts\`, a fixed request-like piece of work; lower is a faster machine): ${REFERENCE_MS_AT_START.toFixed(0)} ms
- **Memory (\`free -g\`):**

\`\`\`
${free}
\`\`\`

## Results

${table}

## Targets from the issue

| Target | Measured | Met |
| --- | --- | --- |
| Warm start ≤ 3 s | ${secs(warmMs)} | ${yes(warmMs <= 3000)} |
| Idle server RSS ≤ 150 MB | ${mb(r.idle.serverRssKb)} server process; ${mb(totalKb)} with the embedded PostgreSQL | ${yes(serverBytes <= limitBytes)} for the server process; ${yes(totalKb * 1024 <= limitBytes)} with PostgreSQL counted |
| Authenticated patient read ≥ 3,000 req/s, audit record included | ${int(r.readLoad.rps)} req/s, ${int(r.readAudits)} audit records for ${int(r.readLoad.total2xx)} responses | ${yes(r.readLoad.rps >= 3000 && r.readAudits >= r.readLoad.total2xx && r.readLoad.non2xx === 0)} |
| Authenticated patient read p99 ≤ 20 ms | ${r.readLoad.p99} ms | ${yes(r.readLoad.p99 <= 20)} |

**Peer figure quoted in the issue (not measured here):** Medplum 5.0.10 on a machine of this kind: 880 patient reads/s,
p99 101 ms, 1 GiB server memory. This run did not measure Medplum; the figure is the issue's, for context only.

## How it was measured

- Every server is a child process on 127.0.0.1 (\`TELEMED_MODE=demo\`, \`LOG_LEVEL=info\`, its own HTTP and PostgreSQL port),
  started with \`AUTH_RATE_LIMIT=1000000\` so the sign-in run measures sign-in rather than the rate limiter; stopped with SIGTERM
  and waited for.
- **Start to ready:** from \`spawn\` to the first 200 from \`GET /api/ready\` (polled every 10 ms). Cold: a new empty temp
  \`DATA_DIR\` each time, so the embedded PostgreSQL is initialised (initdb), migrated and the demo network seeded during start.
  Warm: the same \`DATA_DIR\` again. Server-logged \`ready\` ms (from the start of \`main()\`, so without Node's own start-up and module loading): cold
  ${r.cold.map((s) => s.reportedMs).join(', ')}; warm ${r.warm.map((s) => s.reportedMs).join(', ')}.
- **Memory:** \`VmRSS\` from \`/proc/<pid>/status\` of the server process, and summed over all its descendants (the PostgreSQL
  postmaster and its backends, found through the ppid in \`/proc/*/stat\`), after the third warm start and ~3 s idle. Summed RSS
  counts PostgreSQL's shared memory once per process, so it overstates; the PSS sum (\`/proc/<pid>/smaps_rollup\`) is shown beside it.
- **Load:** autocannon ${AUTOCANNON_VERSION} (programmatic, in a process of its own started with \`--single-threaded-gc\` (\`bench/load-client.ts\`), on the same ${os.availableParallelism()}-CPU machine as the server and
  PostgreSQL, so they share the CPUs), ${CONNECTIONS} connections, no pipelining. Latency percentiles cover 2xx responses, 1 ms resolution.
  req/s is autocannon's per-second average.
- **Sign-in:** \`POST /api/auth/sign-in\` as doctor.shalkar@demo.telemed for ${SIGN_IN_SECONDS} s. Each sign-in verifies an argon2id hash
  (19 MiB, t=2) — CPU-bound by design — and writes a session row and an audit record.
- **Patient read:** one session cookie (signed in once), \`GET /api/patients/:id\` for the patient found by \`?q=ivanov\`, ${READ_WARMUP_SECONDS} s
  warm-up then ${READ_SECONDS} s measured. Each read authenticates the session, checks care relationships, writes a hash-chained
  audit record (group commit, \`apps/server/src/platform/audit.ts\`) and selects the patient. Audit records are counted afterwards
  directly in PostgreSQL (\`audit_event\` rows with \`action = 'patient.read'\` after the warm-up's last \`seq\`, once the trail
  stopped growing). A count above the 2xx count means requests whose record was written but whose response autocannon did not
  count because the run ended while they were in flight.
- **Baseline:** \`bench/baseline-server.ts\`, a deliberately naive \`node:http\` server against the same database as the same
  restricted role: per request it selects the session by cookie hash, selects the patient, and appends one audit record in its
  own transaction (\`pg_advisory_xact_lock\` on the chain, read the head, INSERT, COMMIT) — no group commit. It skips the
  care-relationship check, so it does less work per request than the server. Same autocannon settings, same warm-up.
- **CPU:** user + system time from \`/proc/<pid>/stat\` over the measured window, for the process serving HTTP (server or
  baseline), for the server's PostgreSQL process tree, and for the load (the benchmark process and the autocannon process, counted when it has ended), as % of one CPU;
  "other processes" is the machine's busy time (\`/proc/stat\`) less those three.
- The audit hash chain is verified at the end over every record written in the run (server and baseline).
`;
  return { table, doc };
}

(process.argv.includes('--upload') ? import('./upload.ts').then(() => undefined) : main())
  .then(() => process.exit(0))
  .catch((err) => {
    log(`failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    process.exit(1);
  });

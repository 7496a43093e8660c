/**
 * The hub's queue with 1,000,000 consultations in PostgreSQL: `node bench/queue.ts [--write]`.
 *
 * Starts a private embedded PostgreSQL and the real application in this process, loads the demo
 * network plus 1,000,000 consultations (97 % closed, the rest open, spread over the hubs, the
 * referring hospitals, urgencies and profiles), then measures GET /api/consultations as the
 * regional centre's coordinator with autocannon against the server in its own process: 10 connections, 3 s warm-up,
 * 15 s per URL.
 * Every request is a real one: session check, policy, SQL, audit record. Beside latency it reports the CPU
 * time the server process and PostgreSQL spent per request (from /proc), which says more than req/s on a
 * shared machine, and the plan PostgreSQL runs for each URL's statement.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { childJson, flatOut } from './load-client.ts';
import pg from 'pg';
import { buildApp } from '../apps/server/src/app.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { startEmbeddedPostgres } from '../apps/server/src/platform/embedded-postgres.ts';
import { seedDemoNetwork } from '../apps/server/src/modules/demo/seed.ts';
import { queueStatement, type QueueQuery } from '../apps/server/src/modules/consultations/queue.ts';
import { machineLine, writeSection, SERVER_NODE_FLAGS } from './report.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const WRITE = process.argv.includes('--write');
const CONNECTIONS = 10;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
/**
 * The second load: a steady rate rather than as fast as the machine goes. 300 pages a second is a
 * busy hub (300 staff with the queue open, each reloading it once a second on live events), about
 * a third of what this machine serves flat out, so the latency is the request's, not a queue's.
 */
const RATE = Number(process.env.BENCH_RATE ?? 300);
/**
 * The steady-rate load runs in its own process with one GC thread (bench/paced-client.ts says why): latency from when
 * each request was due, and how late the client itself sent them.
 */
const paced = (url: string, headers: Record<string, string>, rate: number, seconds: number) =>
  childJson<{ rps: number; p50: number; p99: number; errors: number; lateP99: number }>('paced-client.ts',
    [url, JSON.stringify(headers), String(rate), String(seconds)]);

const log = (m: string) => process.stderr.write(`[queue ${new Date().toISOString().slice(11, 19)}] ${m}\n`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'telemed-bench-queue-'));
const embedded = await startEmbeddedPostgres({ dataDir: dir, port: 20_000 + Math.floor(Math.random() * 20_000) });
const started = Date.now();
// Read now: the load average before this run's own work is what says whether the machine was shared.
const machineAtStart = machineLine();
try {
  const config = loadConfig({ LOG_LEVEL: 'silent', ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'), WRITE_RATE_LIMIT: '1000000',
    AUTH_RATE_LIMIT: '1000000' });
  const built = await buildApp({ config, databaseUrl: embedded.url, logger: false });
  await seedDemoNetwork(built.deps);

  const owner = new pg.Client({ connectionString: embedded.url });
  await owner.connect();
  log(`loading ${ROWS.toLocaleString('en')} consultations`);
  const loadStart = Date.now();
  await owner.query('SELECT setseed(0.42)');
  await owner.query(`
    WITH f AS (SELECT array_agg(id ORDER BY code) FILTER (WHERE kind = 'district_hospital') AS districts,
                      array_agg(id ORDER BY code) FILTER (WHERE code IN ('KZ-AKT-RTC', 'KZ-NSMC', 'KZ-ALA-RI', 'UZ-SAM-RMC', 'INT-IST-CARD')) AS hubs
               FROM facility),
         p AS (SELECT array_agg(id) AS ids FROM patient),
         u AS (SELECT id FROM app_user WHERE email = 'doctor.shalkar@demo.telemed'),
         profiles AS (SELECT ARRAY['cardiology','endocrinology','neurology','paediatrics','obstetrics_gynaecology','radiology','general_surgery',
                                   'traumatology_orthopaedics','oncology','pulmonology'] AS codes)
    INSERT INTO consultation (patient_id, referring_facility_id, referring_user_id, target_facility_id, profile, urgency, mode, question, summary,
                              status, created_at, submitted_at, accepted_at, concluded_at, updated_at)
    SELECT p.ids[1 + floor(r.a * array_length(p.ids, 1))::int],
           f.districts[1 + floor(r.b * array_length(f.districts, 1))::int],
           u.id,
           f.hubs[1 + floor(r.c * array_length(f.hubs, 1))::int],
           profiles.codes[1 + floor(r.d * 10)::int],
           (ARRAY['planned','planned','planned','urgent','urgent','emergency'])[1 + floor(r.e * 6)::int],
           (ARRAY['async','async','scheduled_video','immediate_video'])[1 + floor(r.f * 4)::int],
           'Historical request ' || g, '{}'::jsonb,
           CASE WHEN r.s < 0.03 THEN (ARRAY['submitted','accepted','scheduled','in_progress'])[1 + floor(r.s / 0.03 * 4)::int]
                ELSE (ARRAY['acknowledged','acknowledged','concluded','declined','cancelled'])[1 + floor((r.s - 0.03) / 0.97 * 5)::int] END,
           r.t, r.t, r.t + interval '2 hours', r.t + interval '1 day', r.t + interval '1 day'
    FROM generate_series(1, ${ROWS}) g, f, p, u, profiles,
         LATERAL (SELECT random() AS a, random() AS b, random() AS c, random() AS d, random() AS e, random() AS f, random() AS s,
                         now() - random() * interval '1460 days' + g * interval '0 s' AS t) AS r`);
  await owner.query('VACUUM ANALYZE consultation');
  // The load leaves a million rows of dirty pages: written out now, not by a checkpoint in the middle of the measurements.
  await owner.query('CHECKPOINT');
  const loadSeconds = (Date.now() - loadStart) / 1000;
  const { rows: [counts] } = await owner.query<{ total: string; open_here: string }>(`SELECT count(*) AS total,
    count(*) FILTER (WHERE target_facility_id = (SELECT id FROM facility WHERE code = 'KZ-AKT-RTC')
                     AND status IN ('submitted','accepted','scheduled','in_progress')) AS open_here FROM consultation`);
  log(`loaded in ${loadSeconds.toFixed(1)} s: ${counts.total} consultations, ${counts.open_here} open at the regional centre`);

  await built.close();
  // The server runs in its own process, as in production, so the load generator does not share its event loop.
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, path.join(import.meta.dirname, '../apps/server/src/main.ts')], {
    env: { ...process.env, DATABASE_URL: embedded.url, PORT: String(port), LOG_LEVEL: 'warn', ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
      WRITE_RATE_LIMIT: '1000000', AUTH_RATE_LIMIT: '1000000', WEB_DIST: '/nonexistent' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; i < 200; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/ready`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const signIn = await fetch(`http://127.0.0.1:${port}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'coordinator@demo.telemed', password: 'Demo-Telemed-2026' }) });
  const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

  const hubId = (await owner.query<{ id: string }>("SELECT id FROM facility WHERE code = 'KZ-AKT-RTC'")).rows[0].id;
  const cases: { name: string; query: string; filters: Partial<QueueQuery>; headers?: Record<string, string> }[] = [
    { name: 'work list (open requests, most urgent first)', query: '', filters: {} },
    { name: 'filtered: urgent only', query: '?urgency=urgent', filters: { urgency: 'urgent' } },
    { name: 'filtered: concluded cardiology (history)', query: '?status=concluded&profile=cardiology', filters: { status: 'concluded', profile: 'cardiology' } },
    { name: 'filtered: emergency + neurology, open', query: '?urgency=emergency&profile=neurology', filters: { urgency: 'emergency', profile: 'neurology' } },
  ];
  const shalkarId = (await owner.query<{ id: string }>("SELECT id FROM facility WHERE code = 'KZ-AKT-SHALKAR'")).rows[0].id;
  cases.push({ name: 'filtered: one referring district hospital, open', query: `?facilityId=${shalkarId}`, filters: { facilityId: shalkarId } });
  // The fifth URL is the work list's second page, read through the first page's cursor.
  const firstPage = (await (await fetch(`http://127.0.0.1:${port}/api/consultations`, { headers: { cookie } })).json()) as { nextCursor: string };
  cases.push({ name: 'work list, next page (keyset cursor)', query: `?cursor=${encodeURIComponent(firstPage.nextCursor)}`, filters: { cursor: firstPage.nextCursor } });
  // What a browser sends: the answer is then compressed (gzip, platform/compression.ts), which costs server CPU and saves the link.
  cases.push({ name: 'work list, asked for as a browser does (`Accept-Encoding: gzip, deflate, br`)', query: '', filters: {},
    headers: { 'accept-encoding': 'gzip, deflate, br' } });
  const pgPid = Number(fs.readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const ticks = (stat: string) => { const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); return { ppid: Number(f[1]), cpu: Number(f[11]) + Number(f[12]) }; };
  const cpuOf = (pid: number) => ticks(fs.readFileSync(`/proc/${pid}/stat`, 'utf8')).cpu;
  // Backends live and die with connections; those of this run all outlive it (pooled), so a sum over the postmaster's children is fair.
  const pgCpu = () => fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).reduce((sum, d) => {
    try { const t = ticks(fs.readFileSync(`/proc/${d}/stat`, 'utf8')); return t.ppid === pgPid || Number(d) === pgPid ? sum + t.cpu : sum; } catch { return sum; }
  }, 0);
  const TICK_MS = 10;
  const results: { name: string; items: number; rps: number; p50: number; p99: number; errors: number; serverMs: number; pgMs: number;
    bytes: number; rated: { rps: number; p50: number; p99: number; errors: number; lateP99: number } }[] = [];
  for (const c of cases) {
    const url = `http://127.0.0.1:${port}/api/consultations${c.query}`;
    const items = ((await (await fetch(url, { headers: { cookie } })).json()) as { items: unknown[] }).items.length;
    const headers = { cookie, ...c.headers };
    await flatOut({ url, connections: CONNECTIONS, duration: 3, headers });
    const server0 = cpuOf(server.pid!);
    const pg0 = pgCpu();
    const r = await flatOut({ url, connections: CONNECTIONS, duration: SECONDS, headers });
    const bytes = r.bytesTotal / r.requestsTotal;
    const serverMs = ((cpuOf(server.pid!) - server0) * TICK_MS) / r.requestsTotal;
    const pgMs = ((pgCpu() - pg0) * TICK_MS) / r.requestsTotal;
    const rated = await paced(url, headers, RATE, SECONDS);
    results.push({ name: c.name, items, rps: r.rps, p50: r.p50, p99: r.p99, errors: r.errors + r.non2xx, serverMs, pgMs,
      bytes, rated });
    log(`${c.name}: ${items} items, ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ` +
      `CPU per request: server ${serverMs.toFixed(2)} ms, PostgreSQL ${pgMs.toFixed(2)} ms; at ${RATE} req/s: p50 ${rated.p50} ms, p99 ${rated.p99} ms (sent late: p99 ${rated.lateP99} ms)`);
  }
  // The plans of the statements the server sends (the same named statements, generic as on the server's queue connections).
  // As the server's queue connections do (deps.queuePool).
  await owner.query('SET plan_cache_mode = force_generic_plan');
  const plans: { name: string; plan: string; index: string; rowsRead: string; buffers: string; ms: string; generic: boolean }[] = [];
  for (const c of cases) {
    const st = queueStatement('incoming', { facilityId: hubId, userId: hubId }, { limit: 50, ...c.filters });
    const args = st.values.map((v) => `'${String(v)}'`).join(', ');
    await owner.query(`PREPARE shown AS ${st.text}`);
    for (let i = 0; i < 6; i++) await owner.query(`EXECUTE shown(${args})`);
    const text = (await owner.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) EXECUTE shown(${args})`)).rows.map((x) => x['QUERY PLAN']).join('\n');
    await owner.query('DEALLOCATE shown');
    if (process.env.BENCH_PLANS) log(`plan of ${c.name}:\n${text}`);
    const scan = text.match(/Scan[^\n]*? on consultation c [^\n]*?actual time=[\d.]+\.\.[\d.]+ rows=(\d+)/);
    plans.push({ name: c.name, plan: text, index: text.match(/(?:Index Scan|Index Only Scan) using (consultation\w*)|Bitmap Index Scan on (consultation\w*)/)?.slice(1).find(Boolean) ?? 'none',
      rowsRead: `${scan?.[1] ?? '?'}${text.includes('Rows Removed by Filter') ? ` (${[...text.matchAll(/Rows Removed by Filter: (\d+)/g)].map((m) => m[1]).join(' + ')} removed by filter)` : ''}`,
      buffers: text.match(/Buffers: shared ([^\n]+)/)?.[1] ?? '?', ms: text.match(/Execution Time: ([\d.]+) ms/)?.[1] ?? '?',
      // A generic plan names the parameters ($1…); a custom one is planned again at every execution.
      generic: /\$\d/.test(text) });
  }
  // The floor of this machine at the same steady rate: a bare node:http server in its own process answering a fixed body
  // of a queue page's size from memory, no database, measured with the same client. Its tail is the machine's (scheduling of
  // the processes on the 2 vCPUs, the client's own pauses), which no server can go under.
  const floorBody = JSON.stringify({ items: Array.from({ length: 50 }, (_, i) => ({ id: i, text: 'x'.repeat(520) })) });
  const floorPort = 20_000 + Math.floor(Math.random() * 20_000);
  const floorServer = spawn(process.execPath, ['--input-type=module', '-e',
    `import http from 'node:http'; const body = Buffer.from(${JSON.stringify(floorBody)});
     http.createServer((q, s) => { s.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }); s.end(body); })
       .listen(${floorPort}, '127.0.0.1', () => process.stdout.write('up\\n'));`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((r) => floorServer.stdout!.once('data', r));
  const floorUrl = `http://127.0.0.1:${floorPort}/`;
  await paced(floorUrl, {}, RATE, 3);
  const floor = await paced(floorUrl, {}, RATE, SECONDS);
  floorServer.kill('SIGTERM');
  await new Promise((r) => floorServer.once('exit', r));
  log(`floor (bare node:http, fixed ${floorBody.length} B body) at ${RATE} req/s: p50 ${floor.p50} ms, p99 ${floor.p99} ms (sent late: p99 ${floor.lateP99} ms)`);
  const loadAfter = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  await owner.end();
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));

  const table = ['| Queue page (50 items max) | Items | Flat out: throughput | p50 | p99 | Met (p99 ≤ 20 ms) | At a steady rate: throughput | p50 | p99 | Met (p99 ≤ 20 ms) | Steady: sent late by the client, p99 | Errors | CPU per request: server | CPU per request: PostgreSQL | Bytes per answer |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...results.map((r) => `| ${r.name} | ${r.items} | ${r.rps.toFixed(0)} req/s | ${r.p50} ms | ${r.p99} ms | ${r.p99 <= 20 ? 'yes' : 'no'} | ` +
      `${r.rated.rps.toFixed(0)} req/s | ${r.rated.p50} ms | ${r.rated.p99} ms | ${r.rated.p99 <= 20 ? 'yes' : 'no'} | ${r.rated.lateP99} ms | ${r.errors + r.rated.errors} | ` +
      `${r.serverMs.toFixed(2)} ms | ${r.pgMs.toFixed(2)} ms | ${Math.round(r.bytes).toLocaleString('en')} |`)].join('\n');
  const planTable = ['| Statement | Index | Rows from the scan of consultation | Buffers | Execution | Plan |', '|---|---|---|---|---|---|',
    ...plans.map((p) => `| ${p.name} | \`${p.index}\` | ${p.rowsRead} | ${p.buffers} | ${p.ms} ms | ${p.generic ? 'generic (planned once)' : 'custom (planned at every execution)'} |`)].join('\n');
  const floorLine = `The machine's floor at the same steady rate, same client, same ${SECONDS} s: a bare \`node:http\` server in its own process answering a fixed
${floorBody.length.toLocaleString('en')}-byte body from memory (no session, no database, no audit): p50 ${floor.p50} ms, p99 ${floor.p99} ms, sent late by the client p99 ${floor.lateP99} ms, ${floor.errors} errors.`;
  process.stdout.write(`${floorLine}\n\n${table}\n\n${planTable}\n\n${plans[0].plan}\n`);
  if (WRITE) {
    writeSection('queue', `## Teleconsultation queue with 1,000,000 consultations (\`bench/queue.ts\`)

- **Date:** ${new Date().toISOString()}; **command:** \`node bench/queue.ts --write\`; whole run ${((Date.now() - started) / 1000).toFixed(0)} s
- **Machine:** ${machineAtStart}; PostgreSQL embedded (the \`embedded-postgres\` package), the server in its own process (\`apps/server/src/main.ts\` with \`DATABASE_URL\`), autocannon and the steady-rate client each in a process of its own with one GC thread (\`bench/load-client.ts\`, \`bench/paced-client.ts\`)
- **Data:** ${Number(counts.total).toLocaleString('en')} consultations (3 % open) over 5 hubs and the demo district hospitals, loaded with one
  \`INSERT … SELECT generate_series\`, \`VACUUM ANALYZE\` and a \`CHECKPOINT\` in ${loadSeconds.toFixed(0)} s; ${counts.open_here} of them open at the regional centre KZ-AKT-RTC
- **Load:** autocannon, ${CONNECTIONS} connections, signed in as the regional centre's coordinator; per URL a 3 s warm-up, then
  ${SECONDS} s flat out (each connection sends its next request as soon as the last is answered: the machine's ceiling), then
  ${SECONDS} s at a steady ${RATE} requests a second, one every ${(1000 / RATE).toFixed(1)} ms from the bench's own open-loop client, latency
  counted from when each request was due (a busy hub: ${RATE} staff with the queue open, each reloading it once a second on live events).
  Each request checks the session and the policy, reads the page and writes an audit record

${table}

${floorLine}

Target p99 ≤ 20 ms (the issue names no load): flat out at ${CONNECTIONS} connections ${results.every((r) => r.p99 <= 20) ? '**met** for every URL' :
  `**not met** (${results.filter((r) => r.p99 <= 20).length} of ${results.length} URLs within it)`}; at ${RATE} requests a second
${results.every((r) => r.rated.p99 <= 20) ? '**met** for every URL' : `**not met** (${results.filter((r) => r.rated.p99 <= 20).length} of ${results.length} URLs within it)`}.
Flat out, the server, PostgreSQL and autocannon share the 2 CPUs and each request waits behind the other nine; at the steady
rate nothing queues, so its p50 is one request's own time and its p99 the pauses that catch some requests.
"Sent late by the client" is how long after a request was due the bench's own client sent it (its timer fired late); that
much of the steady latency is the load generator's pause, not the server's, and it is counted in the latency all the same.
Load average when the measurements ended: ${loadAfter} (the machine is shared: this run's server, PostgreSQL and
autocannon alone keep about 2 cores busy, so a higher figure means other work took CPU from it).
CPU per request is the server process's and PostgreSQL's CPU time (\`/proc/<pid>/stat\`, all PostgreSQL processes) over the measured
requests, so it includes the session check, the audit record's share of its batch and everything else the request caused.
Bytes per answer are autocannon's (headers and body, as sent). All URLs but the last are asked for without \`Accept-Encoding\`, as
autocannon does by default, so their answers are plain JSON; the last asks as a browser does and gets gzip (level 3).

Plans of the statements the server sends for these URLs (\`EXPLAIN (ANALYZE, BUFFERS)\` of the same named statement after its
first executions):

${planTable}

The work list's plan in full:

\`\`\`
${plans[0].plan}
\`\`\``);
    log('wrote its section of docs/BENCHMARKS.md');
  }
} finally {
  await embedded.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * The visits' call channel with 2,000 connected clients: `node bench/visit-signal.ts [--write]`.
 *
 * A private embedded PostgreSQL with the demo network and BENCH_NODES app nodes (default 2) on it, each
 * in its own process, as a network behind a load balancer runs them (the call channel fans out through
 * `visit_signal` and NOTIFY). BENCH_VISITS open visits (default 1,000), each with two admitted
 * participants: the district doctor (staff, by session cookie; 20 sessions) and a guest patient (by the
 * pass cookie a redeemed link gives). Each of the 2,000 clients connects to a node picked at random,
 * says `hello` and gets `welcome`, as the browser does. Then, phase by phase (BENCH_PHASES: ms between
 * one client's signals, default "5000,1000"; BENCH_PHASE_SECONDS each, default 30), every client sends
 * a `signal` to the other participant of its visit at that interval, a `chat` message every 60 s, and a
 * `ping` every 5 s (the browser's), each at its own random phase. The send time travels in the message;
 * the receiving client (same process, same clock) takes the difference.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import WebSocket from 'ws';
import { loadavg, procStat, signIn, startDatabase, startNode, type AppNode } from './app-nodes.ts';
import { busyNote, machineLine, writeSection } from './report.ts';

const WRITE = process.argv.includes('--write');
const VISITS = Number(process.env.BENCH_VISITS ?? 1000);
const NODES = Number(process.env.BENCH_NODES ?? 2);
const PHASES = (process.env.BENCH_PHASES ?? '5000,1000').split(',').map(Number);
const PHASE_SECONDS = Number(process.env.BENCH_PHASE_SECONDS ?? 30);
const CHAT_EVERY_MS = 60_000;
const PING_EVERY_MS = 5_000;
const TARGET_P99_MS = 50;
const log = (m: string) => process.stderr.write(`[visit-signal ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU time (ms) and RSS (MiB) summed over the PostgreSQL processes started by this process (the embedded server). */
function postgresStat(): { cpuMs: number; rssMiB: number } {
  const parent = new Map<number, number>();
  const comm = new Map<number, string>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      comm.set(Number(d), s.slice(s.indexOf('(') + 1, s.lastIndexOf(')')));
      parent.set(Number(d), Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* gone */ }
  }
  const mine = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === process.pid) return true;
    return false;
  };
  let cpuMs = 0;
  let rssMiB = 0;
  for (const [pid, name] of comm) {
    if (name !== 'postgres' || !mine(pid)) continue;
    try {
      const s = procStat(pid);
      cpuMs += s.cpuMs;
      rssMiB += s.rssMiB;
    } catch { /* gone */ }
  }
  return { cpuMs, rssMiB };
}

interface Client {
  ws: WebSocket;
  visit: number;
  participantId: string;
  peerId: string;
  node: number;
}

const started = Date.now();
const machine = machineLine();
const db = await startDatabase('signal', 400);
const nodes: AppNode[] = [];
try {
  for (let i = 0; i < NODES; i++) nodes.push(await startNode(db, { DB_POOL_SIZE: '10' }));
  const owner = new pg.Client({ connectionString: db.url });
  await owner.connect();
  const { rows: [ids] } = await owner.query<{ facility: string; doctor: string; patient: string }>(`SELECT
    (SELECT id FROM facility WHERE code = 'KZ-AKT-SHALKAR') AS facility, (SELECT id FROM app_user WHERE email = 'doctor.shalkar@demo.telemed') AS doctor,
    (SELECT id FROM patient ORDER BY family_name LIMIT 1) AS patient`);
  // The visits and their participants, written directly (the API's own paths are measured elsewhere): the doctor admitted
  // as themself, the patient as a guest holding a pass (only its SHA-256 is stored, as when a link is redeemed).
  const passes = Array.from({ length: VISITS }, () => randomBytes(24).toString('base64url'));
  const visits: { id: string; staff: string; guest: string }[] = [];
  for (let i = 0; i < VISITS; i += 200) {
    const n = Math.min(200, VISITS - i);
    const { rows } = await owner.query<{ id: string; staff: string; guest: string }>(`
      WITH v AS (INSERT INTO visit (facility_id, patient_id, created_by, started_at)
        SELECT $1, $2, $3, now() FROM generate_series(1, $4) RETURNING id),
      numbered AS (SELECT id, row_number() OVER () AS n FROM v),
      staff AS (INSERT INTO visit_participant (visit_id, user_id, role, display_name, language, admitted_at, admitted_by)
        SELECT id, $3, 'clinician', 'Doctor', 'kk', now(), $3 FROM numbered RETURNING id, visit_id),
      guest AS (INSERT INTO visit_participant (visit_id, role, display_name, language, admitted_at, admitted_by, pass_hash, pass_expires_at)
        SELECT id, 'patient', 'Patient ' || n, 'ru', now(), $3, decode(($5::text[])[n], 'hex'), now() + interval '12 hours' FROM numbered
        RETURNING id, visit_id)
      SELECT numbered.id, staff.id AS staff, guest.id AS guest FROM numbered JOIN staff ON staff.visit_id = numbered.id
        JOIN guest ON guest.visit_id = numbered.id ORDER BY numbered.n`,
      [ids.facility, ids.patient, ids.doctor, n, passes.slice(i, i + n).map((p) => createHash('sha256').update(p).digest('hex'))]);
    visits.push(...rows);
  }
  const sessions = await Promise.all(Array.from({ length: 20 }, () => signIn(nodes[0]!.base, 'doctor.shalkar@demo.telemed')));
  log(`${visits.length} visits; opening ${visits.length * 2} clients over ${NODES} node(s); load average ${loadavg()}`);

  // Latencies by phase; what each client has received.
  const latencies: number[][] = PHASES.map(() => []);
  const chatLatencies: number[][] = PHASES.map(() => []);
  let phase = -1;
  const counts = { signalsSent: 0, signalsReceived: 0, chatsSent: 0, chatsReceived: 0, errors: 0, closed: 0, stale: 0 };
  const sentByPhase = PHASES.map(() => ({ signals: 0, chats: 0, received: 0, chatsReceived: 0 }));
  const open = (visitIndex: number, staff: boolean) => new Promise<Client>((resolve, reject) => {
    const v = visits[visitIndex]!;
    const node = Math.floor(Math.random() * NODES);
    const base = nodes[node]!.base;
    const cookie = staff ? sessions[visitIndex % sessions.length]!.cookie : `tm_visit=${passes[visitIndex]}`;
    const ws = new WebSocket(`${base.replace('http', 'ws')}/api/visits/${v.id}/signal`, { headers: { cookie, origin: base } });
    const client: Client = { ws, visit: visitIndex, participantId: staff ? v.staff : v.guest, peerId: staff ? v.guest : v.staff, node };
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', since: 0 })));
    ws.on('message', (data) => {
      const at = performance.now();
      const m = JSON.parse(String(data)) as { type: string; data?: { candidate?: { candidate: string } }; message?: { body: string; participantId: string };
        code?: string };
      if (m.type === 'welcome') return resolve(client);
      if (m.type === 'signal') {
        const [, p, t] = m.data?.candidate?.candidate.split(' ') ?? [];
        counts.signalsReceived++;
        if (Number(p) !== phase) counts.stale++;
        else {
          sentByPhase[phase]!.received++;
          latencies[phase]!.push(at - Number(t));
        }
      } else if (m.type === 'chat' && m.message && m.message.participantId !== client.participantId) {
        const [, p, t] = m.message.body.split(' ');
        counts.chatsReceived++;
        if (Number(p) === phase) {
          sentByPhase[phase]!.chatsReceived++;
          chatLatencies[phase]!.push(at - Number(t));
        }
      } else if (m.type === 'error') {
        counts.errors++;
      }
    });
    ws.on('close', () => { counts.closed++; });
    ws.on('error', reject);
  });
  const clients: Client[] = [];
  const t0 = performance.now();
  for (let i = 0; i < visits.length; i += 25) {
    const batch = Array.from({ length: Math.min(25, visits.length - i) }, (_, j) => i + j);
    clients.push(...await Promise.all(batch.flatMap((v) => [open(v, true), open(v, false)])));
  }
  const connectSeconds = (performance.now() - t0) / 1000;
  log(`${clients.length} clients connected in ${connectSeconds.toFixed(1)} s`);
  await sleep(5000);
  const closedBefore = counts.closed;
  const afterConnect = nodes.map((n) => procStat(n.pid));
  const pgAfterConnect = postgresStat();

  interface PhaseResult { everyMs: number; seconds: number; cpu: number[]; pgCpu: number; benchCpu: number; rss: number[]; pgRss: number;
    loadavg: string }
  const results: PhaseResult[] = [];
  for (let p = 0; p < PHASES.length; p++) {
    const everyMs = PHASES[p]!;
    phase = p;
    log(`phase ${p + 1}: a signal every ${everyMs} ms per client (${Math.round((clients.length * 1000) / everyMs)}/s in all) for ${PHASE_SECONDS} s`);
    const cpu0 = nodes.map((n) => procStat(n.pid).cpuMs);
    const pg0 = postgresStat().cpuMs;
    const bench0 = process.cpuUsage();
    const start = performance.now();
    const timers: NodeJS.Timeout[] = [];
    for (const c of clients) {
      const session = randomBytes(8).toString('hex');
      const signal = () => {
        if (c.ws.readyState !== WebSocket.OPEN) return;
        counts.signalsSent++;
        sentByPhase[p]!.signals++;
        c.ws.send(JSON.stringify({ type: 'signal', to: c.peerId, data: { session,
          candidate: { candidate: `bench ${p} ${performance.now()} candidate:1 1 udp 2122260223 192.0.2.2 50000 typ host`, sdpMid: '0', sdpMLineIndex: 0 } } }));
      };
      const chat = () => {
        if (c.ws.readyState !== WebSocket.OPEN) return;
        counts.chatsSent++;
        sentByPhase[p]!.chats++;
        c.ws.send(JSON.stringify({ type: 'chat', body: `bench ${p} ${performance.now()}` }));
      };
      const ping = () => { if (c.ws.readyState === WebSocket.OPEN) c.ws.send('{"type":"ping"}'); };
      for (const [fn, every] of [[signal, everyMs], [chat, CHAT_EVERY_MS], [ping, PING_EVERY_MS]] as const) {
        timers.push(setTimeout(() => {
          fn();
          timers.push(setInterval(fn, every));
        }, Math.random() * every));
      }
    }
    // What the database's sessions wait on, every 2 s (BENCH_PG_WAITS=1), to see where a queue forms.
    const waits = process.env.BENCH_PG_WAITS ? setInterval(() => void owner.query<{ w: string; n: string }>(`SELECT coalesce(wait_event_type || ':' || wait_event, state) AS w,
      count(*) AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() GROUP BY 1 ORDER BY 2 DESC`)
      .then(({ rows }) => log(rows.map((r) => `${r.w} ${r.n}`).join(', '))), 2000) : null;
    await sleep(PHASE_SECONDS * 1000);
    if (waits) clearInterval(waits);
    for (const t of timers) clearTimeout(t);
    const seconds = (performance.now() - start) / 1000;
    const benchCpu = process.cpuUsage(bench0);
    const rss = nodes.map((n) => procStat(n.pid).rssMiB);
    results.push({ everyMs, seconds, cpu: nodes.map((n, i) => (procStat(n.pid).cpuMs - cpu0[i]!) / seconds / 10), pgCpu: (postgresStat().cpuMs - pg0) / seconds / 10,
      benchCpu: (benchCpu.user + benchCpu.system) / 1000 / seconds / 10, rss, pgRss: postgresStat().rssMiB, loadavg: loadavg() });
    // What is still in flight arrives (and is counted in this phase) before the next one starts.
    await sleep(3000);
  }
  phase = -1;
  const closedDuring = counts.closed - closedBefore;
  for (const c of clients) c.ws.close();
  await owner.end();

  const pct = (xs: number[], q: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor((q / 100) * s.length))] ?? NaN;
  };
  const f = (ms: number) => `${ms.toFixed(1)} ms`;
  const cross = clients.filter((c) => c.node !== clients.find((o) => o.participantId === c.peerId)!.node).length;
  const rows = results.map((r, i) => {
    const xs = latencies[i]!;
    const s = sentByPhase[i]!;
    const p99 = pct(xs, 99);
    return `| one every ${r.everyMs / 1000} s per client (${Math.round((clients.length * 1000) / r.everyMs).toLocaleString('en')}/s) | ` +
      `${f(pct(xs, 50))} | ${f(pct(xs, 95))} | **${f(p99)}** | ${f(xs.length ? Math.max(...xs) : NaN)} | ${s.received.toLocaleString('en')} of ${s.signals.toLocaleString('en')} | ` +
      `${chatLatencies[i]!.length ? `${f(pct(chatLatencies[i]!, 50))} / ${f(pct(chatLatencies[i]!, 99))} (${s.chatsReceived} of ${s.chats})` : '—'} | ` +
      `${r.cpu.map((c) => `${c.toFixed(0)} %`).join(' + ')} | ${r.pgCpu.toFixed(0)} % | ${r.benchCpu.toFixed(0)} % | ${r.rss.map((m) => `${m.toFixed(0)}`).join(' + ')} MiB | ` +
      `${p99 <= TARGET_P99_MS ? 'yes' : 'no'} |`;
  });
  const markdown = `## Video visits' call channel with 2,000 connected clients (\`bench/visit-signal.ts\`)

- **Date:** ${new Date(started).toISOString()}; **command:** \`node bench/visit-signal.ts --write\`; whole run ${((Date.now() - started) / 1000).toFixed(0)} s
- **Machine:** ${machine}; load average at the end of each phase ${results.map((r) => r.loadavg).join('; ')} (the 2 CPUs are
  shared by the ${NODES} app nodes, PostgreSQL and the 2,000 clients).${busyNote(machine, ...results.map((r) => r.loadavg))}
- **Set-up:** PostgreSQL embedded (one), ${NODES} app nodes (\`apps/server/src/main.ts\` with \`DATABASE_URL\`, each its own process, \`DB_POOL_SIZE=10\`),
  the clients (\`ws\`) in the benchmark process, which sends and receives on one clock
- **Clients:** ${visits.length.toLocaleString('en')} open visits × 2 admitted participants = ${clients.length.toLocaleString('en')} clients on
  \`/api/visits/:id/signal\`: the doctor by session cookie (20 sessions) and the patient as a guest by pass cookie; each connected to a node
  picked at random (${cross.toLocaleString('en')} of ${clients.length.toLocaleString('en')} have the other participant on the other node), said \`hello\` and got \`welcome\`;
  all connected in ${connectSeconds.toFixed(1)} s (batches of 25 visits). Server RSS with all connected, before the load:
  ${afterConnect.map((s) => `${s.rssMiB.toFixed(0)} MiB`).join(' + ')}; PostgreSQL ${pgAfterConnect.rssMiB.toFixed(0)} MiB (RSS summed over its processes, so shared memory counted more than once)
- **Load:** each client sends a \`signal\` (an ICE candidate, as browsers do) to the other participant of its visit at the phase's interval, a
  \`chat\` message every ${CHAT_EVERY_MS / 1000} s and a \`ping\` every ${PING_EVERY_MS / 1000} s, each at a random phase, for ${PHASE_SECONDS} s per phase. Latency: from just before the sending
  client's \`send\` to the message's arrival at the other participant's client (node → \`visit_signal\` INSERT → NOTIFY → every node with
  participants of that visit → WebSocket). A browser's call sends a burst of such messages while it sets up or repairs a connection, then
  little besides pings: the first phase is already far above a steady state of 1,000 calls.

| Signals | p50 | p95 | p99 | max | Delivered | Chat p50 / p99 (delivered) | CPU, app nodes (% of one CPU) | CPU, PostgreSQL | CPU, clients | RSS, app nodes after the phase | p99 ≤ ${TARGET_P99_MS} ms |
|---|---|---|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

Errors answered on the channel: ${counts.errors}; channels closed by the server during the phases: ${closedDuring} (and ${closedBefore} while connecting and settling); signals that arrived after their phase had ended: ${counts.stale}.`;
  process.stdout.write(`${markdown}\n`);
  if (WRITE) {
    writeSection('visit-signal', markdown);
    log('wrote its section of docs/BENCHMARKS.md');
  }
} finally {
  for (const n of nodes) await n.stop();
  await db.stop();
}

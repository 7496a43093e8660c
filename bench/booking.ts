/**
 * A hundred people book the same slot at once: `node bench/booking.ts [--write]`.
 *
 * A private embedded PostgreSQL with the demo network, the server in its own process. 100 patients of
 * the Shalkar district hospital; its doctor (10 sessions) books the regional centre's cardiologist for
 * all of them at the same moment, for the same free slot: 100 `POST /api/appointments` sent together,
 * each on its own connection. Done for BENCH_ROUNDS slots (default 5). Counts the answers by status and
 * problem type, checks the database holds exactly one live appointment in the slot, and times each round
 * from the first request sent to the last answer.
 */
import pg from 'pg';
import { performance } from 'node:perf_hooks';
import { call, loadavg, procStat, signIn, startDatabase, startNode } from './app-nodes.ts';
import { machineLine, writeSection } from './report.ts';

const WRITE = process.argv.includes('--write');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PEOPLE = 100;
const log = (m: string) => process.stderr.write(`[booking ${new Date().toISOString().slice(11, 19)}] ${m}\n`);

const started = Date.now();
const machine = machineLine();
const db = await startDatabase('booking');
let node: Awaited<ReturnType<typeof startNode>> | null = null;
try {
  node = await startNode(db);
  const owner = new pg.Client({ connectionString: db.url });
  await owner.connect();
  const { rows: [ids] } = await owner.query<{ shalkar: string; rtc: string; cardiologist: string }>(`SELECT
    (SELECT id FROM facility WHERE code = 'KZ-AKT-SHALKAR') AS shalkar, (SELECT id FROM facility WHERE code = 'KZ-AKT-RTC') AS rtc,
    (SELECT id FROM app_user WHERE email = 'cardiologist@demo.telemed') AS cardiologist`);
  const { rows: patients } = await owner.query<{ id: string }>(`INSERT INTO patient (family_name, given_name, birth_date, sex, preferred_language,
      home_facility_id, name_key)
    SELECT 'Бронь' || i, 'Тест', DATE '1980-01-01' + i, 'female', 'kk', $1, 'бронь' || i FROM generate_series(1, ${PEOPLE}) i RETURNING id`, [ids.shalkar]);
  const sessions = await Promise.all(Array.from({ length: 10 }, () => signIn(node!.base, 'doctor.shalkar@demo.telemed')));
  const today = new Date().toISOString().slice(0, 10);
  const to = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  const slots = await call<{ items: { startsAt: string }[] }>(node.base, sessions[0]!, 'GET',
    `/api/scheduling/slots?clinicianId=${ids.cardiologist}&facilityId=${ids.rtc}&from=${today}&to=${to}`);
  if (slots.status !== 200 || slots.body.items.length < ROUNDS + 1) throw new Error(`slots: ${slots.status} ${JSON.stringify(slots.body).slice(0, 200)}`);

  interface Round { ms: number; codes: Record<string, number>; live: number; cpuMs: number }
  const rounds: Round[] = [];
  // A warm-up booking (not measured): the first request of a process compiles its code paths.
  await call(node.base, sessions[0]!, 'POST', '/api/appointments', { patientId: patients[0]!.id, clinicianId: ids.cardiologist, facilityId: ids.rtc,
    startsAt: slots.body.items.at(-1)!.startsAt, reason: 'warm-up' });
  for (let r = 0; r < ROUNDS; r++) {
    const slot = slots.body.items[r]!.startsAt;
    const cpu0 = procStat(node.pid).cpuMs;
    const t0 = performance.now();
    const answers = await Promise.all(patients.map((p, i) => call<{ type?: string }>(node!.base, sessions[i % sessions.length]!, 'POST',
      '/api/appointments', { patientId: p.id, clinicianId: ids.cardiologist, facilityId: ids.rtc, startsAt: slot, reason: 'Follow-up after discharge' })));
    const ms = performance.now() - t0;
    const codes: Record<string, number> = {};
    for (const a of answers) {
      const k = a.status === 201 ? '201 Created' : `${a.status} ${a.type.split(';')[0]} ${a.body.type?.replace('https://telemed.network/problems/', '') ?? ''}`.trim();
      codes[k] = (codes[k] ?? 0) + 1;
    }
    const { rows: [{ n }] } = await owner.query<{ n: string }>(`SELECT count(*) AS n FROM appointment WHERE clinician_id = $1 AND starts_at = $2
      AND status = 'booked'`, [ids.cardiologist, slot]);
    rounds.push({ ms, codes, live: Number(n), cpuMs: procStat(node.pid).cpuMs - cpu0 });
    log(`round ${r + 1}: ${ms.toFixed(0)} ms ${JSON.stringify(codes)}, ${n} live`);
  }
  await owner.end();

  const sorted = rounds.map((r) => r.ms).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const exactlyOne = rounds.every((r) => r.codes['201 Created'] === 1 && r.live === 1);
  const losersOk = rounds.every((r) => Object.entries(r.codes).every(([k, v]) => k === '201 Created' || (k.startsWith('409 application/problem+json slot-taken') && v > 0)));
  const table = ['| Round | Time for the 100 (first sent → last answer) | Answers | Live appointments in the slot afterwards | Server CPU |',
    '|---|---|---|---|---|',
    ...rounds.map((r, i) => `| ${i + 1} | ${r.ms.toFixed(0)} ms | ${Object.entries(r.codes).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${v} × ${k}`).join('; ')} | ${r.live} | ${r.cpuMs} ms |`),
  ].join('\n');
  const markdown = `## Booking: 100 concurrent requests for the same slot (\`bench/booking.ts\`)

- **Date:** ${new Date(started).toISOString()}; **command:** \`node bench/booking.ts --write\`; whole run ${((Date.now() - started) / 1000).toFixed(0)} s
- **Machine:** ${machine}; load average at the end ${loadavg()}; PostgreSQL embedded, the server in its own process
  (\`apps/server/src/main.ts\` with \`DATABASE_URL\`, \`WRITE_RATE_LIMIT\` raised so the limiter does not answer instead of the booking)
- **Load:** ${PEOPLE} patients of the Shalkar district hospital, booked by its doctor (10 sessions) with the regional centre's cardiologist,
  all ${PEOPLE} \`POST /api/appointments\` for the same slot sent at once (Node \`fetch\`, one connection each); ${ROUNDS} rounds, a different slot each.
  The database's exclusion constraint on the clinician's time decides; the losers' answer is mapped to a problem in the caller's language.

${table}

| Target (issue) | Measured | Met |
|---|---|---|
| Exactly one success out of 100 | ${rounds.map((r) => r.codes['201 Created'] ?? 0).join(', ')} successes; ${rounds.map((r) => r.live).join(', ')} live appointments | ${exactlyOne ? 'yes' : 'no'} |
| The losers get a clear 409 problem, not 500 | ${losersOk ? 'all 99 of every round: 409 `application/problem+json`, type `slot-taken`' : 'no: see the answers above'} | ${losersOk ? 'yes' : 'no'} |
| Time for the 100, median of ${ROUNDS} | ${median.toFixed(0)} ms (${sorted.map((x) => x.toFixed(0)).join(', ')}) | — |

The same race is asserted (without timings) by \`apps/server/src/modules/scheduling/booking.int.test.ts\`.`;
  process.stdout.write(`${markdown}\n`);
  if (WRITE) {
    writeSection('booking', markdown);
    log('wrote its section of docs/BENCHMARKS.md');
  }
  if (!exactlyOne || !losersOk) process.exitCode = 1;
} finally {
  await node?.stop();
  await db.stop();
}

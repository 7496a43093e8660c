/**
 * Join to first remote frame: `node bench/visit-join.ts [--write]` (the web app built first:
 * `npm run build -w apps/web`; Debian's chromium, coturn and janus installed). BENCH_CALLS sets the
 * number of calls per kind (default 20), BENCH_KINDS which kinds (app-p2p,bare-p2p,app-sfu,bare-janus,app-switch), BENCH_DUMP=file.json keeps every
 * call's marks, BENCH_PROFILE=prefix writes a CPU profile of the joiner's page per app call.
 *
 * One run starts coturn and Janus (scripts/media-servers.ts), three app servers as `npm start` runs them
 * (embedded PostgreSQL, the demo network, TURN and Janus configured): one as shipped, where two people
 * talk peer to peer; one with SFU_FROM_PARTICIPANTS=1, where every call goes through Janus (the doctor,
 * alone in the call, already publishes there); one with SFU_FROM_PARTICIPANTS=2, where the call moves to
 * Janus as the second person joins.
 * One Chromium (fake camera and microphone), a fresh browser context for each participant.
 *
 * Each call is a teleconsultation's video session (`POST /api/consultations/:id/video`): the district
 * doctor and the regional centre's coordinator are both admitted as themselves. Both open the visit and
 * see the check before the call (camera and microphone already open, as a user has them when pressing
 * "Join"). The doctor joins and is alone in the call; then the coordinator presses "Join". Measured from
 * that click (a capture listener on the page) to the first remote video frame presented on each side
 * (requestVideoFrameCallback on the remote <video>), on one clock (both pages run on this machine).
 *
 * Beside each app call, in the same round, a bare call of the same kind with no app around it:
 *  - bare peer to peer: two pages of this benchmark's own server, each with one RTCPeerConnection, the
 *    offer, answer and candidates relayed by a bare WebSocket relay in this process; no ICE servers;
 *  - bare Janus: the page speaks Janus's WebSocket API itself, in a room created beforehand: the first
 *    page has published; the second publishes and subscribes to the first; the first subscribes back.
 * Kinds are interleaved call by call, so a busy moment of the machine falls on all of them alike.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { WebSocketServer, type WebSocket } from 'ws';
import { JanusClient } from '../apps/server/src/modules/visits/janus-client.ts';
import { launchBrowser } from '../e2e/support/browser.ts';
import { startServer, type RunningServer } from '../e2e/support/server.ts';
import { startCoturn, startJanus } from '../scripts/media-servers.ts';
import { call, loadavg, signIn } from './app-nodes.ts';
import { busyNote, machineLine, writeSection } from './report.ts';
import { BARE_JANUS, BARE_P2P, INSTRUMENT } from './visit-join-pages.ts';

const WRITE = process.argv.includes('--write');
const CALLS = Number(process.env.BENCH_CALLS ?? 20);
const KINDS = (process.env.BENCH_KINDS ?? 'app-p2p,bare-p2p,app-sfu,bare-janus,app-switch').split(',') as Kind[];
const FRAME_TIMEOUT_MS = 20_000;
const log = (m: string) => process.stderr.write(`[visit-join ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Kind = 'app-p2p' | 'bare-p2p' | 'app-sfu' | 'bare-janus' | 'app-switch';
type Marks = Record<string, number>;
interface Sample { joiner: Marks; other: Marks; t0: number }

async function main(): Promise<void> {
  const started = new Date();
  const machine = machineLine();
  const stops: (() => Promise<void>)[] = [];
  try {
    const turn = await startCoturn();
    stops.push(() => turn.stop());
    const janus = await startJanus();
    stops.push(() => janus.stop());
    const media = { TURN_URLS: turn.urls, TURN_SECRET: turn.secret, TURN_TTL_SECONDS: '600', JANUS_URL: janus.url, JANUS_API_SECRET: janus.apiSecret,
      JANUS_ADMIN_KEY: janus.adminKey };
    const servers: Partial<Record<'p2p' | 'sfu' | 'switch', RunningServer>> = {};
    if (KINDS.includes('app-p2p')) servers.p2p = await startServer(media);
    if (servers.p2p) stops.push(() => servers.p2p!.stop());
    if (KINDS.includes('app-sfu')) servers.sfu = await startServer({ ...media, SFU_FROM_PARTICIPANTS: '1' });
    if (servers.sfu) stops.push(() => servers.sfu!.stop());
    if (KINDS.includes('app-switch')) servers.switch = await startServer({ ...media, SFU_FROM_PARTICIPANTS: '2' });
    if (servers.switch) stops.push(() => servers.switch!.stop());
    const bare = await startBareServer();
    stops.push(() => bare.stop());
    const { browser, close } = await launchBrowser();
    stops.push(close);

    const apps = Object.fromEntries(await Promise.all(Object.entries(servers).map(async ([k, s]) => [k, await prepareApp(s!.url)])));
    const admin = await JanusClient.connect(janus.url, janus.apiSecret);
    const adminHandle = await admin.attachVideoRoom();
    stops.push(async () => admin.close());

    const samples: Record<Kind, Sample[]> = { 'app-p2p': [], 'bare-p2p': [], 'app-sfu': [], 'bare-janus': [], 'app-switch': [] };
    const failures: Record<Kind, string[]> = { 'app-p2p': [], 'bare-p2p': [], 'app-sfu': [], 'bare-janus': [], 'app-switch': [] };
    log(`${CALLS} calls of each of ${KINDS.join(', ')}; load average ${loadavg()}`);
    for (let i = 0; i < CALLS; i++) {
      for (const kind of KINDS) {
        try {
          const s = kind === 'app-p2p' ? await appCall(browser, apps.p2p!)
            : kind === 'app-sfu' ? await appCall(browser, apps.sfu!)
            : kind === 'app-switch' ? await appCall(browser, apps.switch!)
            : kind === 'bare-p2p' ? await bareP2pCall(browser, bare.url, `r${i}`)
            : await bareJanusCall(browser, bare.url, janus, admin, adminHandle, `bare-${i}-${Date.now()}`);
          samples[kind].push(s);
          log(`${kind} ${i + 1}: joiner ${(s.joiner.frame! - s.t0).toFixed(0)} ms, other ${(s.other.frame! - s.t0).toFixed(0)} ms`);
        } catch (err) {
          failures[kind].push((err as Error).message.split('\n')[0]!);
          log(`${kind} ${i + 1}: failed: ${(err as Error).message.split('\n')[0]}`);
        }
      }
    }
    const loadAtEnd = loadavg();
    // Every call's marks, for a closer look at one (BENCH_DUMP=file.json).
    if (process.env.BENCH_DUMP) fs.writeFileSync(process.env.BENCH_DUMP, JSON.stringify(samples));

    const median = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
    };
    const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const range = (xs: number[]) => `${sec(Math.min(...xs))}–${sec(Math.max(...xs))}`;
    const label: Record<Kind, string> = {
      'app-p2p': 'App, peer to peer (shipped settings)',
      'bare-p2p': 'Bare call, peer to peer',
      'app-sfu': 'App, through Janus (SFU_FROM_PARTICIPANTS=1)',
      'app-switch': 'App, switching to Janus as the second person joins (SFU_FROM_PARTICIPANTS=2)',
      'bare-janus': 'Bare Janus VideoRoom call',
    };
    const rows: string[] = [];
    const summary: Record<string, { joiner: number; other: number; both: number }> = {};
    for (const kind of KINDS) {
      const xs = samples[kind];
      if (!xs.length) {
        rows.push(`| ${label[kind]} | — | — | — | 0 of ${CALLS} (${failures[kind][0] ?? ''}) | — |`);
        continue;
      }
      const joiner = xs.map((s) => s.joiner.frame! - s.t0);
      const other = xs.map((s) => s.other.frame! - s.t0);
      const both = xs.map((s) => Math.max(s.joiner.frame!, s.other.frame!) - s.t0);
      summary[kind] = { joiner: median(joiner), other: median(other), both: median(both) };
      const target = kind.startsWith('app') ? (median(both) <= 1000 ? 'yes' : 'no') : '—';
      rows.push(`| ${label[kind]} | ${sec(median(joiner))} (${range(joiner)}) | ${sec(median(other))} (${range(other)}) | ` +
        `${sec(median(both))} (${range(both)}) | ${xs.length} of ${CALLS}${failures[kind].length ? ` (failed: ${[...new Set(failures[kind])].join('; ')})` : ''} | ${target} |`);
    }
    const overhead = (app: Kind, base: Kind) => summary[app] && summary[base]
      ? `${label[app]}: ${sec(summary[app].both - summary[base].both)} over the bare call (both sides seeing each other, medians)` : null;

    // Where the time goes: the median time of each step after the click, on each side (steps seen in most calls).
    const timeline = (kind: Kind, side: 'joiner' | 'other') => {
      const xs = samples[kind];
      const keys = new Set(xs.flatMap((s) => Object.keys(s[side])));
      const steps = [...keys].filter((k) => k !== 'click').map((k) => {
        const ts = xs.map((s) => s[side][k]).filter((t): t is number => t !== undefined).map((t, j) => t - xs[j]!.t0);
        return { k, n: ts.length, at: median(xs.filter((s) => s[side][k] !== undefined).map((s) => s[side][k]! - s.t0)) };
      }).filter((s) => s.n >= xs.length / 2 && s.at >= -50).sort((a, b) => a.at - b.at);
      return steps.map((s) => `\`${s.k}\` ${s.at.toFixed(0)}`).join(' · ');
    };
    const timelines = KINDS.filter((k) => samples[k].length).map((k) =>
      `- **${label[k]}**, the one who joins: ${timeline(k, 'joiner')}\n- **${label[k]}**, the one already in the call: ${timeline(k, 'other')}`);

    const markdown = `## Video visit: join to first remote frame (\`bench/visit-join.ts\`)

- **Date:** ${started.toISOString()}; **command:** \`npm run build -w apps/web && node bench/visit-join.ts --write\` (${CALLS} calls of each kind, BENCH_CALLS sets it)
- **Machine:** ${machine}; load average at the end ${loadAtEnd}.${busyNote(machine, loadAtEnd)}
- **Set-up:** coturn and Janus (Debian, \`scripts/media-servers.ts\`) on this machine; the app as \`npm start\` runs it (embedded PostgreSQL, demo
  network, TURN and Janus configured): one as shipped (two people talk peer to peer); one with \`SFU_FROM_PARTICIPANTS=1\`, where every call goes
  through Janus, so the doctor alone in the call already sends there, as the first page of the bare Janus call does; and one with
  \`SFU_FROM_PARTICIPANTS=2\`, where the call moves from peer to peer to Janus as the second person arrives (what the third person's arrival does
  in a call as shipped: those already in the call publish to Janus only then). Debian's Chromium, headless, fake
  camera (640×360 asked) and microphone, one browser context per person, all on this machine (media over its own addresses).
- **Call:** a teleconsultation's video session: the district doctor and the regional centre's coordinator, both admitted as themselves, have
  the check before the call open (camera and microphone on). The doctor joins and is alone in the call; then the coordinator presses "Join".
- **Measured:** from that click (a capture listener on the page) to the first remote video frame presented (\`requestVideoFrameCallback\` on
  the remote \`<video>\`), on the joiner's side and on the doctor's, on one clock. "Both" is the later of the two, per call.
- **Bare calls, same run, interleaved call by call:** *peer to peer*: two pages with one \`RTCPeerConnection\` each, the joiner offers as soon
  as its bare WebSocket relay (in the benchmark process) says the other is there, candidates trickled, no ICE servers; camera opened before
  the click as in the app. *Janus*: the page speaks Janus's WebSocket API itself in a room made beforehand; the first page has published; the
  joiner publishes (\`joinandconfigure\`), then subscribes to the first, which subscribes back when told of the new publisher.

| Kind (median, range over the calls) | Joiner sees the other | Doctor sees the joiner | Both | Calls measured | ≤ 1.0 s (both, median) |
|---|---|---|---|---|---|
${rows.join('\n')}

${[overhead('app-p2p', 'bare-p2p'), overhead('app-sfu', 'bare-janus'), overhead('app-switch', 'bare-janus')].filter(Boolean).map((l) => `- ${l}`).join('\n')}

Where the time goes (median ms after the click, steps seen in at least half of the calls; \`ws\` = the call channel or Janus's API, \`in:\`/\`out:\`
its first message of that type; \`pcN\` = the page's N-th RTCPeerConnection: \`local:\`/\`remote:\` descriptions set, \`candidate:\` first
candidate of that type, \`ice:\`/\`conn:\` states; \`frame\` = first remote frame presented):

${timelines.join('\n')}`;
    process.stdout.write(`${markdown}\n`);
    if (WRITE) {
      writeSection('visit-join', markdown);
      log('wrote its section of docs/BENCHMARKS.md');
    }
  } finally {
    for (const stop of stops.reverse()) await stop().catch((err: Error) => log(`stop: ${err.message}`));
  }
}

interface PreparedApp {
  base: string;
  doctor: { cookie: string; csrf: string };
  coordinator: { cookie: string; csrf: string };
  caseId: string;
}

/** Sessions for both people and one accepted case whose video session each call opens (and ends). */
async function prepareApp(base: string): Promise<PreparedApp> {
  const [doctor, coordinator] = await Promise.all([signIn(base, 'doctor.shalkar@demo.telemed'), signIn(base, 'coordinator@demo.telemed')]);
  const patients = await call<{ items: { id: string }[] }>(base, doctor, 'GET', `/api/patients?q=${encodeURIComponent('Иванов')}`);
  const hubs = await call<{ items: { id: string; code: string }[] }>(base, doctor, 'GET', '/api/facilities');
  const hub = hubs.body.items?.find((f) => f.code === 'KZ-AKT-RTC')?.id;
  if (!hub) throw new Error(`hub not found: ${hubs.status}`);
  const c = await call<{ id: string; version: number }>(base, doctor, 'POST', '/api/consultations', { patientId: patients.body.items[0]!.id,
    targetFacilityId: hub, profile: 'cardiology', urgency: 'urgent', mode: 'immediate_video', question: 'Chest pain since this morning: ECG attached',
    summary: { complaints: 'Chest pain' } });
  if (c.status !== 201) throw new Error(`case: ${c.status} ${JSON.stringify(c.body)}`);
  const accepted = await call(base, coordinator, 'POST', `/api/consultations/${c.body.id}/transitions`, { action: 'accept', version: c.body.version });
  if (accepted.status !== 200) throw new Error(`accept: ${accepted.status}`);
  return { base, doctor, coordinator, caseId: c.body.id };
}

async function contextFor(browser: Browser, base: string, cookie: string | null): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  if (cookie) {
    await ctx.addCookies(cookie.split('; ').map((c) => {
      const eq = c.indexOf('=');
      return { name: c.slice(0, eq), value: c.slice(eq + 1), url: base };
    }));
  }
  await ctx.addInitScript({ content: INSTRUMENT });
  return { ctx, page: await ctx.newPage() };
}

const marksOf = (p: Page) => p.evaluate(() => (window as unknown as { __bench: { marks: Record<string, number> } }).__bench.marks);
const framed = async (p: Page) => {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      p.evaluate(() => (window as unknown as { __bench: { framed: Promise<void> } }).__bench.framed),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no remote frame in ${FRAME_TIMEOUT_MS / 1000} s`)), FRAME_TIMEOUT_MS); }),
    ]);
  } finally {
    clearTimeout(timer);
  }
};

async function measured(first: Page, joiner: Page, click: () => Promise<void>): Promise<Sample> {
  await click();
  try {
    await Promise.all([framed(joiner), framed(first)]);
  } catch (err) {
    if (process.env.BENCH_DEBUG) log(`no frame; marks: joiner ${JSON.stringify(await marksOf(joiner))} other ${JSON.stringify(await marksOf(first))}`);
    throw err;
  }
  const [j, o] = await Promise.all([marksOf(joiner), marksOf(first)]);
  // The doctor's own join click came earlier: both sides' steps are counted from the joiner's click.
  delete o.click;
  return { joiner: j, other: o, t0: j.click! };
}

async function appCall(browser: Browser, app: PreparedApp): Promise<Sample> {
  const visit = await call<{ id: string }>(app.base, app.doctor, 'POST', `/api/consultations/${app.caseId}/video`);
  if (visit.status !== 200) throw new Error(`video session: ${visit.status} ${JSON.stringify(visit.body)}`);
  // The hub's side joins the case's session as itself by starting it too (it gets the same visit).
  const again = await call<{ id: string }>(app.base, app.coordinator, 'POST', `/api/consultations/${app.caseId}/video`);
  if (again.body.id !== visit.body.id) throw new Error(`video session for the hub: ${again.status}`);
  const url = `${app.base}/visits/${visit.body.id}`;
  const [a, b] = await Promise.all([contextFor(browser, app.base, app.doctor.cookie), contextFor(browser, app.base, app.coordinator.cookie)]);
  try {
    await Promise.all([a.page.goto(url), b.page.goto(url)]);
    const join = (p: Page) => p.locator('.precall button.button--primary:not([disabled])');
    await Promise.all([join(a.page).waitFor(), join(b.page).waitFor()]);
    await join(a.page).click();
    await a.page.locator('.room__alone').waitFor();
    await sleep(500);
    // BENCH_PROFILE=prefix: a CPU profile of the joiner's page from the click to both frames (prefix-<time>.cpuprofile, for DevTools).
    const cdp = process.env.BENCH_PROFILE ? await b.page.context().newCDPSession(b.page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    const sample = await measured(a.page, b.page, () => join(b.page).click());
    if (cdp) fs.writeFileSync(`${process.env.BENCH_PROFILE}-${Date.now()}.cpuprofile`, JSON.stringify((await cdp.send('Profiler.stop')).profile));
    return sample;
  } catch (err) {
    if (process.env.BENCH_DEBUG) {
      await a.page.screenshot({ path: '/tmp/visit-join-a.png' }).catch(() => undefined);
      await b.page.screenshot({ path: '/tmp/visit-join-b.png' }).catch(() => undefined);
    }
    throw err;
  } finally {
    await Promise.all([a.ctx.close(), b.ctx.close()]);
    await call(app.base, app.doctor, 'POST', `/api/visits/${visit.body.id}/end`);
  }
}

async function bareP2pCall(browser: Browser, base: string, room: string): Promise<Sample> {
  const [a, b] = await Promise.all([contextFor(browser, base, null), contextFor(browser, base, null)]);
  try {
    await Promise.all([a.page.goto(`${base}/p2p?room=${room}`), b.page.goto(`${base}/p2p?room=${room}`)]);
    await Promise.all([a.page.waitForFunction(() => (window as unknown as { __ready?: boolean }).__ready), b.page.waitForFunction(() => (window as unknown as { __ready?: boolean }).__ready)]);
    await a.page.click('#join');
    await a.page.waitForFunction(() => (window as unknown as { __bench: { marks: Record<string, number> } }).__bench.marks['ws.open'] !== undefined);
    await sleep(500);
    return await measured(a.page, b.page, () => b.page.click('#join'));
  } finally {
    await Promise.all([a.ctx.close(), b.ctx.close()]);
  }
}

async function bareJanusCall(browser: Browser, base: string, janus: { url: string; apiSecret: string; adminKey: string }, admin: JanusClient,
  adminHandle: number, room: string): Promise<Sample> {
  await admin.message(adminHandle, { request: 'create', room, admin_key: janus.adminKey, publishers: 12, permanent: false, is_private: true });
  const [a, b] = await Promise.all([contextFor(browser, base, null), contextFor(browser, base, null)]);
  try {
    const q = (me: string) => `${base}/janus?room=${room}&me=${me}&janus=${encodeURIComponent(janus.url)}&secret=${encodeURIComponent(janus.apiSecret)}`;
    await Promise.all([a.page.goto(q('a')), b.page.goto(q('b'))]);
    await Promise.all([a.page.waitForFunction(() => (window as unknown as { __ready?: boolean }).__ready), b.page.waitForFunction(() => (window as unknown as { __ready?: boolean }).__ready)]);
    await a.page.click('#join');
    await a.page.waitForFunction(() => (window as unknown as { __published?: boolean }).__published);
    // Published: wait for its path to Janus to be up, as the app's first participant has by the time the second comes.
    await a.page.waitForFunction(() => Object.keys((window as unknown as { __bench: { marks: Record<string, number> } }).__bench.marks).some((k) => k.endsWith('conn:connected')));
    await sleep(500);
    return await measured(a.page, b.page, () => b.page.click('#join'));
  } finally {
    await Promise.all([a.ctx.close(), b.ctx.close()]);
    await admin.message(adminHandle, { request: 'destroy', room, admin_key: janus.adminKey }).catch(() => undefined);
  }
}

/** This benchmark's own pages (the bare calls) and the bare WebSocket relay of the peer-to-peer one, on 127.0.0.1. */
async function startBareServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const page = req.url?.startsWith('/p2p') ? BARE_P2P : req.url?.startsWith('/janus') ? BARE_JANUS : null;
    if (!page) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(page);
  });
  const rooms = new Map<string, Set<WebSocket>>();
  const wss = new WebSocketServer({ server, path: '/signal' });
  wss.on('connection', (ws, req) => {
    const room = new URL(req.url ?? '/', 'http://x').searchParams.get('room') ?? '';
    const members = rooms.get(room) ?? new Set<WebSocket>();
    rooms.set(room, members);
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as { type: string };
      if (m.type === 'join') {
        // The one who joins second is told the other is there, and makes the offer.
        if (members.size > 0) ws.send(JSON.stringify({ type: 'peer' }));
        members.add(ws);
        return;
      }
      for (const other of members) if (other !== ws) other.send(String(data));
    });
    ws.on('close', () => members.delete(ws));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((r) => {
      wss.close();
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

await main();

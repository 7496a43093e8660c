/**
 * The poor-network scenario of a 1:1 video visit, several times: `node bench/poor-network.ts [--write]`
 * (root; netlab in ../shared/netlab). BENCH_RUNS sets the number of runs (default 3).
 *
 * Each run is e2e/poor-network.e2e.ts's scenario (e2e/support/poor-network.ts) on a fresh netlab, server
 * and pair of browsers (the clinician on host A, the patient on host B), but with 30 s deadlines instead
 * of the test's 5 s, so a slow recovery is measured rather than only failed:
 *  1. limit 128 kbit/s, 300 ms each way, 3 % loss, 20-packet queue; after the first 10 s, audio packets
 *     and video frames received per second over 8 s, on each side;
 *  2. limit lifted: time until each side decodes >= 10 fps over a second and its notice has gone;
 *  3. a 10 s and 4. a 40 s cut: time from the link returning until audio packets and video frames both
 *     grow again on each side.
 */
import fs from 'node:fs';
import { PoorNetworkCall, VIDEO_BACK_FPS } from '../e2e/support/poor-network.ts';
import { machineLine, writeSection } from './report.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DEADLINE_MS = 30_000;
const WRITE = process.argv.includes('--write');
const say = (m: string) => process.stderr.write(`[poor-network ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

interface Run {
  audioPps: number[];
  videoFps: number[];
  reduced: boolean[];
  videoBackMs: (number | null)[];
  cut10Ms: (number | null)[];
  cut40Ms: (number | null)[];
}

const started = new Date();
const machine = machineLine();
const runs: Run[] = [];
for (let i = 0; i < RUNS; i++) {
  say(`run ${i + 1} of ${RUNS}, load average ${loadavg()}`);
  const call = await PoorNetworkCall.open();
  try {
    const limit = await call.underLimit();
    const lift = await call.liftLimit(DEADLINE_MS);
    const cut10 = await call.outage(10, DEADLINE_MS);
    const cut40 = await call.outage(40, DEADLINE_MS);
    const run = { audioPps: limit.audioPps, videoFps: limit.videoFps, reduced: limit.reducedNoticeShown, videoBackMs: lift.videoBackMs,
      cut10Ms: cut10.mediaBackMs, cut40Ms: cut40.mediaBackMs };
    say(JSON.stringify(run));
    for (const end of [lift.end, cut10.end, cut40.end]) if (end) say(`not back: ${end}`);
    runs.push(run);
  } finally {
    await call.close();
  }
}
const loadAtEnd = loadavg();

const pair = (xs: number[], digits = 0) => xs.map((x) => x.toFixed(digits)).join(' / ');
const secs = (xs: (number | null)[]) => xs.map((x) => (x === null ? `> ${DEADLINE_MS / 1000}` : (x / 1000).toFixed(1))).join(' / ');
const all = (pick: (r: Run) => (number | null)[]) => runs.flatMap(pick);
const worst = (xs: (number | null)[]) => (xs.some((x) => x === null) ? null : Math.max(...(xs as number[])));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const minPps = Math.min(...all((r) => r.audioPps) as number[]);
const met = (ms: number | null) => (ms !== null && ms <= 5_000 ? 'yes' : 'no');

const rows = runs.map((r, i) => `| ${i + 1} | ${pair(r.audioPps)} | ${pair(r.videoFps, 1)} | ${r.reduced.every(Boolean) ? 'yes' : 'no'} | ` +
  `${secs(r.videoBackMs)} | ${secs(r.cut10Ms)} | ${secs(r.cut40Ms)} |`);
const summary = (label: string, xs: (number | null)[]) => {
  const known = xs.filter((x): x is number => x !== null);
  const w = worst(xs);
  return `| ${label} | ${known.length ? (median(known) / 1000).toFixed(1) : '—'} s | ${w === null ? `> ${DEADLINE_MS / 1000}` : (w / 1000).toFixed(1)} s | ≤ 5 s | ${met(w)} |`;
};

const markdown = `## Video visit on a poor network (\`bench/poor-network.ts\`)

- **Date:** ${started.toISOString()}; **command:** \`node bench/poor-network.ts --write\` (root; ${RUNS} runs, BENCH_RUNS sets it)
- **Machine:** ${machine}; load average at the end ${loadAtEnd} (other work shares this machine: Chromium's encoders and the test compete with it)
- **Network:** \`../shared/netlab\`: the clinician's Chromium on host A and the patient's on host B (network namespaces behind a router
  namespace), the app server on 10.77.0.1 (never impaired, so the call channel stays up); limit = HTB 128 kbit/s with a 20-packet queue,
  300 ms each way (NFQUEUE delay line), 3 % random loss (iptables \`statistic\`), both directions; a cut drops everything between A and B
- **Call:** 1:1, peer to peer (host candidates, no TURN), Chromium's fake camera (640×480) and microphone, headless

Per run, doctor / patient (each side's figure is what it receives or shows):

| Run | Audio packets/s under the limit (after 10 s, over 8 s) | Video frames/s under the limit | "Video reduced" shown | Video back after the limit is lifted (s) | Media back after a 10 s cut (s) | Media back after a 40 s cut (s) |
|---|---|---|---|---|---|---|
${rows.join('\n')}

| Over all runs and both sides | Median | Worst | Target (issue) | Met |
|---|---|---|---|---|
| Audio packets/s under the limit | ${median(all((r) => r.audioPps) as number[]).toFixed(0)} | ${minPps.toFixed(0)} | ≥ 40 | ${minPps >= 40 ? 'yes' : 'no'} |
${summary('Video back after the limit is lifted', all((r) => r.videoBackMs))}
${summary('Media back after a 10 s cut', all((r) => r.cut10Ms))}
${summary('Media back after a 40 s cut', all((r) => r.cut40Ms))}

How it is measured: everything is read in the pages from \`RTCPeerConnection.getStats()\` (through \`window.telemedCall\`) every 250 ms.
"Video back" is the moment a side decodes ≥ ${VIDEO_BACK_FPS} frames/s of the other's video over the last second *and* its own
"video reduced" notice has gone (the sender is back at full quality) — what a user notices: the picture moves again and the warning
goes. "Media back" is the moment audio packets and video frames received have both grown over the last 500 ms. Times run from the
moment \`netlab shape off\` / \`uncut\` returned. Under the limit the quality monitor (\`apps/web/src/features/visits/quality.ts\`)
sends video at its lowest step (a quarter of the resolution, 5 fps, ≤ 60 kbit/s) beside audio; the 40 s cut is repaired by ICE
restarts retried every 3.5 s / 5 s (impolite / polite side) while the link is down (\`peer.ts\`). For comparison, netlab's README
measured a bare call (no adaptation, ICE restart only on \`failed\`) never recovering from a 40 s cut without a restart.`;

process.stdout.write(`${markdown}\n`);
if (WRITE) {
  writeSection('poor-network', markdown);
  say('written to docs/BENCHMARKS.md');
}

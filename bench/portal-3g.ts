/**
 * The patient portal on a 3G link and a cheap phone: `node bench/portal-3g.ts [--write]`.
 *
 * The real server (`npm start`'s: embedded PostgreSQL, demo network, the built web app) and Debian's
 * Chromium, with Chromium's own network and CPU emulation (DevTools protocol): a phone's screen,
 * the CPU slowed four times, and two links — "3G" (1.6 Mbit/s down, 768 kbit/s up, 300 ms round trip)
 * and "slow 3G" (400 kbit/s each way, 400 ms). For each, five runs of the patient's journey:
 *   1. first visit, nothing cached: open the app until the sign-in form can be used;
 *   2. sign in until the patient's home ("My care") is shown;
 *   3. open the app again later (service worker and HTTP cache warm) until the home is shown.
 * Side by side, in the same run, the same server serving the same build without its pre-compressed
 * copies (WEB_DIST pointing at a copy of dist/ without the .br and .gz files), which is what the
 * portal sent before the build made them.
 * Needs `npm run build -w apps/web` first.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { launchBrowser } from '../e2e/support/browser.ts';
import { startServer } from '../e2e/support/server.ts';
import { machineLine, writeSection } from './report.ts';

const WRITE = process.argv.includes('--write');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'apps/web/dist');
if (!fs.existsSync(path.join(dist, 'index.html.br'))) throw new Error('build the web app first: npm run build -w apps/web');
const log = (m: string) => process.stderr.write(`[portal-3g ${new Date().toISOString().slice(11, 19)}] ${m}\n`);

const LINKS = [
  { name: '3G', down: 1_600_000, up: 768_000, rttMs: 300 },
  { name: 'slow 3G', down: 400_000, up: 400_000, rttMs: 400 },
] as const;
const CPU_SLOWDOWN = 4;

// The same build without its compressed copies.
const plainDist = fs.mkdtempSync(path.join(os.tmpdir(), 'telemed-plain-dist-'));
fs.cpSync(dist, plainDist, { recursive: true, filter: (src) => !/\.(br|gz)$/.test(src) });

const machine = machineLine();
const started = Date.now();
const compressed = await startServer();
const plain = await startServer({ WEB_DIST: plainDist });
const { browser, close } = await launchBrowser();

interface Run { firstMs: number; firstKB: number; signInMs: number; againMs: number; againKB: number }

async function emulate(page: Page, link: (typeof LINKS)[number]): Promise<{ cdp: CDPSession; bytes: () => number }> {
  const cdp = await page.context().newCDPSession(page);
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => { bytes += e.encodedDataLength; });
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: link.rttMs, downloadThroughput: link.down / 8, uploadThroughput: link.up / 8 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  return { cdp, bytes: () => bytes };
}

async function journey(base: string, link: (typeof LINKS)[number]): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'ru-RU', deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  try {
    const page = await context.newPage();
    let net = await emulate(page, link);
    let t0 = performance.now();
    await page.goto(`${base}/`, { waitUntil: 'commit' });
    await page.locator('input[name="email"]').waitFor({ timeout: 120_000 });
    const firstMs = performance.now() - t0;
    const firstKB = net.bytes() / 1024;

    await page.locator('input[name="email"]').fill('patient@demo.telemed');
    await page.locator('input[name="password"]').fill('Demo-Telemed-2026');
    t0 = performance.now();
    await page.locator('button[type="submit"]').click();
    const home = page.locator('.card a[href="/appointments/book"]');
    await home.waitFor({ timeout: 120_000 });
    const signInMs = performance.now() - t0;
    // The service worker keeps the shell for the next time.
    await page.waitForFunction(async () => Boolean((await navigator.serviceWorker.getRegistration())?.active), undefined, { timeout: 120_000 });
    await page.close();

    const again = await context.newPage();
    net = await emulate(again, link);
    t0 = performance.now();
    await again.goto(`${base}/`, { waitUntil: 'commit' });
    await again.locator('.card a[href="/appointments/book"]').waitFor({ timeout: 120_000 });
    const againMs = performance.now() - t0;
    return { firstMs, firstKB, signInMs, againMs, againKB: net.bytes() / 1024 };
  } finally {
    await context.close();
  }
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const rows: string[] = [];
try {
  for (const link of LINKS) {
    for (const [label, server] of [['pre-compressed (Brotli)', compressed], ['uncompressed (before)', plain]] as const) {
      const runs: Run[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await journey(server.url, link));
      const m = (k: keyof Run) => median(runs.map((r) => r[k]));
      const s = (k: keyof Run) => runs.map((r) => (r[k] / 1000).toFixed(1)).join(', ');
      log(`${link.name}, ${label}: first ${(m('firstMs') / 1000).toFixed(2)} s (${m('firstKB').toFixed(0)} KB), sign-in ${(m('signInMs') / 1000).toFixed(2)} s, ` +
        `again ${(m('againMs') / 1000).toFixed(2)} s (${m('againKB').toFixed(0)} KB)`);
      rows.push(`| ${link.name} | ${label} | ${(m('firstMs') / 1000).toFixed(2)} s (${s('firstMs')}) | ${m('firstKB').toFixed(0)} KB | ` +
        `${(m('signInMs') / 1000).toFixed(2)} s (${s('signInMs')}) | ${(m('againMs') / 1000).toFixed(2)} s (${s('againMs')}) | ${m('againKB').toFixed(0)} KB |`);
    }
  }
} finally {
  await close();
  await Promise.all([compressed.stop(), plain.stop()]);
  fs.rmSync(plainDist, { recursive: true, force: true });
}
const loadAfter = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const table = ['| Link | Build served | First visit: sign-in form usable (median; runs) | Bytes on the wire | Sign in to home shown | Opened again: home shown | Bytes on the wire |',
  '|---|---|---|---|---|---|---|', ...rows].join('\n');
process.stdout.write(`${table}\n`);
if (WRITE) {
  writeSection('portal-3g', `## Patient portal on a 3G link and a slow phone (\`bench/portal-3g.ts\`)

- **Date:** ${new Date().toISOString()}; **command:** \`npm run build -w apps/web && node bench/portal-3g.ts --write\`; whole run ${((Date.now() - started) / 1000).toFixed(0)} s
- **Machine:** ${machine}; load average at the end ${loadAfter}; Debian's Chromium, the real server with embedded PostgreSQL and the demo network
- **Emulation** (Chromium's DevTools protocol): 360×740 phone screen, CPU slowed ${CPU_SLOWDOWN}×; "3G" = 1.6 Mbit/s down, 768 kbit/s up,
  300 ms round trip; "slow 3G" = 400 kbit/s each way, 400 ms. ${RUNS} runs of each journey, each in a fresh browser profile.
- **Journey:** open the app with nothing cached until the sign-in form can be used; sign in as the demo patient until "My care" is
  shown; open the app again (service worker and cache warm) until the home is shown. "Bytes on the wire" is the sum of
  \`encodedDataLength\` of every response, as Chromium counts it.
- **Side by side:** the same build served without the pre-compressed copies that \`apps/web/scripts/compress.ts\` makes at build
  time (what the server sent before it).

${table}

Opening the app again costs only the API calls: the service worker serves the shell and the bundles from the phone.`);
  log('wrote its section of docs/BENCHMARKS.md');
}

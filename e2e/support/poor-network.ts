/**
 * The poor-network scenario of a 1:1 video visit, shared by the e2e test (e2e/poor-network.e2e.ts,
 * which asserts the issue's targets) and the benchmark (bench/poor-network.ts, which runs it several
 * times and records the figures). A clinician's browser runs on netlab host A, the guest patient's
 * on host B; the media path A<->B is shaped or cut while the app server (and so the call channel)
 * stays reachable on 10.77.0.1.
 */
import type { Browser, Page } from 'playwright-core';
import kk from '../../apps/web/src/ui/locales/kk.ts';
import ru from '../../apps/web/src/ui/locales/ru.ts';
import { netlabUp, SERVER_SIDE, type Netlab } from './netlab.ts';
import { SignInPage } from './pages.ts';
import { apiClient, startServer, type RunningServer } from './server.ts';

/** What a page's call shows at one moment, read from RTCPeerConnection.getStats() and the call's own report. */
export interface Counters {
  at: number;
  /** inbound-rtp audio packetsReceived, summed over the call's connections. */
  audioPackets: number;
  /** inbound-rtp video framesDecoded. */
  videoFrames: number;
  /** Width of the video received, and of the video sent. */
  inWidth: number;
  outWidth: number;
  outFps: number;
  ice: string;
  /** The sender's step as the quality monitor reports it (level and video step). */
  level: string | null;
  step: number | null;
  notice: string | null;
  /** The monitor's own figures: round trip, loss, the sender's bandwidth estimate. */
  rtt: number | null;
  loss: number | null;
  kbps: number | null;
  /** The video sender as this side sets it: track state, and the first encoding's active flag and scale (e.g. "live:on/1"). */
  sender: string;
}

const REDUCED_TEXTS = [kk['visit.quality.reduced'], ru['visit.quality.reduced']].map(String);
export const log = (m: string) => { if (process.env.NETLAB_VERBOSE) process.stderr.write(`[poor-network ${new Date().toISOString().slice(11, 23)}] ${m}\n`); };

export async function counters(page: Page): Promise<Counters> {
  return page.evaluate(async () => {
    type Call = { peerConnections: RTCPeerConnection[];
      quality: { level: string; step?: number; rttMs: number | null; lossPercent: number | null; outgoingKbps: number | null } | null };
    const call = (window as unknown as { telemedCall?: Call }).telemedCall;
    const c = { at: Date.now(), audioPackets: 0, videoFrames: 0, inWidth: 0, outWidth: 0, outFps: 0, ice: 'none',
      level: call?.quality?.level ?? null, step: call?.quality?.step ?? null, rtt: call?.quality?.rttMs ?? null,
      loss: call?.quality?.lossPercent ?? null, kbps: call?.quality?.outgoingKbps ?? null,
      notice: document.querySelector('[data-testid="quality-notice"]')?.textContent ?? null, sender: '' };
    for (const pc of call?.peerConnections ?? []) {
      c.ice = pc.iceConnectionState;
      for (const s of pc.getSenders()) {
        if (s.track?.kind !== 'video') continue;
        const e = s.getParameters().encodings?.[0];
        c.sender += `${s.track.readyState}${s.track.enabled ? '' : '(disabled)'}:${e ? `${e.active ? 'on' : 'off'}/${e.scaleResolutionDownBy ?? 1}` : 'none'}`;
      }
      (await pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') c.audioPackets += Number(s.packetsReceived ?? 0);
        if (s.type === 'inbound-rtp' && s.kind === 'video') {
          c.videoFrames += Number(s.framesDecoded ?? 0);
          c.inWidth = Math.max(c.inWidth, Number(s.frameWidth ?? 0));
        }
        if (s.type === 'outbound-rtp' && s.kind === 'video') {
          c.outWidth = Math.max(c.outWidth, Number(s.frameWidth ?? 0));
          c.outFps = Math.max(c.outFps, Number(s.framesPerSecond ?? 0));
        }
      });
    }
    return c;
  });
}

const describe = (cs: Counters[]) => cs.map((c, i) => `${i === 0 ? 'A' : 'B'} ice=${c.ice} audio=${c.audioPackets} ` +
  `frames=${c.videoFrames} in=${c.inWidth} out=${c.outWidth}@${c.outFps} step=${c.step} sender=${c.sender || 'none'} rtt=${c.rtt} loss=${c.loss} kbps=${c.kbps}`).join(' | ');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls both pages every 250 ms until `ok` holds for each (given the samples seen since `from`), or
 * the deadline passes. Returns, per page, the milliseconds after `from` when it first held, or null.
 */
export async function until(pages: Page[], from: number, deadlineMs: number,
  ok: (history: Counters[]) => boolean): Promise<(number | null)[]> {
  const history: Counters[][] = pages.map(() => []);
  const met: (number | null)[] = pages.map(() => null);
  while (Date.now() - from <= deadlineMs && met.some((m) => m === null)) {
    const now = await Promise.all(pages.map((p) => counters(p)));
    if (process.env.NETLAB_VERBOSE && history[0]!.length % 4 === 0) log(describe(now));
    now.forEach((c, i) => {
      history[i]!.push(c);
      if (met[i] === null && ok(history[i]!)) met[i] = c.at - from;
    });
    await sleep(250);
  }
  return met;
}

/** The increase of a counter over the last `windowMs` of the history, per second (null until the history is that long). */
export function ratePerSecond(history: Counters[], key: 'audioPackets' | 'videoFrames', windowMs: number): number | null {
  const last = history.at(-1)!;
  const first = [...history].reverse().find((c) => last.at - c.at >= windowMs);
  if (!first) return null;
  return ((last[key] - first[key]) * 1000) / (last.at - first.at);
}

/**
 * "Video is back" as a user notices it: the picture moves again at a normal rate. Over the last second
 * the page decodes at least this many frames per second of the other side's video (under the limit the
 * sender sends 5 fps at a quarter of the resolution, or none; unimpaired this machine's fake camera gives
 * 15–30 fps), and the sender's own "video reduced" notice has gone (it is back at full quality).
 */
export const VIDEO_BACK_FPS = 10;

/** A page in its own context; with NETLAB_VERBOSE its connections' state changes are logged (states only, nothing of the visit). */
async function newPage(browser: Browser, name: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'ru-RU' });
  if (process.env.NETLAB_VERBOSE) {
    await context.addInitScript(() => {
      const Native = window.RTCPeerConnection;
      window.RTCPeerConnection = class extends Native {
        constructor(config?: RTCConfiguration) {
          super(config);
          const t0 = Date.now();
          const say = (what: string) => console.log(`[pc] +${Date.now() - t0}ms ${what}`);
          this.addEventListener('iceconnectionstatechange', () => say(`ice ${this.iceConnectionState}`));
          this.addEventListener('connectionstatechange', () => say(`conn ${this.connectionState}`));
          this.addEventListener('signalingstatechange', () => say(`sig ${this.signalingState}`));
          this.addEventListener('negotiationneeded', () => say('negotiationneeded'));
        }
        override restartIce(): void {
          console.log('[pc] restartIce');
          super.restartIce();
        }
      } as typeof RTCPeerConnection;
    });
  }
  const page = await context.newPage();
  if (process.env.NETLAB_VERBOSE) page.on('console', (m) => { if (m.text().startsWith('[pc]')) log(`${name} ${m.text()}`); });
  return page;
}

export interface Participant {
  page: Page;
  browser: Browser;
}

export class PoorNetworkCall {
  readonly lab: Netlab;
  readonly server: RunningServer;
  readonly doctor: Page;
  readonly patient: Page;

  private constructor(lab: Netlab, server: RunningServer, doctor: Page, patient: Page) {
    this.lab = lab;
    this.server = server;
    this.doctor = doctor;
    this.patient = patient;
  }

  get pages(): Page[] {
    return [this.doctor, this.patient];
  }

  /** netlab up, a server of its own on 10.77.0.1, the clinician on host A and the patient on host B in one call. */
  static async open(): Promise<PoorNetworkCall> {
    const t0 = Date.now();
    const lab = await netlabUp();
    log(`netlab up in ${Date.now() - t0} ms`);
    let server: RunningServer | null = null;
    try {
      // The server (embedded PostgreSQL, migrations, demo data) first, on another port if one is taken;
      // then the two browsers, which are told its origin.
      let port = 0;
      for (let attempt = 1; !server; attempt++) {
        port = 41_000 + Math.floor(Math.random() * 5_000);
        try {
          server = await startServer({ HOST: SERVER_SIDE, PORT: String(port) });
        } catch (err) {
          if (attempt >= 4) throw err;
          log(`server did not start on port ${port}: ${(err as Error).message}`);
        }
      }
      const origin = `http://${SERVER_SIDE}:${port}`;
      const launched = await Promise.allSettled([lab.launch('a', origin), lab.launch('b', origin)]);
      log(`server and browsers up in ${Date.now() - t0} ms`);
      const [onA, onB] = launched.map((l) => {
        if (l.status === 'rejected') throw l.reason;
        return l.value;
      }) as [Browser, Browser];
      const doctor = await newPage(onA, 'A');
      const patient = await newPage(onB, 'B');
      const call = new PoorNetworkCall(lab, server, doctor, patient);
      await call.#join();
      log(`in the call, both seeing video, ${Date.now() - t0} ms after start`);
      return call;
    } catch (err) {
      await server?.stop().catch(() => undefined);
      await lab.down().catch(() => undefined);
      throw err;
    }
  }

  async #join(): Promise<void> {
    const base = this.server.url;
    const api = await apiClient(base, 'doctor.shalkar@demo.telemed');
    const patients = await api('GET', `/api/patients?q=${encodeURIComponent('Иванов')}`);
    const visit = await api('POST', '/api/visits', { patientId: patients.body.items[0].id });
    if (visit.status !== 201) throw new Error(`visit not created: ${visit.status}`);
    const invite = await api('POST', `/api/visits/${visit.body.id}/invites`, { role: 'patient', displayName: 'Пациент', language: 'ru',
      expiresInMinutes: 30 });
    if (invite.status !== 201) throw new Error(`invite not created: ${invite.status}`);

    await new SignInPage(this.doctor).open(base);
    await new SignInPage(this.doctor).signIn('doctor.shalkar@demo.telemed');
    await this.doctor.goto(`${base}/visits/${visit.body.id}`);
    await this.doctor.getByRole('button', { name: String(kk['visit.precall.join']) }).click();

    await this.patient.goto(`${base}/join#${invite.body.token}`);
    await this.patient.getByRole('button', { name: String(ru['visit.precall.join']) }).click();
    await this.patient.getByTestId('waiting-room').waitFor();
    await this.doctor.getByTestId('waiting-list').getByRole('button').first().click();
    // Both see the other's camera: frames decoded on each side.
    await Promise.all(this.pages.map((p) => p.waitForFunction(() => {
      const v = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]');
      return Boolean(v && v.videoWidth > 0 && v.getVideoPlaybackQuality().totalVideoFrames > 10);
    }, undefined, { timeout: 30_000 })));
  }

  /**
   * The link limited (128 kbit/s, 300 ms each way, 3 % loss, 20-packet queue by default). After the
   * first `settleMs`, audio packets received per second on each side over `windowMs`, and the notice shown.
   */
  async underLimit(opts: { settleMs?: number; windowMs?: number; shape?: string[] } = {}) {
    const { settleMs = 10_000, windowMs = 8_000, shape = ['limit', '128kbit', '300', '3', '20'] } = opts;
    await this.lab.shape(...shape);
    log(`shape ${shape.join(' ')}`);
    const started = Date.now();
    // The issue's figure is "after the first 10 s": the call is given that long to adapt, then measured.
    await this.#watch(settleMs);
    const before = await Promise.all(this.pages.map((p) => counters(p)));
    await this.#watch(windowMs);
    const after = await Promise.all(this.pages.map((p) => counters(p)));
    const audioPps = after.map((a, i) => ((a.audioPackets - before[i]!.audioPackets) * 1000) / (a.at - before[i]!.at));
    const videoFps = after.map((a, i) => ((a.videoFrames - before[i]!.videoFrames) * 1000) / (a.at - before[i]!.at));
    return { audioPps, videoFps, notices: after.map((c) => c.notice), levels: after.map((c) => c.level),
      reducedNoticeShown: after.map((c) => c.notice !== null && REDUCED_TEXTS.includes(c.notice)), sinceShapedMs: Date.now() - started };
  }

  /** The limit lifted: per page, ms until the other side's video is back (see VIDEO_BACK_FPS), or null within `deadlineMs`. */
  async liftLimit(deadlineMs: number) {
    await this.lab.shape('off');
    log('shape off');
    const from = Date.now();
    const back = await until(this.pages, from, deadlineMs, (h) => {
      const fps = ratePerSecond(h, 'videoFrames', 1_000);
      return fps !== null && fps >= VIDEO_BACK_FPS && h.at(-1)!.notice === null;
    });
    const end = back.some((b) => b === null) ? describe(await Promise.all(this.pages.map((p) => counters(p)))) : null;
    return { videoBackMs: back, end };
  }

  /**
   * The path cut for `seconds`, then restored: per page, ms after the link returned until media flows
   * again (audio packets and video frames both increasing over the last 500 ms), or null within `deadlineMs`.
   */
  async outage(seconds: number, deadlineMs: number) {
    await this.lab.shape('cut');
    log('cut');
    await this.#watch(seconds * 1000);
    await this.lab.shape('uncut');
    log('uncut');
    const from = Date.now();
    const flowing = (h: Counters[]) => {
      const last = h.at(-1)!;
      const prev = [...h].reverse().find((c) => last.at - c.at >= 500 && c.at >= from);
      return Boolean(prev && last.audioPackets > prev.audioPackets && last.videoFrames > prev.videoFrames);
    };
    const back = await until(this.pages, from, deadlineMs, flowing);
    // What each side shows at the end (for a failure's message): connection state, step, what is sent and received.
    const end = back.some((b) => b === null) ? describe(await Promise.all(this.pages.map((p) => counters(p)))) : null;
    return { mediaBackMs: back, end };
  }

  /** Waits, logging what each side sees once a second when NETLAB_VERBOSE is set. */
  async #watch(ms: number): Promise<void> {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (process.env.NETLAB_VERBOSE) {
        log(describe(await Promise.all(this.pages.map((p) => counters(p)))));
      }
      await sleep(Math.min(1_000, Math.max(0, end - Date.now())));
    }
  }

  async close(): Promise<void> {
    try {
      await this.lab.down();
    } finally {
      await this.server.stop();
    }
  }
}

export type QualityLevel = 'good' | 'reduced' | 'audio-only';

export interface QualityReport {
  /** What this side sends: full video, reduced video (lower resolution and frame rate), or audio only. */
  level: QualityLevel;
  /** The video step behind the level: 0 full, 1 half resolution, 2 a quarter at 5 fps (both "reduced"), 3 audio only. */
  step: number;
  /** Why video was stepped down. */
  reason: 'bandwidth' | 'loss' | null;
  rttMs: number | null;
  lossPercent: number | null;
  outgoingKbps: number | null;
  /** Audio packets received per second from the other side(s): audio keeps flowing on a poor link. */
  audioPacketsPerSecond: number;
  /** Whether video from the other side is arriving (decoded frames grow). */
  remoteVideoFlowing: boolean;
}

// Statistics are read every second, and twice a second while video is stepped down: the moment the
// link is good again is then seen sooner.
const EVERY_MS = 1_000;
const EVERY_MS_REDUCED = 500;

/**
 * What this side sends at each step. The last video step before audio only is a very low-rate picture
 * (a quarter of the resolution, 5 fps, 60 kbit/s at most) that fits beside audio in about 128 kbit/s: the
 * other side keeps seeing the person, and the bandwidth estimate keeps being fed by real video, so the
 * way back up is measured rather than guessed.
 */
const STEPS = [
  { level: 'good', scale: 1, fps: 30, maxBitrate: null },
  { level: 'reduced', scale: 2, fps: 15, maxBitrate: 250_000 },
  { level: 'reduced', scale: 4, fps: 5, maxBitrate: 60_000 },
  { level: 'audio-only', scale: 1, fps: 5, maxBitrate: 30_000 },
] as const;
const AUDIO_ONLY = STEPS.length - 1;

// Stepping down: the estimate of what the link carries (availableOutgoingBitrate) or the loss (smoothed
// over a few seconds) calls for at least step s when below BPS_BELOW[s] or above LOSS_ABOVE[s]: under
// 400 kbit/s half resolution, under 150 the quarter, under 40 audio only; over 4 %, 10 %, 25 % loss.
const BPS_BELOW = [Infinity, 400_000, 150_000, 40_000];
const LOSS_ABOVE = [Infinity, 0.04, 0.1, 0.25];
// The link is clearly good again: next to no loss (2 %) and a round trip near the best seen on this call.
const CLEAR_LOSS = 0.02;
const CLEAR_RTT_MS = 250;
// After a step up, an outage or a new connection the estimate lags what the link carries (Chrome probes, then ramps up):
// for this long it does not step video down, only loss does.
const BPS_SETTLE_MS = 5_000;
// Receiver reports arrive every second for video, every few seconds for audio: the ones in this long after
// an outage still count the packets lost in it.
const LOSS_SETTLE_MS = 6_000;
// Loss above LOSS_ABOVE's last figure turns video off only when it lasts this long.
const HEAVY_LOSS_FOR_MS = 3_000;
// A step up that is followed by a step down within this long failed: the next try waits twice as long.
const FAILED_TRY_MS = 10_000;
// Video that should be sent (connected, audio coming back, the sender set as the step says) but of which no
// frame was encoded for this long has stalled (an encoder that did not start again after an outage on a
// busy machine): the encoding is started afresh, and the next time the camera's track is handed over again.
const STALLED_FOR_MS = 2_000;

interface Sample {
  at: number;
  audioPackets: number;
  videoFrames: number;
  /** Video frames this side encoded (null: it sends no video). */
  framesEncoded: number | null;
  /** Per stats id: cumulative round-trip totals and counts (receiver reports, ICE checks), to read only fresh measurements. */
  rtts: Map<string, { total: number; count: number }>;
}

/**
 * Watches each call's statistics every second (twice while stepped down) and adapts what this side sends: on a poor link video
 * goes to a lower resolution and frame rate first, then to a very low-rate picture, then off with audio
 * kept; the user is told which, and why. The way back up has two paths:
 * - the link is clearly good again (loss at most 2 % and the round trip back near the best this call
 *   has seen, under 250 ms): straight back to full video, since the cause has gone (a limit lifted, a
 *   queue drained); Chrome probes the path when the allowed bitrate rises, so the estimate follows
 *   within a second or two (and is not held against video meanwhile). One such sample suffices at
 *   first; after a try that failed, two, then four, up to sixteen in a row;
 * - otherwise one step at a time when the estimate and the loss allow the step above (with a margin),
 *   after a wait that doubles each time a try fails (the link was not there yet), from 4 s to 32 s.
 * An outage (no packets at all) is not a poor link: the level is held and ICE repairs the path.
 */
export class QualityMonitor {
  readonly #connections: () => RTCPeerConnection[];
  readonly #report: (r: QualityReport) => void;
  readonly #clock: () => number;
  readonly #last = new WeakMap<RTCPeerConnection, Sample>();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #stopped = false;
  #step = 0;
  #reason: QualityReport['reason'] = null;
  #loss: number | null = null;
  #bestRtt = Infinity;
  #lastRtt: number | null = null;
  #clearStreak = 0;
  #fastWait = 1;
  /** Since when the link has allowed the step above (null: it does not now), and how long that must last. */
  #allowsSince: number | null = null;
  #slowWaitMs = 4_000;
  #lastUp: { at: number; fast: boolean } | null = null;
  #lastChange = 0;
  /** Connections seen down (not connected, or no packets): their return is an outage's end. */
  readonly #down = new WeakSet<RTCPeerConnection>();
  readonly #applying = new WeakMap<RTCPeerConnection, Promise<void>>();
  #distrustBpsUntil = 0;
  #heavySince: number | null = null;
  #lossSettledAt = 0;
  /** Per connection: since when its video has been stalled, and how many times it was started again for it. */
  readonly #stalled = new WeakMap<RTCPeerConnection, { since: number; tries: number }>();

  /** `clock` gives milliseconds (performance.now in the browser; a test's own clock in a test). */
  constructor(connections: () => RTCPeerConnection[], report: (r: QualityReport) => void, clock: () => number = () => performance.now()) {
    this.#connections = connections;
    this.#report = report;
    this.#clock = clock;
  }

  start(): void {
    this.#stopped = false;
    const tick = () => {
      this.#timer = setTimeout(() => {
        void this.#sample().finally(() => {
          if (!this.#stopped) tick();
        });
      }, this.#step === 0 ? EVERY_MS : EVERY_MS_REDUCED);
    };
    tick();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
  }

  /** A new connection starts at the level the link is at now. */
  track(pc: RTCPeerConnection): void {
    void this.#apply(pc);
  }

  async #sample(): Promise<void> {
    const all = this.#connections();
    for (const pc of all) if (pc.connectionState !== 'connected') this.#down.add(pc);
    const pcs = all.filter((pc) => pc.connectionState === 'connected');
    if (pcs.length === 0) return;
    let worstBps: number | null = null;
    let worstLoss: number | null = null;
    let rtt: number | null = null;
    let audioPps = 0;
    let videoFlowing = false;
    let outage = false;
    const nowMs = this.#clock();
    for (const pc of pcs) {
      const stats = await pc.getStats();
      const prev = this.#last.get(pc);
      const rtts = new Map<string, { total: number; count: number }>();
      let audioPackets = 0;
      let receivesAudio = false;
      let videoFrames = 0;
      let framesEncoded: number | null = null;
      // Round trips measured since the last sample (not figures left over from before). The lowest is
      // the link now: a measurement can only be late (a packet that sat in a queue before it drained), never early.
      let pcRtt: number | null = null;
      const fresh = (id: string, total: unknown, count: unknown): boolean => {
        if (typeof total !== 'number' || typeof count !== 'number') return false;
        rtts.set(id, { total, count });
        const before = prev?.rtts.get(id);
        if (!before || count <= before.count) return false;
        const r = ((total - before.total) / (count - before.count)) * 1000;
        pcRtt = Math.min(pcRtt ?? Infinity, r);
        return true;
      };
      stats.forEach((s: Record<string, unknown>) => {
        if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') {
          if (typeof s.availableOutgoingBitrate === 'number') worstBps = Math.min(worstBps ?? Infinity, s.availableOutgoingBitrate);
          fresh(String(s.id), s.totalRoundTripTime, s.responsesReceived);
        } else if (s.type === 'remote-inbound-rtp') {
          // The other side's receiver reports: only one that arrived since the last sample says how the link is now.
          if (fresh(String(s.id), s.totalRoundTripTime, s.roundTripTimeMeasurements) && typeof s.fractionLost === 'number') {
            worstLoss = Math.max(worstLoss ?? 0, s.fractionLost);
          }
        } else if (s.type === 'inbound-rtp' && s.kind === 'audio') {
          receivesAudio = true;
          audioPackets += Number(s.packetsReceived ?? 0);
        } else if (s.type === 'inbound-rtp' && s.kind === 'video') {
          videoFrames += Number(s.framesDecoded ?? 0);
        } else if (s.type === 'outbound-rtp' && s.kind === 'video') {
          framesEncoded = (framesEncoded ?? 0) + Number(s.framesEncoded ?? 0);
        }
      });
      if (pcRtt !== null) rtt = Math.max(rtt ?? 0, pcRtt);
      // A connection just up starts its estimate low (300 kbit/s) and probes up within seconds: not a slow link.
      if (!prev) this.#distrustBpsUntil = Math.max(this.#distrustBpsUntil, nowMs + BPS_SETTLE_MS);
      if (prev) {
        const secs = (nowMs - prev.at) / 1000;
        audioPps += (audioPackets - prev.audioPackets) / secs;
        if (videoFrames > prev.videoFrames) videoFlowing = true;
        // Audio is always sent (silence too): none arriving means the path is down, not poor. (A connection
        // that only sends, as publishing to the SFU does, cannot tell.)
        if (receivesAudio && audioPackets === prev.audioPackets) {
          outage = true;
          this.#down.add(pc);
        } else if (this.#down.delete(pc)) {
          // Back after an outage: the estimate fell while nothing came back and says nothing for a while,
          // and the other side waits for a key frame, which a fresh start of the encoder sends at once.
          // Its first receiver reports count what was lost during the outage: a cut is not a lossy link.
          this.#distrustBpsUntil = nowMs + BPS_SETTLE_MS;
          this.#lossSettledAt = nowMs + LOSS_SETTLE_MS;
          this.#loss = null;
          void this.#apply(pc, true);
        } else {
          this.#watchStall(pc, nowMs, prev.framesEncoded, framesEncoded);
        }
      }
      this.#last.set(pc, { at: nowMs, audioPackets, videoFrames, framesEncoded, rtts });
    }
    const bps = worstBps as number | null;
    const rawLoss = nowMs < this.#lossSettledAt ? null : worstLoss as number | null;
    const rttMs = rtt as number | null;
    if (!outage) {
      if (rawLoss !== null) this.#loss = this.#loss === null ? rawLoss : 0.5 * this.#loss + 0.5 * rawLoss;
      if (rttMs !== null) {
        this.#bestRtt = Math.min(this.#bestRtt, rttMs);
        this.#lastRtt = rttMs;
      }
      await this.#decide(pcs, nowMs, bps, rawLoss, rttMs);
    }
    for (const pc of pcs) if (!this.#matches(pc)) void this.#apply(pc);
    this.#report({ level: STEPS[this.#step]!.level, step: this.#step, reason: this.#step === 0 ? null : this.#reason ?? 'bandwidth',
      rttMs: this.#lastRtt === null ? null : Math.round(this.#lastRtt), lossPercent: this.#loss === null ? null : Math.round(this.#loss * 1000) / 10,
      outgoingKbps: bps === null ? null : Math.round(bps / 1000), audioPacketsPerSecond: Math.round(audioPps), remoteVideoFlowing: videoFlowing });
  }

  async #decide(pcs: RTCPeerConnection[], nowMs: number, rawBps: number | null, rawLoss: number | null, rttMs: number | null): Promise<void> {
    const loss = this.#loss ?? 0;
    // With video off the estimate cannot rise above what audio uses: from there only loss says anything.
    const bps = this.#step === AUDIO_ONLY || nowMs < this.#distrustBpsUntil ? null : rawBps;
    // The lowest step the estimate and the loss call for.
    let target = 0;
    let reason: QualityReport['reason'] = null;
    // Video goes off for loss only when it lasts: one burst (a queue overflowing as the link narrows) is
    // met by the lower steps' lower rates.
    this.#heavySince = loss > LOSS_ABOVE[AUDIO_ONLY]! ? this.#heavySince ?? nowMs : null;
    for (let s = 1; s <= AUDIO_ONLY; s++) {
      const byLoss = loss > LOSS_ABOVE[s]! && (s < AUDIO_ONLY || nowMs - this.#heavySince! >= HEAVY_LOSS_FOR_MS);
      const byBps = bps !== null && bps < BPS_BELOW[s]!;
      if (byLoss || byBps) {
        target = s;
        reason = byLoss ? 'loss' : 'bandwidth';
      }
    }
    // Clear: a round trip measured since the last sample near the best seen (a queue would show in it), and
    // a fresh receiver report, if any came (they come every second or so with video, seldom without), with next to no loss.
    const clear = (rawLoss === null || rawLoss <= CLEAR_LOSS) && rttMs !== null && rttMs < CLEAR_RTT_MS &&
      rttMs < 2 * this.#bestRtt + 50;
    this.#clearStreak = clear ? this.#clearStreak + 1 : 0;

    if (target > this.#step) {
      // A step up followed this soon by a step down failed: wait longer before trying that way again.
      if (this.#lastUp && nowMs - this.#lastUp.at < FAILED_TRY_MS) {
        if (this.#lastUp.fast) this.#fastWait = Math.min(16, this.#fastWait * 2);
        else this.#slowWaitMs = Math.min(32_000, this.#slowWaitMs * 2);
      }
      this.#lastUp = null;
      this.#reason = reason;
      this.#allowsSince = null;
      this.#clearStreak = 0;
      await this.#setStep(pcs, target, nowMs);
      return;
    }
    if (this.#step === 0) {
      this.#forgetFailures(nowMs);
      return;
    }
    if (this.#clearStreak >= this.#fastWait) {
      this.#lastUp = { at: nowMs, fast: true };
      this.#clearStreak = 0;
      this.#allowsSince = null;
      // The cause has gone: the smoothed loss still carries the poor link's figures and, decaying by half a
      // sample, would step video down again a moment later. From here it counts the link as it is now.
      this.#loss = rawLoss;
      this.#heavySince = null;
      await this.#setStep(pcs, 0, nowMs);
      return;
    }
    // One step up when the link allows the step above, with a margin: loss under half of what sent this
    // step here and an estimate 20 % above what it needs. From audio only the estimate says nothing (only
    // audio is sent), so loss alone is the cue to try the very low-rate picture again.
    const allows = loss < LOSS_ABOVE[this.#step]! / 2 &&
      (this.#step === AUDIO_ONLY || (rawBps !== null && rawBps >= 1.2 * BPS_BELOW[this.#step]!));
    this.#allowsSince = allows ? this.#allowsSince ?? nowMs : null;
    if (this.#allowsSince !== null && nowMs - this.#allowsSince >= this.#slowWaitMs) {
      this.#lastUp = { at: nowMs, fast: false };
      this.#allowsSince = null;
      await this.#setStep(pcs, this.#step - 1, nowMs);
      return;
    }
    this.#forgetFailures(nowMs);
  }

  /**
   * Video should flow on this connection (it is up, and audio comes back) but the encoder may have stopped:
   * when no frame was encoded for STALLED_FOR_MS while the sender is set to send, the encoding is turned off
   * and on (a fresh encoder, with a key frame), and if that did not help, the track is handed to the sender again.
   */
  #watchStall(pc: RTCPeerConnection, nowMs: number, before: number | null, now: number | null): void {
    const sending = this.#step !== AUDIO_ONLY && now !== null && before !== null && this.#matches(pc) &&
      // A camera, not a shared screen: a still screen gives no frames to encode.
      pc.getSenders().some((s) => s.track?.kind === 'video' && s.track.readyState === 'live' && s.track.enabled &&
        !('displaySurface' in s.track.getSettings()));
    if (!sending || now! > before!) {
      this.#stalled.delete(pc);
      return;
    }
    const st = this.#stalled.get(pc) ?? { since: nowMs, tries: 0 };
    this.#stalled.set(pc, st);
    if (nowMs - st.since < STALLED_FOR_MS) return;
    st.since = nowMs;
    st.tries += 1;
    if (st.tries % 2 === 1) {
      void this.#apply(pc, true);
      return;
    }
    for (const sender of pc.getSenders()) {
      const track = sender.track;
      // Put back only if nothing else swapped the track meanwhile (a screen being shared).
      if (track?.kind === 'video') {
        void sender.replaceTrack(null).then(() => (sender.track === null ? sender.replaceTrack(track) : undefined)).catch(() => undefined);
      }
    }
  }

  /** Long enough on one step: earlier failed tries no longer say anything about the link. */
  #forgetFailures(nowMs: number): void {
    if (nowMs - this.#lastChange > 30_000) {
      this.#fastWait = 2;
      this.#slowWaitMs = 4_000;
    }
  }

  async #setStep(pcs: RTCPeerConnection[], step: number, nowMs: number): Promise<void> {
    if (step < this.#step) this.#distrustBpsUntil = nowMs + BPS_SETTLE_MS;
    this.#step = step;
    this.#lastChange = nowMs;
    if (step === 0) this.#reason = null;
    await Promise.all(pcs.map((pc) => this.#apply(pc)));
  }

  /**
   * Makes the video sender send what the current step says. Calls are queued per connection (a
   * setParameters made while another is in flight fails, and a failed one must not leave video off) and
   * each applies the step current when it runs. `restart` turns the encoding off and on first, which
   * makes the encoder start again with a key frame.
   */
  #apply(pc: RTCPeerConnection, restart = false): Promise<void> {
    const run = (this.#applying.get(pc) ?? Promise.resolve()).then(() => this.#applyNow(pc, restart));
    this.#applying.set(pc, run.catch(() => undefined));
    return run;
  }

  /** Whether the video sender sends what the current step says (a change may have failed, or come before negotiation). */
  #matches(pc: RTCPeerConnection): boolean {
    const s = STEPS[this.#step]!;
    return pc.getSenders().every((sender) => {
      if (sender.track?.kind !== 'video') return true;
      const e = sender.getParameters().encodings?.[0];
      return !e || (e.active === (this.#step !== AUDIO_ONLY) && (this.#step === AUDIO_ONLY || (e.scaleResolutionDownBy ?? 1) === s.scale));
    });
  }

  async #applyNow(pc: RTCPeerConnection, restart: boolean): Promise<void> {
    const step = this.#step;
    const s = STEPS[step]!;
    for (const sender of pc.getSenders()) {
      if (sender.track?.kind !== 'video') continue;
      if (restart && step !== AUDIO_ONLY) {
        const off = sender.getParameters();
        if (off.encodings?.[0]?.active) {
          off.encodings[0].active = false;
          await sender.setParameters(off).catch(() => undefined);
        }
      }
      const params = sender.getParameters();
      if (!params.encodings?.length) continue;
      const e = params.encodings[0]!;
      e.active = step !== AUDIO_ONLY;
      e.scaleResolutionDownBy = s.scale;
      e.maxFramerate = s.fps;
      if (s.maxBitrate !== null) e.maxBitrate = s.maxBitrate;
      else delete e.maxBitrate;
      try {
        await sender.setParameters(params);
      } catch {
        // Not yet negotiated, or renegotiating: the next sample sees the mismatch and applies it again.
      }
    }
  }
}

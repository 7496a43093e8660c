export type QualityLevel = 'good' | 'reduced' | 'audio-only';

export interface QualityReport {
  /** What this side sends: full video, reduced video (lower resolution and frame rate), or audio only. */
  level: QualityLevel;
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

const EVERY_MS = 2_000;
// Thresholds for stepping down; stepping up waits for two good samples in a row (4 s).
const REDUCE_BELOW_BPS = 400_000;
const AUDIO_ONLY_BELOW_BPS = 120_000;
const REDUCE_ABOVE_LOSS = 0.04;
const AUDIO_ONLY_ABOVE_LOSS = 0.12;

interface Sample {
  at: number;
  audioPackets: number;
  videoFrames: number;
}

/**
 * Watches each call's statistics and adapts what this side sends: on a poor link video goes to a
 * lower resolution and frame rate first, then off with audio kept; it comes back when the link
 * recovers. The user is told which, and why.
 */
export class QualityMonitor {
  readonly #connections: () => RTCPeerConnection[];
  readonly #report: (r: QualityReport) => void;
  readonly #last = new WeakMap<RTCPeerConnection, Sample>();
  #timer: ReturnType<typeof setInterval> | null = null;
  #level: QualityLevel = 'good';
  #goodStreak = 0;
  #upWait = 2;
  #steppedUpAt = -Infinity;

  constructor(connections: () => RTCPeerConnection[], report: (r: QualityReport) => void) {
    this.#connections = connections;
    this.#report = report;
  }

  start(): void {
    this.#timer = setInterval(() => void this.#sample(), EVERY_MS);
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
  }

  /** A new connection starts at the level the link is at now. */
  track(pc: RTCPeerConnection): void {
    void this.#apply(pc, this.#level);
  }

  async #sample(): Promise<void> {
    const pcs = this.#connections().filter((pc) => pc.connectionState === 'connected');
    if (pcs.length === 0) return;
    let worstBps: number | null = null;
    let worstLoss: number | null = null;
    let rtt: number | null = null;
    let audioPps = 0;
    let videoFlowing = false;
    for (const pc of pcs) {
      const stats = await pc.getStats();
      let audioPackets = 0;
      let videoFrames = 0;
      stats.forEach((s: Record<string, unknown>) => {
        if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') {
          if (typeof s.availableOutgoingBitrate === 'number') worstBps = Math.min(worstBps ?? Infinity, s.availableOutgoingBitrate);
          if (typeof s.currentRoundTripTime === 'number') rtt = Math.max(rtt ?? 0, s.currentRoundTripTime * 1000);
        } else if (s.type === 'remote-inbound-rtp' && typeof s.fractionLost === 'number') {
          worstLoss = Math.max(worstLoss ?? 0, s.fractionLost);
        } else if (s.type === 'inbound-rtp' && s.kind === 'audio') {
          audioPackets += Number(s.packetsReceived ?? 0);
        } else if (s.type === 'inbound-rtp' && s.kind === 'video') {
          videoFrames += Number(s.framesDecoded ?? 0);
        }
      });
      const now = performance.now();
      const prev = this.#last.get(pc);
      if (prev) {
        const secs = (now - prev.at) / 1000;
        audioPps += (audioPackets - prev.audioPackets) / secs;
        if (videoFrames > prev.videoFrames) videoFlowing = true;
      }
      this.#last.set(pc, { at: now, audioPackets, videoFrames });
    }
    const rawBps = worstBps as number | null;
    const loss = worstLoss as number | null;
    let target: QualityLevel = 'good';
    let reason: QualityReport['reason'] = null;
    // With video off the estimate cannot rise above what audio uses: from there, loss alone says whether to try video again.
    const bps = this.#level === 'audio-only' ? null : rawBps;
    if ((bps !== null && bps < AUDIO_ONLY_BELOW_BPS) || (loss !== null && loss > AUDIO_ONLY_ABOVE_LOSS)) {
      target = 'audio-only';
      reason = loss !== null && loss > AUDIO_ONLY_ABOVE_LOSS ? 'loss' : 'bandwidth';
    } else if ((bps !== null && bps < REDUCE_BELOW_BPS) || (loss !== null && loss > REDUCE_ABOVE_LOSS)) {
      target = 'reduced';
      reason = loss !== null && loss > REDUCE_ABOVE_LOSS ? 'loss' : 'bandwidth';
    }
    const rank = { good: 0, reduced: 1, 'audio-only': 2 } as const;
    const nowMs = performance.now();
    if (rank[target] > rank[this.#level]) {
      this.#goodStreak = 0;
      // Stepped up and straight back down: the link is not there yet, so wait longer before the next try.
      this.#upWait = nowMs - this.#steppedUpAt < 10_000 ? Math.min(16, this.#upWait * 2) : this.#upWait;
      await this.#setLevel(pcs, target);
    } else if (rank[target] < rank[this.#level]) {
      // One step up at a time, after enough better samples in a row (two at first: 4 s).
      if (++this.#goodStreak >= this.#upWait) {
        this.#goodStreak = 0;
        this.#steppedUpAt = nowMs;
        await this.#setLevel(pcs, this.#level === 'audio-only' ? 'reduced' : 'good');
      }
    } else {
      this.#goodStreak = 0;
      if (nowMs - this.#steppedUpAt > 20_000) this.#upWait = 2;
    }
    this.#report({ level: this.#level, reason: this.#level === 'good' ? null : reason ?? 'bandwidth', rttMs: rtt === null ? null : Math.round(rtt),
      lossPercent: loss === null ? null : Math.round(loss * 1000) / 10, outgoingKbps: bps === null ? null : Math.round(bps / 1000),
      audioPacketsPerSecond: Math.round(audioPps), remoteVideoFlowing: videoFlowing });
  }

  async #setLevel(pcs: RTCPeerConnection[], level: QualityLevel): Promise<void> {
    this.#level = level;
    await Promise.all(pcs.map((pc) => this.#apply(pc, level)));
  }

  async #apply(pc: RTCPeerConnection, level: QualityLevel): Promise<void> {
    for (const sender of pc.getSenders()) {
      if (sender.track?.kind !== 'video') continue;
      const params = sender.getParameters();
      if (!params.encodings?.length) continue;
      const e = params.encodings[0]!;
      e.active = level !== 'audio-only';
      e.scaleResolutionDownBy = level === 'reduced' ? 2 : 1;
      e.maxFramerate = level === 'reduced' ? 15 : 30;
      if (level === 'reduced') e.maxBitrate = 250_000;
      else delete e.maxBitrate;
      try {
        await sender.setParameters(params);
      } catch {
        // Not yet negotiated: the level applies at the next sample.
      }
    }
  }
}

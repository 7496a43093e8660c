import type { IceServer, SignalData } from '@telemed/contracts';

export type LinkQuality = 'good' | 'reduced' | 'audio-only' | 'reconnecting';

export interface PeerEvents {
  signal(data: SignalData): void;
  remoteStream(stream: MediaStream | null): void;
  /** The connection state a user cares about: connecting, connected, reconnecting, failed. */
  state(s: RTCPeerConnectionState): void;
  /** Negotiation never completed (a message lost in a race): the caller starts a fresh connection. */
  stuck(): void;
}

// How long a link may stay "disconnected" before ICE is restarted rather than waited for.
const DISCONNECTED_GRACE_MS = 2_500;
// While the link is not back, a restart is tried again this often: one made while the path was still
// down has nothing left to try by the time it returns (its checks timed out), and Chrome may keep such a
// link "disconnected" without ever reporting "failed". The two sides retry at different rates so their
// offers seldom cross.
const RETRY_EVERY_MS = { impolite: 3_500, polite: 5_000 };
// A new connection that has not connected by then is started afresh.
const CONNECT_WITHIN_MS = 10_000;
// The one already in the call leaves the first offer to the one who arrives (two offers crossing cost a round of
// negotiation); it offers itself only if none has come by then.
const OFFER_WAIT_MS = 1_500;

/**
 * One peer-to-peer connection to another participant, set up with "perfect negotiation" (the
 * pattern of the WebRTC specification's examples): either side may (re)negotiate at any time, and
 * when both offer at once the polite one yields. A link that drops is repaired by an ICE restart
 * without anyone rejoining.
 */
export class Peer {
  readonly pc: RTCPeerConnection;
  readonly session = crypto.randomUUID();
  readonly #polite: boolean;
  readonly #events: PeerEvents;
  #remoteSession: string | null = null;
  #makingOffer = false;
  #ignoreOffer = false;
  #repairTimer: ReturnType<typeof setInterval> | null = null;
  /** When the link was first seen down in this outage, and when ICE was last restarted. */
  #downSince: number | null = null;
  #restartedAt = 0;
  #connectTimer: ReturnType<typeof setTimeout> | null = null;
  #closed = false;
  /** Until then (performance.now()), the first offer is left to the other side. */
  readonly #waitForOfferUntil: number;
  #offerTimer: ReturnType<typeof setTimeout> | null = null;

  /** Whether a restart's offer can reach the other side now (the call channel is open). */
  readonly #canSignal: () => boolean;

  /** `awaitOffer`: the other side has just arrived and makes the first offer (this side offers only if it does not). */
  constructor(opts: { polite: boolean; iceServers: IceServer[]; stream: MediaStream; events: PeerEvents; relayOnly?: boolean;
    canSignal?: () => boolean; awaitOffer?: boolean }) {
    this.#polite = opts.polite;
    this.#waitForOfferUntil = opts.awaitOffer ? performance.now() + OFFER_WAIT_MS : 0;
    this.#canSignal = opts.canSignal ?? (() => true);
    this.#events = opts.events;
    this.pc = new RTCPeerConnection({ iceServers: opts.iceServers, iceTransportPolicy: opts.relayOnly ? 'relay' : 'all' });
    for (const track of opts.stream.getTracks()) this.pc.addTrack(track, opts.stream);
    this.pc.onnegotiationneeded = async () => {
      // Already offering (the first offer goes out without waiting for this event): that offer covers what changed, and a change
      // made while it is in flight is noticed again once the answer is in.
      if (this.#makingOffer) return;
      const wait = this.#waitForOfferUntil - performance.now();
      if (wait > 0 && !this.pc.remoteDescription) {
        // Offered later only if the other side's offer has not come (answering it negotiates this side's tracks too).
        this.#offerTimer ??= setTimeout(() => {
          this.#offerTimer = null;
          if (!this.#closed && !this.pc.remoteDescription && this.pc.signalingState === 'stable') this.pc.onnegotiationneeded?.(new Event('negotiationneeded'));
        }, wait);
        return;
      }
      try {
        this.#makingOffer = true;
        await this.pc.setLocalDescription();
        this.#send({ description: this.#described() });
      } catch {
        // A newer negotiation superseded this one.
      } finally {
        this.#makingOffer = false;
      }
    };
    // The first offer at once, in this step: the event would wait behind whatever else the page is doing (drawing the call).
    if (!opts.awaitOffer && opts.stream.getTracks().length) queueMicrotask(() => void this.pc.onnegotiationneeded?.(new Event('negotiationneeded')));
    this.pc.onicecandidate = ({ candidate }) => this.#send({ candidate: candidate ? candidate.toJSON() as SignalData['candidate'] : null });
    this.pc.ontrack = ({ streams }) => this.#events.remoteStream(streams[0] ?? null);
    this.pc.onconnectionstatechange = () => {
      if (this.pc.connectionState === 'connected' && this.#connectTimer) {
        clearTimeout(this.#connectTimer);
        this.#connectTimer = null;
      }
      this.#events.state(this.pc.connectionState);
    };
    this.#connectTimer = setTimeout(() => {
      this.#connectTimer = null;
      if (!this.#closed && this.pc.connectionState !== 'connected') this.#events.stuck();
    }, CONNECT_WITHIN_MS);
    this.pc.oniceconnectionstatechange = () => this.#onIceState();
  }

  get polite(): boolean {
    return this.#polite;
  }

  get remoteSession(): string | null {
    return this.#remoteSession;
  }

  async receive(data: SignalData): Promise<void> {
    if (this.#closed) return;
    this.#remoteSession ??= data.session;
    const { description, candidate } = data;
    if (description) {
      const collision = description.type === 'offer' && (this.#makingOffer || this.pc.signalingState !== 'stable');
      this.#ignoreOffer = !this.#polite && collision;
      if (this.#ignoreOffer) return;
      await this.pc.setRemoteDescription(description as RTCSessionDescriptionInit);
      if (description.type === 'offer') {
        await this.pc.setLocalDescription();
        this.#send({ description: this.#described() });
      }
    } else if (candidate !== undefined) {
      try {
        await this.pc.addIceCandidate(candidate ?? undefined);
      } catch (err) {
        if (!this.#ignoreOffer) throw err;
      }
    }
  }

  /** New network, or the link came back: find a path again (the other side follows the new offer). */
  restartIce(iceServers?: IceServer[]): void {
    if (this.#closed) return;
    if (iceServers) this.pc.setConfiguration({ ...this.pc.getConfiguration(), iceServers });
    this.#restartedAt = performance.now();
    this.pc.restartIce();
  }

  needsRepair(): boolean {
    const s = this.pc.iceConnectionState;
    return s === 'disconnected' || s === 'failed';
  }

  updateIceServers(iceServers: IceServer[]): void {
    if (!this.#closed) this.pc.setConfiguration({ ...this.pc.getConfiguration(), iceServers });
  }

  close(): void {
    this.#closed = true;
    this.#stopRepair();
    if (this.#connectTimer) clearTimeout(this.#connectTimer);
    if (this.#offerTimer) clearTimeout(this.#offerTimer);
    this.pc.close();
    this.#events.remoteStream(null);
  }

  /**
   * The link dropped: restart ICE at once if it failed, after DISCONNECTED_GRACE_MS if it only went
   * "disconnected" (it often comes back by itself), and again every RETRY_EVERY_MS until it is back.
   */
  #onIceState(): void {
    const s = this.pc.iceConnectionState;
    if (s === 'connected' || s === 'completed' || s === 'closed') {
      this.#stopRepair();
      return;
    }
    if (s !== 'disconnected' && s !== 'failed' && this.#downSince === null) return;
    this.#downSince ??= performance.now();
    if (s === 'failed' && performance.now() - this.#restartedAt > 1_000) this.restartIce();
    this.#repairTimer ??= setInterval(() => this.#repair(), 500);
  }

  #repair(): void {
    if (this.#closed || this.#downSince === null) return;
    const now = performance.now();
    if (now - this.#downSince < DISCONNECTED_GRACE_MS) return;
    // With the call channel down too (this side's whole network went) offers would only pile up in its
    // queue: the restart is made when the channel is back (CallClient, on the server's welcome).
    if (!this.#canSignal()) return;
    const every = this.#polite ? RETRY_EVERY_MS.polite : RETRY_EVERY_MS.impolite;
    // The first restart comes after the grace; later ones once the last has had its time.
    if (this.#restartedAt < this.#downSince || now - this.#restartedAt >= every) this.restartIce();
  }

  #stopRepair(): void {
    if (this.#repairTimer) clearInterval(this.#repairTimer);
    this.#repairTimer = null;
    this.#downSince = null;
  }

  #described(): SignalData['description'] {
    const d = this.pc.localDescription!;
    return { type: d.type as 'offer' | 'answer', sdp: d.sdp };
  }

  #send(data: Omit<SignalData, 'session'>): void {
    if (!this.#closed) this.#events.signal({ session: this.session, ...(this.#remoteSession ? { for: this.#remoteSession } : {}), ...data });
  }
}

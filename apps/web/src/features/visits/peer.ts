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
// A new connection that has not connected by then is started afresh.
const CONNECT_WITHIN_MS = 10_000;

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
  #disconnectedTimer: ReturnType<typeof setTimeout> | null = null;
  #connectTimer: ReturnType<typeof setTimeout> | null = null;
  #closed = false;

  constructor(opts: { polite: boolean; iceServers: IceServer[]; stream: MediaStream; events: PeerEvents; relayOnly?: boolean }) {
    this.#polite = opts.polite;
    this.#events = opts.events;
    this.pc = new RTCPeerConnection({ iceServers: opts.iceServers, iceTransportPolicy: opts.relayOnly ? 'relay' : 'all' });
    for (const track of opts.stream.getTracks()) this.pc.addTrack(track, opts.stream);
    this.pc.onnegotiationneeded = async () => {
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
    if (this.#disconnectedTimer) clearTimeout(this.#disconnectedTimer);
    if (this.#connectTimer) clearTimeout(this.#connectTimer);
    this.pc.close();
    this.#events.remoteStream(null);
  }

  #onIceState(): void {
    const s = this.pc.iceConnectionState;
    if (this.#disconnectedTimer) clearTimeout(this.#disconnectedTimer);
    this.#disconnectedTimer = null;
    if (s === 'failed') this.restartIce();
    else if (s === 'disconnected') this.#disconnectedTimer = setTimeout(() => this.needsRepair() && this.restartIce(), DISCONNECTED_GRACE_MS);
  }

  #described(): SignalData['description'] {
    const d = this.pc.localDescription!;
    return { type: d.type as 'offer' | 'answer', sdp: d.sdp };
  }

  #send(data: Omit<SignalData, 'session'>): void {
    if (!this.#closed) this.#events.signal({ session: this.session, ...(this.#remoteSession ? { for: this.#remoteSession } : {}), ...data });
  }
}

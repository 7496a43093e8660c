import type { IceServer, VisitClientMessage } from '@telemed/contracts';

type Jsep = { type: 'offer' | 'answer'; sdp: string };

export interface SfuEvents {
  send(m: VisitClientMessage): void;
  remote(participantId: string, stream: MediaStream | null): void;
  state(participantId: string, s: RTCPeerConnectionState): void;
}

/**
 * The call through the SFU (three or more people): one connection that sends this side's camera
 * and microphone, and one that receives each other participant's feed. The server relays the SDP
 * to Janus; media flows between the browser and Janus (through TURN when it must).
 */
export class SfuLink {
  readonly #stream: MediaStream;
  readonly #events: SfuEvents;
  #iceServers: IceServer[];
  readonly #relayOnly: boolean;
  #publisher: RTCPeerConnection | null = null;
  readonly #receivers = new Map<string, RTCPeerConnection>();

  constructor(opts: { stream: MediaStream; iceServers: IceServer[]; relayOnly: boolean; events: SfuEvents }) {
    this.#stream = opts.stream;
    this.#iceServers = opts.iceServers;
    this.#relayOnly = opts.relayOnly;
    this.#events = opts.events;
  }

  get connections(): RTCPeerConnection[] {
    return [...(this.#publisher ? [this.#publisher] : []), ...this.#receivers.values()];
  }

  #newConnection(feed: string | null): RTCPeerConnection {
    const pc = new RTCPeerConnection({ iceServers: this.#iceServers, iceTransportPolicy: this.#relayOnly ? 'relay' : 'all' });
    pc.onicecandidate = ({ candidate }) => this.#events.send({ type: 'sfu-candidate', feed,
      candidate: candidate ? (candidate.toJSON() as { candidate: string }) : null });
    return pc;
  }

  /** Sends this side's media to the SFU (again, after a failure or a reconnect). */
  async publish(): Promise<void> {
    this.#publishedAt = Date.now();
    this.#publisher?.close();
    const pc = this.#newConnection(null);
    this.#publisher = pc;
    for (const track of this.#stream.getTracks()) pc.addTransceiver(track, { direction: 'sendonly', streams: [this.#stream] });
    pc.onconnectionstatechange = () => {
      // A publishing path that fails is rebuilt: the SFU cannot restart ICE towards a browser that moved.
      if (pc.connectionState === 'failed' && this.#publisher === pc) void this.publish();
    };
    await pc.setLocalDescription();
    this.#events.send({ type: 'sfu-publish', jsep: { type: 'offer', sdp: pc.localDescription!.sdp } });
  }

  async onPublished(jsep: Jsep): Promise<void> {
    await this.#publisher?.setRemoteDescription(jsep);
  }

  /** When each wanted feed was last asked for, so one whose answer never came is asked again. */
  readonly #asked = new Map<string, number>();

  subscribe(participantId: string): void {
    if (this.#receivers.has(participantId)) return;
    this.#asked.set(participantId, Date.now());
    this.#events.send({ type: 'sfu-subscribe', feed: participantId });
  }

  /**
   * Repairs what a lost message or a slow SFU left undone: the sending connection, and every
   * wanted feed, that have not connected within the grace period are set up again.
   */
  repair(wanted: Iterable<string>, graceMs: number): void {
    const now = Date.now();
    const pub = this.#publisher;
    if (pub && pub.connectionState !== 'connected' && now - this.#publishedAt > graceMs) void this.publish();
    for (const id of wanted) {
      const pc = this.#receivers.get(id);
      const since = this.#asked.get(id) ?? 0;
      if (pc?.connectionState === 'connected' || now - since <= graceMs) continue;
      this.#receivers.get(id)?.close();
      this.#receivers.delete(id);
      this.subscribe(id);
    }
  }

  #publishedAt = 0;

  /** The SFU's offer for another participant's feed: answer it and show what arrives. */
  async onOffer(participantId: string, jsep: Jsep): Promise<void> {
    this.#receivers.get(participantId)?.close();
    const pc = this.#newConnection(participantId);
    this.#receivers.set(participantId, pc);
    pc.ontrack = ({ streams, track }) => this.#events.remote(participantId, streams[0] ?? new MediaStream([track]));
    pc.onconnectionstatechange = () => {
      this.#events.state(participantId, pc.connectionState);
      if (pc.connectionState === 'failed' && this.#receivers.get(participantId) === pc) {
        this.#receivers.delete(participantId);
        this.subscribe(participantId);
      }
    };
    await pc.setRemoteDescription(jsep);
    await pc.setLocalDescription();
    this.#events.send({ type: 'sfu-start', feed: participantId, jsep: { type: 'answer', sdp: pc.localDescription!.sdp } });
  }

  unsubscribe(participantId: string): void {
    this.#receivers.get(participantId)?.close();
    this.#receivers.delete(participantId);
    this.#events.remote(participantId, null);
  }

  has(participantId: string): boolean {
    return this.#receivers.has(participantId);
  }

  needsRepair(): boolean {
    return this.connections.some((pc) => pc.connectionState === 'failed' || pc.connectionState === 'disconnected');
  }

  updateIceServers(iceServers: IceServer[]): void {
    this.#iceServers = iceServers;
    for (const pc of this.connections) pc.setConfiguration({ ...pc.getConfiguration(), iceServers });
  }

  close(): void {
    this.#publisher?.close();
    this.#publisher = null;
    for (const id of [...this.#receivers.keys()]) this.unsubscribe(id);
  }
}

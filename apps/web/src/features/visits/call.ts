import type { IceServer, RecordingState, RosterEntry, SignalData, VisitChatMessage, VisitClientMessage, VisitServerMessage } from '@telemed/contracts';
import { channelUrl, VisitChannel, type ChannelEnd, type ChannelState } from './channel.ts';
import { Peer } from './peer.ts';
import { QualityMonitor, type QualityReport } from './quality.ts';
import { SfuLink } from './sfu-link.ts';

// An SFU connection not connected by then is set up again.
const SFU_GRACE_MS = 8_000;

export type CallPhase = 'connecting' | 'waiting' | 'in-call' | 'ended' | 'removed' | 'unauthorized';

export interface CallEvents {
  phase(p: CallPhase): void;
  channel(s: ChannelState): void;
  roster(r: RosterEntry[]): void;
  remote(participantId: string, stream: MediaStream | null): void;
  peerState(participantId: string, s: RTCPeerConnectionState): void;
  chat(m: VisitChatMessage): void;
  quality(r: QualityReport): void;
  /** The server refused a request on the channel (e.g. `consent_required` for an admission). */
  error?(code: string): void;
  /** The visit's recording request as it stands (who is asked, whether it records). */
  recording?(r: RecordingState | null): void;
}

export type RecordingMessage = Extract<VisitClientMessage, { type: 'recording-request' | 'recording-consent' | 'recording-stop' }>;

/**
 * A participant's side of a video visit: the call channel, one peer connection per other admitted
 * participant, and the link-quality monitor that steps video down (and back up) on a poor link.
 */
export class CallClient {
  readonly #visitId: string;
  readonly #stream: MediaStream;
  readonly #events: CallEvents;
  readonly #peers = new Map<string, Peer>();
  readonly #channel: VisitChannel;
  readonly #monitor: QualityMonitor;
  readonly #relayOnly: boolean;
  /** A broadcast's observer: receives, never publishes. */
  readonly #receiveOnly: boolean;
  #me: string | null = null;
  #admitted = false;
  #iceServers: IceServer[] = [];
  #iceRefresh: ReturnType<typeof setInterval> | null = null;
  #roster: RosterEntry[] = [];
  #chatSeen = new Set<number>();
  #reconnects = 0;
  #quality: QualityReport | null = null;
  #mode: 'p2p' | 'sfu' = 'p2p';
  #repairTimer: ReturnType<typeof setInterval> | null = null;
  #sfu: SfuLink | null = null;
  /** Participants whose feeds are on the SFU. */
  readonly #feeds = new Set<string>();
  /** What is sent instead of the camera (a shared screen), or null. */
  #videoOverride: MediaStreamTrack | null = null;
  /**
   * Whether the next roster is the first this side sees in the call: whoever is there then was there before
   * us, and we make the first offer; whoever appears later makes it to us.
   */
  #firstSync = true;

  constructor(visitId: string, stream: MediaStream, events: CallEvents, opts: { relayOnly?: boolean; receiveOnly?: boolean } = {}) {
    this.#visitId = visitId;
    this.#stream = stream;
    this.#events = events;
    this.#relayOnly = opts.relayOnly ?? false;
    this.#receiveOnly = opts.receiveOnly ?? false;
    this.#channel = new VisitChannel({
      url: channelUrl(visitId),
      onMessage: (m) => void this.#onMessage(m),
      onState: (s) => {
        if (s === 'reconnecting') this.#reconnects++;
        this.#events.channel(s);
      },
      onEnd: (reason: ChannelEnd) => this.#end(reason),
    });
    this.#monitor = new QualityMonitor(() => this.peerConnections, (r) => {
      this.#quality = r;
      this.#events.quality(r);
    });
  }

  /** The link quality as last measured (what this side sends, and why), as the user is told it. */
  get quality(): QualityReport | null {
    return this.#quality;
  }

  get participantId(): string | null {
    return this.#me;
  }

  get peerConnections(): RTCPeerConnection[] {
    return [...[...this.#peers.values()].map((p) => p.pc), ...(this.#sfu?.connections ?? [])];
  }

  /** Peer to peer, or through the SFU (three or more people). */
  get mode(): 'p2p' | 'sfu' {
    return this.#mode;
  }

  start(): void {
    this.#events.phase('connecting');
    this.#channel.start();
    this.#monitor.start();
    this.#repairTimer = setInterval(() => {
      if (this.#mode !== 'sfu' || !this.#sfu || !this.#admitted) return;
      const here = new Set(this.#roster.filter((r) => r.admitted && r.online && !r.removed && r.id !== this.#me).map((r) => r.id));
      this.#sfu.repair([...this.#feeds].filter((f) => here.has(f)), SFU_GRACE_MS);
    }, SFU_GRACE_MS / 2);
  }

  leave(): void {
    if (this.#repairTimer) clearInterval(this.#repairTimer);
    this.#channel.stop();
    this.#monitor.stop();
    if (this.#iceRefresh) clearInterval(this.#iceRefresh);
    for (const p of this.#peers.values()) p.close();
    this.#peers.clear();
    this.#sfu?.close();
    this.#sfu = null;
  }

  /**
   * Sends a shared screen instead of the camera (null: the camera again). The track is swapped on
   * every connection without renegotiating, so it works the same peer to peer and through the SFU.
   */
  async shareScreen(track: MediaStreamTrack | null): Promise<void> {
    this.#videoOverride = track;
    await Promise.all(this.peerConnections.map((pc) => this.#applyVideo(pc)));
  }

  async #applyVideo(pc: RTCPeerConnection): Promise<void> {
    const next = this.#videoOverride ?? this.#stream.getVideoTracks()[0] ?? null;
    const senders = pc.getSenders().filter((s) => s.track?.kind === 'video');
    await Promise.all(senders.map((s) => s.replaceTrack(next).catch(() => undefined)));
  }

  admit(participantId: string): void {
    this.#channel.send({ type: 'admit', participantId });
  }

  sendChat(body: string): void {
    this.#channel.send({ type: 'chat', body });
  }

  /** Asks to record, answers a request, or stops the recording (the server decides what follows). */
  sendRecording(m: RecordingMessage): void {
    this.#channel.send(m);
  }

  async #onMessage(m: VisitServerMessage): Promise<void> {
    switch (m.type) {
      case 'welcome': {
        const reconnected = this.#me !== null;
        this.#me = m.participantId;
        this.#iceServers = m.iceServers;
        this.#admitted = m.admitted;
        this.#firstSync = true;
        this.#events.phase(m.admitted ? 'in-call' : 'waiting');
        this.#scheduleIceRefresh(m.iceTtlSeconds);
        for (const f of m.feeds) this.#feeds.add(f);
        if (m.mode === 'sfu') {
          // Handles on the server live with the channel: after a reconnect, publish and subscribe again. (A `mode` notice may
          // have come before this welcome, when this arrival made the switch: it could not start the SFU link then.)
          const fresh = !this.#sfu || reconnected;
          this.#mode = 'sfu';
          if (fresh) this.#enterSfu(true);
          this.#onRoster(m.participants);
          break;
        }
        // Back after a drop: repair the media paths that broke meanwhile, with fresh credentials.
        if (reconnected) for (const p of this.#peers.values()) if (p.needsRepair()) p.restartIce(this.#iceServers);
        // The connections to those already here start now, before the page draws the call.
        this.#onRoster(m.participants);
        break;
      }
      case 'admitted':
        this.#admitted = true;
        this.#firstSync = true;
        this.#events.phase('in-call');
        if (this.#mode === 'sfu') this.#enterSfu(true);
        else this.#syncPeers();
        break;
      case 'mode':
        if (m.mode === 'sfu' && this.#mode !== 'sfu') {
          this.#mode = 'sfu';
          this.#enterSfu(true);
        }
        break;
      case 'feed':
        if (m.published) {
          this.#feeds.add(m.participantId);
          if (this.#sfu && this.#admitted) this.#sfu.subscribe(m.participantId);
        } else {
          this.#feeds.delete(m.participantId);
          this.#sfu?.unsubscribe(m.participantId);
        }
        break;
      case 'sfu-answer':
        await this.#sfu?.onPublished(m.jsep);
        break;
      case 'sfu-offer':
        await this.#sfu?.onOffer(m.feed, m.jsep);
        break;
      case 'roster':
        this.#onRoster(m.participants);
        break;
      case 'signal':
        await this.#onSignal(m.from, m.data);
        break;
      case 'chat':
        if (this.#chatSeen.has(m.message.id)) break;
        this.#chatSeen.add(m.message.id);
        this.#events.chat(m.message);
        break;
      case 'ice-servers':
        this.#iceServers = m.iceServers;
        for (const p of this.#peers.values()) p.updateIceServers(m.iceServers);
        this.#sfu?.updateIceServers(m.iceServers);
        break;
      case 'ended':
        this.#end('ended');
        break;
      case 'error':
        this.#events.error?.(m.code);
        break;
      case 'recording':
        this.#events.recording?.(m.recording);
        break;
      default:
        break;
    }
  }

  #onRoster(participants: RosterEntry[]): void {
    this.#roster = participants;
    this.#syncPeers();
    this.#events.roster(participants);
  }

  /** A peer connection for every other admitted participant who is here; none for those who left or were removed. */
  #syncPeers(): void {
    if (!this.#admitted || !this.#me || this.#mode === 'sfu' || !this.#roster.some((r) => r.id === this.#me)) return;
    const arrived = !this.#firstSync;
    this.#firstSync = false;
    for (const r of this.#roster) {
      if (r.id === this.#me) continue;
      const inCall = r.admitted && !r.removed && r.online;
      if (inCall && !this.#peers.has(r.id)) this.#createPeer(r.id, arrived);
      if (r.removed && this.#peers.has(r.id)) this.#dropPeer(r.id);
    }
  }

  /** `arrived`: the other has just come into the call, and makes the first offer. */
  #createPeer(participantId: string, arrived = false): Peer {
    const peer = new Peer({
      polite: this.#me! > participantId,
      awaitOffer: arrived,
      iceServers: this.#iceServers,
      stream: this.#stream,
      relayOnly: this.#relayOnly,
      canSignal: () => this.#channel.isOpen,
      events: {
        signal: (data) => this.#channel.send({ type: 'signal', to: participantId, data }),
        remoteStream: (s) => this.#events.remote(participantId, s),
        state: (s) => this.#events.peerState(participantId, s),
        // The impolite side starts over; the polite side follows when the fresh connection's offer arrives.
        stuck: () => {
          if (this.#peers.get(participantId) !== peer || peer.polite) return;
          this.#dropPeer(participantId);
          this.#createPeer(participantId);
        },
      },
    });
    this.#peers.set(participantId, peer);
    this.#monitor.track(peer.pc);
    if (this.#videoOverride) void this.#applyVideo(peer.pc);
    return peer;
  }

  #dropPeer(participantId: string): void {
    this.#peers.get(participantId)?.close();
    this.#peers.delete(participantId);
  }

  /** Moves the call to the SFU: the direct connections close, this side publishes, and receives every published feed. */
  #enterSfu(republish: boolean): void {
    if (!this.#admitted || !this.#me) return;
    for (const id of [...this.#peers.keys()]) this.#dropPeer(id);
    this.#sfu ??= new SfuLink({
      stream: this.#stream,
      iceServers: this.#iceServers,
      relayOnly: this.#relayOnly,
      events: {
        send: (m) => this.#channel.send(m),
        remote: (id, s) => this.#events.remote(id, s),
        state: (id, s) => this.#events.peerState(id, s),
      },
    });
    if (republish) {
      // A screen being shared goes on being shared through the SFU. A broadcast's observer only receives.
      if (!this.#receiveOnly) void this.#sfu.publish().then(() => (this.#videoOverride ? this.shareScreen(this.#videoOverride) : undefined));
      for (const f of this.#feeds) if (f !== this.#me) {
        this.#sfu.unsubscribe(f);
        this.#sfu.subscribe(f);
      }
    }
  }

  async #onSignal(from: string, data: SignalData): Promise<void> {
    if (!this.#admitted || this.#mode === 'sfu') return;
    let peer = this.#peers.get(from);
    // Meant for a page of mine that has since reloaded: stale.
    if (peer && data.for && data.for !== peer.session) return;
    // The other side reloaded (a new connection): start afresh with it.
    if (peer && peer.remoteSession && peer.remoteSession !== data.session) {
      if (data.description?.type !== 'offer') return;
      this.#dropPeer(from);
      peer = undefined;
    }
    peer ??= this.#createPeer(from);
    try {
      await peer.receive(data);
    } catch {
      // A failed step in negotiation is repaired by the next offer (an ICE restart if the link is down).
    }
  }

  #scheduleIceRefresh(ttlSeconds: number): void {
    if (this.#iceRefresh) clearInterval(this.#iceRefresh);
    // TURN credentials expire: new ones well before, so a later ICE restart can still use the relay.
    this.#iceRefresh = setInterval(() => this.#channel.send({ type: 'ice-servers' }), Math.max(30, ttlSeconds / 2) * 1000);
  }

  #end(reason: ChannelEnd): void {
    this.leave();
    this.#events.phase(reason === 'ended' ? 'ended' : reason === 'removed' ? 'removed' : 'unauthorized');
  }

  get reconnects(): number {
    return this.#reconnects;
  }

  get visitId(): string {
    return this.#visitId;
  }
}

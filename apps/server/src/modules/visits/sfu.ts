import { createHmac } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../platform/config.ts';
import { JanusClient, type Jsep } from './janus-client.ts';

type Candidate = { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null } | null;

// A room carries at most this many video publishers; the bitrate cap keeps one SFU within reach of a district link.
const MAX_PUBLISHERS = 12;
const PUBLISHER_BITRATE = 512_000;
// VideoRoom's "no such room" error.
const NO_SUCH_ROOM = 426;
const ROOM_EXISTS = 427;

/**
 * The app's side of Janus VideoRoom: one room per visit, named by the visit, protected by a room
 * secret and by a token per participant (both derived from the server's key, so every app node
 * computes the same ones and nothing is stored). Browsers never talk to Janus's API: they send
 * their SDP and candidates over the visit's call channel, and this node relays them through its
 * handles. Handles live on the node that holds the participant's channel.
 */
export class SfuBridge {
  readonly #config: Pick<Config, 'JANUS_URL' | 'JANUS_API_SECRET' | 'JANUS_ADMIN_KEY'>;
  readonly #log: FastifyBaseLogger;
  readonly #key: Buffer;
  #client: JanusClient | null = null;
  #admin = 0;
  #connecting: Promise<JanusClient> | null = null;
  readonly #rooms = new Set<string>();
  /** Rooms being made ready (one request at a time per room), and the `${visitId}:${participantId}` tokens already allowed in. */
  readonly #roomsPending = new Map<string, Promise<void>>();
  readonly #allowed = new Set<string>();
  /** `${participantId}` → publishing handle; `${participantId}>${feed}` → receiving handle. */
  readonly #handles = new Map<string, number>();
  /** Publishing handles whose media is not up yet → whose feed they carry. */
  readonly #publishing = new Map<number, { visitId: string; participantId: string }>();
  /** A participant's feed can be received now (their connection to Janus is up): set by the call channel. */
  onFeedUp: ((visitId: string, participantId: string) => void) | null = null;

  constructor(config: Pick<Config, 'JANUS_URL' | 'JANUS_API_SECRET' | 'JANUS_ADMIN_KEY'>, log: FastifyBaseLogger, key: Buffer) {
    this.#config = config;
    this.#log = log;
    this.#key = key;
  }

  get enabled(): boolean {
    return Boolean(this.#config.JANUS_URL);
  }

  #derive(label: string): string {
    return createHmac('sha256', this.#key).update(label).digest('base64url');
  }

  #roomSecret(visitId: string): string {
    return this.#derive(`janus-room:${visitId}`);
  }

  #token(visitId: string, participantId: string): string {
    return this.#derive(`janus-token:${visitId}:${participantId}`);
  }

  async #ready(): Promise<JanusClient> {
    if (!this.enabled) throw new Error('no SFU configured');
    if (this.#client) return this.#client;
    this.#connecting ??= (async () => {
      const client = await JanusClient.connect(this.#config.JANUS_URL!, this.#config.JANUS_API_SECRET!);
      client.onClose = () => this.#reset('connection closed');
      client.onMediaUp = (handle) => {
        const feed = this.#publishing.get(handle);
        if (!feed) return;
        this.#publishing.delete(handle);
        this.onFeedUp?.(feed.visitId, feed.participantId);
      };
      this.#admin = await client.attachVideoRoom();
      this.#client = client;
      return client;
    })().finally(() => { this.#connecting = null; });
    return this.#connecting;
  }

  /** Janus went away: every handle with it. Participants' browsers republish when their channel reconnects. */
  #reset(why: string): void {
    if (!this.#client) return;
    this.#log.warn({ why }, 'SFU connection lost');
    this.#client = null;
    this.#rooms.clear();
    this.#allowed.clear();
    this.#handles.clear();
    this.#publishing.clear();
  }

  async #exists(client: JanusClient, visitId: string): Promise<boolean> {
    const r = await client.message(this.#admin, { request: 'exists', room: visitId });
    return r.data.exists === true;
  }

  async #ensureRoom(client: JanusClient, visitId: string): Promise<void> {
    if (this.#rooms.has(visitId)) return;
    let pending = this.#roomsPending.get(visitId);
    if (!pending) {
      pending = this.#makeRoom(client, visitId).finally(() => this.#roomsPending.delete(visitId));
      this.#roomsPending.set(visitId, pending);
    }
    await pending;
  }

  async #makeRoom(client: JanusClient, visitId: string): Promise<void> {
    if (!(await this.#exists(client, visitId))) {
      try {
        await client.message(this.#admin, { request: 'create', room: visitId, secret: this.#roomSecret(visitId), admin_key: this.#config.JANUS_ADMIN_KEY,
          publishers: MAX_PUBLISHERS, bitrate: PUBLISHER_BITRATE, is_private: true, permanent: false, notify_joining: false });
      } catch (err) {
        // Another node created it at the same moment.
        if ((err as { code?: number }).code !== ROOM_EXISTS) throw err;
      }
    }
    // Only holders of a participant's token may join the room (each is added as its participant publishes or receives).
    await client.message(this.#admin, { request: 'allowed', room: visitId, action: 'enable', secret: this.#roomSecret(visitId) });
    this.#rooms.add(visitId);
  }

  async #admit(visitId: string, participantIds: string[]): Promise<JanusClient> {
    const client = await this.#ready();
    await this.#ensureRoom(client, visitId);
    const tokens = participantIds.filter((p) => !this.#allowed.has(`${visitId}:${p}`));
    if (tokens.length) {
      await client.message(this.#admin, { request: 'allowed', room: visitId, action: 'add', allowed: tokens.map((p) => this.#token(visitId, p)),
        secret: this.#roomSecret(visitId) });
      for (const p of tokens) this.#allowed.add(`${visitId}:${p}`);
    }
    return client;
  }

  /**
   * Makes the visit's room and lets its participants in ahead of the switch (a call one person short of the SFU), so that
   * publishing and receiving need only their own requests when it comes.
   */
  async prepare(visitId: string, participantIds: string[]): Promise<void> {
    if (this.enabled) await this.#admit(visitId, participantIds);
  }

  /** The room ready with this participant let in, and a fresh handle; the handle a previous request left under `key` detached. */
  async #handleFor(visitId: string, participantId: string, key: string): Promise<{ client: JanusClient; handle: number; token: string }> {
    const [client, handle] = await Promise.all([this.#admit(visitId, [participantId]), this.#ready().then((c) => c.attachVideoRoom()),
      this.#detach(key)]);
    this.#handles.set(key, handle);
    return { client, handle, token: this.#token(visitId, participantId) };
  }

  /**
   * Publishes a participant's offer; returns Janus's answer. A second publish replaces the first (e.g. after a reload).
   * `onFeedUp` follows once the participant's media reaches Janus: only then can others receive it.
   */
  async publish(visitId: string, participantId: string, display: string, jsep: Jsep): Promise<Jsep> {
    const { client, handle, token } = await this.#handleFor(visitId, participantId, participantId);
    this.#publishing.set(handle, { visitId, participantId });
    const joined = await client.message(handle, { request: 'joinandconfigure', ptype: 'publisher', room: visitId, id: participantId,
      display, token, audio: true, video: true, bitrate: PUBLISHER_BITRATE }, jsep);
    if (!joined.jsep) throw new Error('SFU gave no answer');
    return joined.jsep;
  }

  /** Subscribes a participant to another's feed; returns Janus's offer, to be answered with `start`. */
  async subscribe(visitId: string, participantId: string, feed: string): Promise<Jsep> {
    const { client, handle, token } = await this.#handleFor(visitId, participantId, `${participantId}>${feed}`);
    const joined = await client.message(handle, { request: 'join', ptype: 'subscriber', room: visitId, streams: [{ feed }], token });
    if (!joined.jsep) throw new Error('SFU gave no offer');
    return joined.jsep;
  }

  async start(participantId: string, feed: string, jsep: Jsep): Promise<void> {
    const handle = this.#handles.get(`${participantId}>${feed}`);
    if (!handle || !this.#client) throw new Error('no subscription');
    await this.#client.message(handle, { request: 'start' }, jsep);
  }

  async trickle(participantId: string, feed: string | null, candidate: Candidate): Promise<void> {
    const handle = this.#handles.get(feed ? `${participantId}>${feed}` : participantId);
    if (!handle || !this.#client) return;
    await this.#client.trickle(handle, candidate);
  }

  /** The participants whose feeds are published in the visit's room now. */
  async feeds(visitId: string): Promise<string[]> {
    if (!this.enabled) return [];
    const client = await this.#ready();
    try {
      const r = await client.message(this.#admin, { request: 'listparticipants', room: visitId, secret: this.#roomSecret(visitId) });
      const list = (r.data.participants ?? []) as { id: string; publisher: boolean }[];
      return list.filter((p) => p.publisher).map((p) => String(p.id));
    } catch (err) {
      if ((err as { code?: number }).code === NO_SUCH_ROOM) return [];
      throw err;
    }
  }

  /** The visit ended: its room goes (if this node made it or knows of it; any node may, and once is enough). */
  async end(visitId: string): Promise<void> {
    if (!this.enabled || !this.#client) return;
    const known = this.#rooms.delete(visitId);
    for (const k of [...this.#allowed]) if (k.startsWith(`${visitId}:`)) this.#allowed.delete(k);
    if (!known) return;
    await this.#client.message(this.#admin, { request: 'destroy', room: visitId, secret: this.#roomSecret(visitId) }).catch((err: { code?: number }) => {
      if (err.code !== NO_SUCH_ROOM) throw err;
    });
  }

  /** The participant left this node: their publishing and receiving handles go. */
  async leave(participantId: string): Promise<void> {
    await Promise.all([...this.#handles.keys()].filter((k) => k === participantId || k.startsWith(`${participantId}>`)).map((k) => this.#detach(k)));
  }

  async #detach(key: string): Promise<void> {
    const handle = this.#handles.get(key);
    if (handle === undefined) return;
    this.#handles.delete(key);
    this.#publishing.delete(handle);
    await this.#client?.detach(handle).catch(() => {});
  }

  async stop(): Promise<void> {
    const client = this.#client;
    this.#reset('stopping');
    client?.close();
  }
}

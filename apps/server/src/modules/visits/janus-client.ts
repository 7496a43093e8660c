import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

export type Jsep = { type: 'offer' | 'answer'; sdp: string };

export interface PluginReply {
  data: Record<string, unknown>;
  jsep?: Jsep;
}

export class JanusError extends Error {
  readonly code: number;
  constructor(code: number, reason: string) {
    super(reason);
    this.code = code;
  }
}

interface Pending {
  /** Keepalives and trickles are answered by the ack itself. */
  ackIsAnswer: boolean;
  resolve(m: JanusMessage): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

interface JanusMessage {
  janus: string;
  transaction?: string;
  data?: { id?: number };
  error?: { code: number; reason: string };
  plugindata?: { plugin: string; data: Record<string, unknown> };
  jsep?: Jsep;
  /** The handle an event is about. */
  sender?: number;
}

const REQUEST_TIMEOUT_MS = 10_000;
// Janus drops a session after 60 s of silence (session_timeout in ops/janus/janus.jcfg).
const KEEPALIVE_MS = 25_000;

/**
 * A small client of Janus's WebSocket API (the `janus-protocol`): one connection and one session
 * per app node, handles attached to the VideoRoom plugin, requests matched to answers by
 * transaction. Asynchronous plugin requests (join, configure, start) are acknowledged first and
 * answered by an event with the same transaction; synchronous ones (create, exists, allowed,
 * listparticipants) answer with `success` at once.
 */
export class JanusClient {
  readonly #socket: WebSocket;
  readonly #apiSecret: string;
  readonly #pending = new Map<string, Pending>();
  #session = 0;
  #keepalive: NodeJS.Timeout | null = null;
  onClose: (() => void) | null = null;
  /** A handle's WebRTC connection with Janus is up (`webrtcup`): media can flow on it. */
  onMediaUp: ((handle: number) => void) | null = null;

  private constructor(socket: WebSocket, apiSecret: string) {
    this.#socket = socket;
    this.#apiSecret = apiSecret;
    socket.on('message', (raw) => this.#onMessage(String(raw)));
    socket.on('close', () => this.#closed());
    socket.on('error', () => this.#closed());
  }

  static async connect(url: string, apiSecret: string): Promise<JanusClient> {
    const socket = new WebSocket(url, 'janus-protocol');
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const client = new JanusClient(socket, apiSecret);
    const created = await client.#request({ janus: 'create' });
    client.#session = created.data!.id!;
    client.#keepalive = setInterval(() => void client.#request({ janus: 'keepalive', session_id: client.#session }, true).catch(() => {}), KEEPALIVE_MS);
    client.#keepalive.unref();
    return client;
  }

  async attachVideoRoom(): Promise<number> {
    const attached = await this.#request({ janus: 'attach', session_id: this.#session, plugin: 'janus.plugin.videoroom' });
    return attached.data!.id!;
  }

  async detach(handle: number): Promise<void> {
    await this.#request({ janus: 'detach', session_id: this.#session, handle_id: handle });
  }

  /** A request to the plugin; a plugin-level error (`error_code`) is thrown as a JanusError. */
  async message(handle: number, body: Record<string, unknown>, jsep?: Jsep): Promise<PluginReply> {
    const reply = await this.#request({ janus: 'message', session_id: this.#session, handle_id: handle, body, ...(jsep ? { jsep } : {}) });
    const data = reply.plugindata?.data ?? {};
    if (typeof data.error_code === 'number') throw new JanusError(data.error_code, String(data.error ?? 'videoroom error'));
    return { data, jsep: reply.jsep };
  }

  async trickle(handle: number, candidate: Record<string, unknown> | null): Promise<void> {
    await this.#request({ janus: 'trickle', session_id: this.#session, handle_id: handle, candidate: candidate ?? { completed: true } }, true);
  }

  close(): void {
    this.#socket.close();
  }

  #request(msg: Record<string, unknown>, ackIsAnswer = false): Promise<JanusMessage> {
    const transaction = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(transaction);
        reject(new Error(`janus: no answer to ${String(msg.janus)}`));
      }, REQUEST_TIMEOUT_MS);
      this.#pending.set(transaction, { ackIsAnswer, resolve, reject, timer });
      this.#socket.send(JSON.stringify({ ...msg, transaction, apisecret: this.#apiSecret }));
    });
  }

  #onMessage(raw: string): void {
    let m: JanusMessage;
    try {
      m = JSON.parse(raw) as JanusMessage;
    } catch {
      return;
    }
    if (m.janus === 'webrtcup' && typeof m.sender === 'number') return this.onMediaUp?.(m.sender);
    const p = m.transaction ? this.#pending.get(m.transaction) : undefined;
    if (!p) return;
    // The answer to an asynchronous request follows its ack as an event.
    if (m.janus === 'ack' && !p.ackIsAnswer) return;
    clearTimeout(p.timer);
    this.#pending.delete(m.transaction!);
    if (m.janus === 'error') p.reject(new JanusError(m.error?.code ?? 0, m.error?.reason ?? 'janus error'));
    else p.resolve(m);
  }

  #closed(): void {
    if (this.#keepalive) clearInterval(this.#keepalive);
    for (const [t, p] of this.#pending) {
      clearTimeout(p.timer);
      p.reject(new Error('janus connection closed'));
      this.#pending.delete(t);
    }
    const cb = this.onClose;
    this.onClose = null;
    cb?.();
  }
}

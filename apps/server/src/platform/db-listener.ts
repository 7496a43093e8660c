import pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';

/**
 * The node's one LISTEN connection, shared by everything that hears the database announce a
 * change (sessions, real-time events). It reconnects by itself; while it is down, listeners are
 * told, because anything announced meanwhile is lost to this node.
 */
export class DbListener {
  readonly #url: string;
  readonly #log: FastifyBaseLogger;
  readonly #handlers = new Map<string, ((payload: string) => void)[]>();
  readonly #stateHandlers: ((connected: boolean) => void)[] = [];
  #client: pg.Client | null = null;
  #stopped = false;
  #retry: NodeJS.Timeout | null = null;
  connected = false;

  constructor(url: string, log: FastifyBaseLogger) {
    this.#url = url;
    this.#log = log;
  }

  /** Channel names are the code's own constants, never input. */
  on(channel: string, handler: (payload: string) => void): void {
    if (!/^[a-z_]+$/.test(channel)) throw new Error(`bad channel name ${channel}`);
    this.#handlers.set(channel, [...(this.#handlers.get(channel) ?? []), handler]);
  }

  onConnectionChange(handler: (connected: boolean) => void): void {
    this.#stateHandlers.push(handler);
  }

  async start(): Promise<void> {
    const c = new pg.Client({ connectionString: this.#url, application_name: 'telemed-listener' });
    c.on('notification', (msg) => {
      for (const h of this.#handlers.get(msg.channel) ?? []) h(msg.payload ?? '');
    });
    c.on('error', () => { /* handled by end */ });
    c.on('end', () => {
      this.#setConnected(false);
      if (this.#stopped) return;
      this.#log.warn('database listener disconnected; reconnecting');
      this.#retry = setTimeout(() => void this.start().catch(() => {
        if (!this.#stopped) this.#retry = setTimeout(() => void this.start().catch(() => {}), 5000);
      }), 1000);
    });
    await c.connect();
    for (const channel of this.#handlers.keys()) await c.query(`LISTEN ${channel}`);
    this.#client = c;
    this.#setConnected(true);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#retry) clearTimeout(this.#retry);
    this.#setConnected(false);
    await this.#client?.end().catch(() => {});
  }

  #setConnected(connected: boolean): void {
    if (this.connected === connected) return;
    this.connected = connected;
    for (const h of this.#stateHandlers) h(connected);
  }
}

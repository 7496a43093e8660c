import { createHash } from 'node:crypto';
import { PgBoss } from 'pg-boss';
import type { FastifyBaseLogger } from 'fastify';

/**
 * The server's durable jobs (pg-boss, in the same PostgreSQL, its own schema): response-time
 * escalations, appointment reminders, notification retries. One pg-boss for all of them, so a node
 * keeps one small pool and one poller; each module names its queue and handler before the start.
 * Jobs run as the database owner (pg-boss keeps its own tables).
 */
export class JobQueue {
  #boss: PgBoss;
  #polling: number;
  #handlers = new Map<string, (data: unknown) => Promise<void>>();
  #started = false;

  constructor(databaseUrl: string, log: FastifyBaseLogger, opts: { pollingIntervalSeconds?: number } = {}) {
    this.#boss = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', max: 2, application_name: 'telemed-jobs' });
    this.#boss.on('error', (err: Error) => log.error({ err: { message: err.message } }, 'job queue error'));
    this.#polling = opts.pollingIntervalSeconds ?? 2;
  }

  get started(): boolean {
    return this.#started;
  }

  /** Names a queue and what runs each of its jobs; a handler that throws has its job tried again later. */
  define<T>(queue: string, handler: (data: T) => Promise<void>): void {
    if (this.#started) throw new Error(`queue ${queue} defined after the job queue started`);
    this.#handlers.set(queue, handler as (data: unknown) => Promise<void>);
  }

  async start(): Promise<void> {
    await this.#boss.start();
    for (const [queue, handler] of this.#handlers) {
      await this.#boss.createQueue(queue).catch(() => undefined);
      await this.#boss.work(queue, { pollingIntervalSeconds: this.#polling }, async (jobs) => {
        for (const job of jobs) await handler(job.data);
      });
    }
    this.#started = true;
  }

  async stop(): Promise<void> {
    if (this.#started) await this.#boss.stop({ graceful: true, close: true, timeout: 5000 });
    this.#started = false;
  }

  /** Sends a job; with an `id`, sending the same job again adds nothing. */
  async send(queue: string, data: object, opts: { id?: string; startAfter?: Date; retryLimit?: number; retryDelay?: number; retryBackoff?: boolean }): Promise<void> {
    await this.#boss.send(queue, data, opts);
  }

  async cancel(queue: string, ids: string[]): Promise<void> {
    await this.#boss.cancel(queue, ids).catch(() => undefined);
  }
}

/** A stable job id (a UUID, as pg-boss wants) from the job's identity. */
export function stableJobId(identity: string): string {
  const h = createHash('sha256').update(identity).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

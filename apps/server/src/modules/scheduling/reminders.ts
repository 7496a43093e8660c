import { createHash } from 'node:crypto';
import { PgBoss } from 'pg-boss';
import type { Deps } from '../../platform/deps.ts';
import { sendNotices } from './notices.ts';

const QUEUE = 'appointment-reminder';

/** How long before the visit each reminder goes out. */
export const REMINDERS = [{ kind: '24h', beforeMs: 24 * 60 * 60_000 }, { kind: '1h', beforeMs: 60 * 60_000 }] as const;

interface ReminderJob {
  appointmentId: string;
  startsAt: string;
  kind: string;
}

/** A stable job id per reminder: sending it twice (start-up reconciliation) adds nothing. */
export function reminderJobId(appointmentId: string, kind: string): string {
  const h = createHash('sha256').update(`${appointmentId}|${kind}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Reminders before a visit as durable jobs (pg-boss, in the same PostgreSQL), so a restart loses
 * none. A cancelled or moved appointment's jobs are cancelled, and the worker checks the
 * appointment again before sending, so a reminder never goes out for a visit that is off. On start
 * every upcoming appointment's reminders are sent again (same ids, nothing doubles), which also
 * covers a crash between a commit and its send.
 */
export class Reminders {
  #boss: PgBoss;
  #deps: Deps;
  #polling: number;
  #started = false;

  constructor(deps: Deps, databaseUrl: string, opts: { pollingIntervalSeconds?: number } = {}) {
    this.#deps = deps;
    this.#boss = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', max: 2, application_name: 'telemed-reminders' });
    this.#boss.on('error', (err: Error) => deps.log.error({ err: { message: err.message } }, 'reminder queue error'));
    this.#polling = opts.pollingIntervalSeconds ?? 2;
  }

  async start(): Promise<void> {
    await this.#boss.start();
    await this.#boss.createQueue(QUEUE).catch(() => undefined);
    await this.#boss.work<ReminderJob>(QUEUE, { pollingIntervalSeconds: this.#polling }, async (jobs) => {
      for (const job of jobs) await this.onDue(job.data);
    });
    this.#started = true;
    await this.reconcile();
  }

  async stop(): Promise<void> {
    if (this.#started) await this.#boss.stop({ graceful: true, close: true, timeout: 5000 });
    this.#started = false;
  }

  /** Sets the reminders of a booked appointment whose times are still ahead (after the booking has committed). */
  async schedule(appointment: { id: string; starts_at: Date }): Promise<void> {
    if (!this.#started) return;
    const now = this.#deps.now().getTime();
    for (const r of REMINDERS) {
      const at = appointment.starts_at.getTime() - r.beforeMs;
      if (at <= now) continue;
      await this.#boss.send(QUEUE, { appointmentId: appointment.id, startsAt: appointment.starts_at.toISOString(), kind: r.kind } satisfies ReminderJob,
        { id: reminderJobId(appointment.id, r.kind), startAfter: new Date(at), retryLimit: 5, retryDelay: 30 });
    }
  }

  async cancel(appointmentId: string): Promise<void> {
    if (!this.#started) return;
    await this.#boss.cancel(QUEUE, REMINDERS.map((r) => reminderJobId(appointmentId, r.kind))).catch(() => undefined);
  }

  async reconcile(): Promise<void> {
    const upcoming = await this.#deps.db.selectFrom('appointment').select(['id', 'starts_at'])
      .where('status', '=', 'booked').where('starts_at', '>', this.#deps.now()).execute();
    for (const a of upcoming) await this.schedule(a);
  }

  /** A reminder is due: sent to the patient and the clinician if the visit is still booked at that time and has not begun. */
  async onDue(job: ReminderJob): Promise<boolean> {
    const deps = this.#deps;
    const row = await deps.db.selectFrom('appointment').select(['id', 'patient_id', 'clinician_id', 'booked_by', 'facility_id', 'starts_at', 'status'])
      .where('id', '=', job.appointmentId).executeTakeFirst();
    if (!row || row.status !== 'booked' || row.starts_at.toISOString() !== job.startsAt || row.starts_at <= deps.now()) return false;
    await sendNotices(deps, row, 'reminder', null);
    return true;
  }
}

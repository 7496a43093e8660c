import type { Deps } from '../../platform/deps.ts';
import { stableJobId, type JobQueue } from '../../platform/jobs.ts';
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
  return stableJobId(`${appointmentId}|${kind}`);
}

/**
 * Reminders before a visit as durable jobs (pg-boss, in the same PostgreSQL), so a restart loses
 * none. A cancelled or moved appointment's jobs are cancelled, and the worker checks the
 * appointment again before sending, so a reminder never goes out for a visit that is off. On start
 * every upcoming appointment's reminders are sent again (same ids, nothing doubles), which also
 * covers a crash between a commit and its send.
 */
export class Reminders {
  #jobs: JobQueue;
  #deps: Deps;

  constructor(deps: Deps, jobs: JobQueue) {
    this.#deps = deps;
    this.#jobs = jobs;
    jobs.define<ReminderJob>(QUEUE, async (job) => { await this.onDue(job); });
  }

  /** Sets the reminders of a booked appointment whose times are still ahead (after the booking has committed). */
  async schedule(appointment: { id: string; starts_at: Date }): Promise<void> {
    if (!this.#jobs.started) return;
    const now = this.#deps.now().getTime();
    for (const r of REMINDERS) {
      const at = appointment.starts_at.getTime() - r.beforeMs;
      if (at <= now) continue;
      await this.#jobs.send(QUEUE, { appointmentId: appointment.id, startsAt: appointment.starts_at.toISOString(), kind: r.kind } satisfies ReminderJob,
        { id: reminderJobId(appointment.id, r.kind), startAfter: new Date(at), retryLimit: 5, retryDelay: 30 });
    }
  }

  async cancel(appointmentId: string): Promise<void> {
    if (!this.#jobs.started) return;
    await this.#jobs.cancel(QUEUE, REMINDERS.map((r) => reminderJobId(appointmentId, r.kind)));
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

import { sql } from 'kysely';
import type { Deps } from '../../platform/deps.ts';
import { stableJobId, type JobQueue } from '../../platform/jobs.ts';
import { translate } from '../../platform/i18n.ts';
import type { Language } from '@telemed/contracts';

const QUEUE = 'consultation-due';

interface DueJob {
  consultationId: string;
  dueAt: string;
}

/** A stable job id per timer: sending the same timer twice (start-up reconciliation) adds nothing. */
const jobId = (consultationId: string, dueAt: Date) => stableJobId(`${consultationId}|${dueAt.toISOString()}`);

/**
 * Response-time escalation on durable jobs (pg-boss, in the same PostgreSQL): a timer is a job
 * due at the target, so a restart loses none. On start every open timer is sent again (same id,
 * so nothing doubles), which also covers a crash between a commit and its send.
 */
export class Escalations {
  #jobs: JobQueue | null;
  #deps: Deps;

  /** Without a job queue (a tool, a test of `onDue`) nothing is scheduled. */
  constructor(deps: Deps, jobs: JobQueue | null) {
    this.#deps = deps;
    this.#jobs = jobs;
    jobs?.define<DueJob>(QUEUE, async (job) => { await this.onDue(job.consultationId); });
  }

  /** Sets the timer for a request's target (after the change that set it has committed). */
  async schedule(consultationId: string, dueAt: Date): Promise<void> {
    if (!this.#jobs?.started) return;
    await this.#jobs.send(QUEUE, { consultationId, dueAt: dueAt.toISOString() } satisfies DueJob,
      { id: jobId(consultationId, dueAt), startAfter: dueAt, retryLimit: 5, retryDelay: 30 });
  }

  /** On start: every open timer is sent again (same id, so nothing doubles). */
  async reconcile(): Promise<void> {
    const open = await this.#deps.db.selectFrom('consultation').select(['id', 'due_at'])
      .where('escalated_at', 'is', null).where('due_at', 'is not', null)
      .where('status', 'in', ['submitted', 'accepted', 'scheduled', 'in_progress']).execute();
    for (const c of open) await this.schedule(c.id, c.due_at!);
  }

  /**
   * The target passed: if it was not met, the case is marked escalated (an event every party
   * sees) and the hub's coordinators and those of the level above are told.
   */
  async onDue(consultationId: string): Promise<boolean> {
    const deps = this.#deps;
    const now = deps.now();
    const escalated = await deps.db.transaction().execute(async (trx) => {
      const row = await trx.updateTable('consultation').set({ escalated_at: now })
        .where('id', '=', consultationId).where('escalated_at', 'is', null).where('due_at', '<=', now)
        .where((eb) => eb.or([
          eb.and([eb('due_for', '=', 'accept'), eb('status', '=', 'submitted')]),
          eb.and([eb('due_for', '=', 'conclude'), eb('status', 'in', ['submitted', 'accepted', 'scheduled', 'in_progress'])]),
        ]))
        .returning(['id', 'status', 'target_facility_id', 'urgency', 'due_for', 'patient_id']).executeTakeFirst();
      if (!row) return null;
      // The coordinators one level up join the case, so the link they are sent opens it, it is in their own list and its
      // events reach them; they follow it as guests (the holding hub still routes it).
      const above = await sql<{ user_id: string; facility_id: string }>`
        SELECT DISTINCT m.user_id, m.facility_id FROM membership m JOIN app_user u ON u.id = m.user_id
        WHERE m.role = 'coordinator' AND u.active
          AND m.facility_id = (SELECT parent_id FROM facility WHERE id = ${row.target_facility_id})`.execute(trx);
      const joined: string[] = [];
      for (const a of above.rows) {
        const added = await trx.insertInto('consultation_participant').values({ consultation_id: row.id, user_id: a.user_id, facility_id: a.facility_id })
          .onConflict((oc) => oc.doNothing()).returning('user_id').executeTakeFirst();
        if (!added) continue;
        joined.push(a.user_id);
        await trx.insertInto('care_relationship').values({ patient_id: row.patient_id, facility_id: null, user_id: a.user_id,
          source: 'consultation', source_id: row.id, ends_at: null }).execute();
      }
      await trx.insertInto('consultation_event').values({ consultation_id: row.id, actor_user_id: null, action: 'escalate',
        from_status: row.status, to_status: row.status, reason: null, details: JSON.stringify({ dueFor: row.due_for, joined }) }).execute();
      return row;
    });
    if (!escalated) return false;
    // The hub's coordinators, and the coordinators one level up.
    const { rows } = await sql<{ email: string; language: string }>`
      SELECT DISTINCT u.email, u.language FROM membership m JOIN app_user u ON u.id = m.user_id
      WHERE m.role = 'coordinator' AND u.active AND m.facility_id IN (
        SELECT ${escalated.target_facility_id}::uuid UNION SELECT parent_id FROM facility WHERE id = ${escalated.target_facility_id} AND parent_id IS NOT NULL)`
      .execute(deps.db);
    for (const r of rows) {
      const text = translate('escalation_notice', r.language as Language);
      // No patient data in a message that leaves the platform: the link opens the case after sign-in.
      await deps.notifier.send({ to: r.email, kind: 'escalation', subject: text, body: `${text}\n/consultations/${escalated.id}` })
        .catch((err: Error) => deps.log.warn({ err: { message: err.message } }, 'escalation notice not sent'));
    }
    deps.log.info({ consultationId: escalated.id, dueFor: escalated.due_for }, 'response-time target missed: escalated');
    return true;
  }
}

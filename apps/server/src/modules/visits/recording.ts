import type { RecordingState, RecordingStateName, RosterEntry, VisitClientMessage } from '@telemed/contracts';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../platform/db-types.ts';
import type { Deps } from '../../platform/deps.ts';
import { auditVisit, type OpenedVisit } from './access.ts';
import { isReceiveOnly } from './broadcast.ts';

/**
 * Recording a visit with the consent of everyone present (the call channel's part of it).
 *
 *   asking ──all present accepted──▶ recording ──someone joins──▶ paused ──they accept──▶ recording
 *     │                                 │                           │
 *     └─anyone declines: cancelled      └─stop, a decline, the visit ends: stopped ◀─┘
 *
 * The state lives in `visit_recording` and the answers in `visit_recording_consent`, so every app
 * node decides the same way. Who is present comes from the roster each node reads on every change:
 * the transitions that depend on it (start, pause, resume) are made by whichever node reads the
 * roster first (a conditional UPDATE wins once), and every change is announced on the channel as a
 * `recording` signal, on which each node re-reads the state and tells its participants.
 */
const ACTIVE: readonly string[] = ['asking', 'recording', 'paused'];
const NO_META = { ip: null, userAgent: null };

export interface RecordingCaller {
  opened: OpenedVisit;
  participantId: string;
  visitId: string;
  canManage: boolean;
}

type RecordingMessage = Extract<VisitClientMessage, { type: 'recording-request' | 'recording-consent' | 'recording-stop' }>;

/** Whose consent a recording needs: everyone in the call now, except those who send nothing (a broadcast's observers). */
export function consentNeededFrom(roster: readonly RosterEntry[], broadcast: boolean): string[] {
  return roster.filter((r) => r.admitted && r.online && !r.removed && !isReceiveOnly({ broadcast }, r.role)).map((r) => r.id);
}

async function announce(db: Kysely<Database> | Transaction<Database>, visitId: string, from: string | null): Promise<void> {
  await db.insertInto('visit_signal').values({ visit_id: visitId, from_participant: from, to_participant: null, kind: 'recording', payload: '{}' })
    .execute();
}

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

/** A participant's recording message; returns the error code to answer with, or null. */
export async function handleRecordingMessage(deps: Deps, caller: RecordingCaller, msg: RecordingMessage): Promise<string | null> {
  const { db } = deps;
  const { visitId, participantId } = caller;
  if (msg.type === 'recording-request') {
    if (!caller.canManage) return 'forbidden';
    let recordingId: string;
    try {
      recordingId = await db.transaction().execute(async (trx) => {
        const row = await trx.insertInto('visit_recording').values({ visit_id: visitId, requested_by: participantId }).returning('id')
          .executeTakeFirstOrThrow();
        // Asking is consenting: the clinician who asks is the first to accept.
        await trx.insertInto('visit_recording_consent').values({ recording_id: row.id, participant_id: participantId, decision: 'accepted' }).execute();
        await announce(trx, visitId, participantId);
        return row.id;
      });
    } catch (err) {
      if (isUniqueViolation(err)) return 'recording_active';
      throw err;
    }
    await auditVisit(deps, caller.opened, 'visit.recording.request', NO_META, { recordingId });
    await auditVisit(deps, caller.opened, 'visit.recording.consent', NO_META, { recordingId, decision: 'accepted' });
    return null;
  }

  const rec = await db.selectFrom('visit_recording').select(['id', 'state']).where('id', '=', msg.recordingId).where('visit_id', '=', visitId)
    .executeTakeFirst();
  if (!rec || !ACTIVE.includes(rec.state)) return 'recording_not_active';

  if (msg.type === 'recording-stop') {
    if (!caller.canManage) return 'forbidden';
    const stopped = await db.transaction().execute(async (trx) => {
      const row = await endRecording(trx, rec.id, 'stopped', deps.now());
      if (row) await announce(trx, visitId, participantId);
      return row;
    });
    if (stopped) await auditVisit(deps, caller.opened, 'visit.recording.stop', NO_META, { recordingId: rec.id });
    return null;
  }

  // An answer. A broadcast's observers are not recorded and not asked.
  if (isReceiveOnly(caller.opened.visit, caller.opened.participant.role)) return 'forbidden';
  const decision = msg.accept ? 'accepted' : 'declined';
  const answered = await db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('visit_recording_consent').values({ recording_id: rec.id, participant_id: participantId, decision })
      .onConflict((oc) => oc.columns(['recording_id', 'participant_id']).doNothing()).returning('participant_id').executeTakeFirst();
    if (!row) return false;
    // One "no" ends the request: never started, it is cancelled; started, it stops (what was recorded before had everyone's consent).
    if (decision === 'declined') await endRecording(trx, rec.id, 'declined', deps.now());
    await announce(trx, visitId, participantId);
    return true;
  });
  if (!answered) return 'recording_answered';
  await auditVisit(deps, caller.opened, 'visit.recording.consent', NO_META, { recordingId: rec.id, decision });
  return null;
}

/** Ends an active request (cancelled if it never recorded); null when it had already ended. */
async function endRecording(trx: Transaction<Database>, recordingId: string, reason: 'stopped' | 'declined' | 'visit_ended', now: Date) {
  return trx.updateTable('visit_recording')
    .set({ state: sql<string>`CASE WHEN started_at IS NULL THEN 'cancelled' ELSE 'stopped' END`, ended_at: now, end_reason: reason })
    .where('id', '=', recordingId).where('state', 'in', ACTIVE).returning('id').executeTakeFirst();
}

/** The visit ends: so does its recording (in the transaction that ends the visit). */
export async function endRecordingsOfVisit(trx: Transaction<Database>, visitId: string, now: Date): Promise<void> {
  await trx.updateTable('visit_recording')
    .set({ state: sql<string>`CASE WHEN started_at IS NULL THEN 'cancelled' ELSE 'stopped' END`, ended_at: now, end_reason: 'visit_ended' })
    .where('visit_id', '=', visitId).where('state', 'in', ACTIVE).execute();
}

/**
 * The visit's latest recording request as it stands with the people in the call now: starts it
 * once everyone present has accepted, pauses it while someone present has not, resumes it when
 * they have. Called with every roster a node reads; returns what the participants are told.
 */
export async function reconcileRecording(deps: Deps, visitId: string, roster: readonly RosterEntry[]): Promise<RecordingState | null> {
  const rec = await deps.db.selectFrom('visit_recording as r').innerJoin('visit as v', 'v.id', 'r.visit_id')
    .select(['r.id', 'r.state', 'r.requested_by', 'r.started_at', 'r.end_reason', 'r.sha256', 'v.broadcast', 'v.patient_id'])
    .where('r.visit_id', '=', visitId).orderBy('r.created_at', 'desc').limit(1).executeTakeFirst();
  if (!rec) return null;
  const answers = await deps.db.selectFrom('visit_recording_consent').select(['participant_id', 'decision']).where('recording_id', '=', rec.id)
    .orderBy('at').execute();
  const accepted = answers.filter((a) => a.decision === 'accepted').map((a) => a.participant_id);
  const declinedBy = answers.find((a) => a.decision === 'declined')?.participant_id ?? null;
  const answeredIds = new Set(answers.map((a) => a.participant_id));
  const present = consentNeededFrom(roster, rec.broadcast);
  const pending = ACTIVE.includes(rec.state) ? present.filter((id) => !answeredIds.has(id)) : [];

  let state = rec.state as RecordingStateName;
  let startedAt = rec.started_at;
  const next: RecordingStateName = state === 'asking' && pending.length === 0 && present.length > 0 ? 'recording'
    : state === 'recording' && pending.length > 0 ? 'paused'
      : state === 'paused' && pending.length === 0 ? 'recording' : state;
  if (next !== state) {
    const now = deps.now();
    const won = await deps.db.transaction().execute(async (trx) => {
      const row = await trx.updateTable('visit_recording')
        .set({ state: next, started_at: sql<Date>`coalesce(started_at, ${now})` })
        .where('id', '=', rec.id).where('state', '=', state).returning('started_at').executeTakeFirst();
      if (row) await announce(trx, visitId, null);
      return row;
    });
    if (won) {
      const action = state === 'asking' ? 'visit.recording.start' : next === 'paused' ? 'visit.recording.pause' : 'visit.recording.resume';
      await deps.audit.record({ actorUserId: null, actorFacilityId: null, action, outcome: 'success', patientId: rec.patient_id, resourceType: 'visit',
        resourceId: visitId, purpose: 'treatment', ip: null, details: { recordingId: rec.id, present: present.length, waitingFor: pending } });
      state = next;
      startedAt = won.started_at;
    }
    // Otherwise another node made a change first; its announcement brings the state here again.
  }
  return { id: rec.id, state, requestedBy: rec.requested_by, pending, accepted, declinedBy,
    endReason: rec.end_reason as RecordingState['endReason'], startedAt: startedAt ? startedAt.toISOString() : null, stored: rec.sha256 !== null };
}

import type { CareMessageEventMessage } from '@telemed/contracts';
import { sql } from 'kysely';
import type { Deps } from '../../platform/deps.ts';
import { mayReceiveCareMessageEvent, type Principal } from '../../platform/policy.ts';
import type { Feed } from '../../platform/realtime.ts';

/** What the `telemed_care_message` notification carries (migration 0016). */
interface CareMessageNotification {
  id: number;
  threadId: string;
  patientId: string;
  facilityId: string;
  fromPatient: boolean;
  at: string;
}

function toMessage(n: { id: number; threadId: string; fromPatient: boolean; at: string }, replayed: boolean): CareMessageEventMessage {
  return { type: 'event', feed: 'care_message', id: n.id, threadId: n.threadId, fromPatient: n.fromPatient, at: new Date(n.at).toISOString(), replayed };
}

/**
 * New messages of patient × care-team conversations, for the patient and the staff of the
 * facility (ids only: the text is read through the audited API): live from NOTIFY, missed ones
 * from `care_message`.
 */
export function careMessageFeed(deps: Deps): Feed {
  return {
    name: 'care_message',
    channel: 'telemed_care_message',
    parse(payload) {
      const n = JSON.parse(payload) as CareMessageNotification;
      return { id: n.id, isFor: (p: Principal) => mayReceiveCareMessageEvent(p, n), message: JSON.stringify(toMessage(n, false)) };
    },
    async head() {
      const r = await deps.db.selectFrom('care_message').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst();
      return Number(r?.max ?? 0);
    },
    /** The same rule as `mayReceiveCareMessageEvent`, in SQL, over the messages after the cursor. */
    async replay(p: Principal, since: number, limit: number) {
      if (p.state !== 'active') return [];
      const patientId = p.permissions.has('patient.self') ? p.patientId : null;
      const facilityId = p.permissions.has('patient.read') ? p.facilityId : null;
      if (!patientId && !facilityId) return [];
      const { rows } = await sql<{ id: number; thread_id: string; from_patient: boolean; at: Date }>`
        SELECT m.id, m.thread_id, m.from_patient, m.at
          FROM care_message m JOIN care_thread t ON t.id = m.thread_id
         WHERE m.id > ${since} AND (t.patient_id = ${patientId} OR t.facility_id = ${facilityId})
         ORDER BY m.id LIMIT ${limit}`.execute(deps.db);
      return rows.map((r) => ({ id: Number(r.id), message: JSON.stringify(toMessage({ id: Number(r.id), threadId: r.thread_id,
        fromPatient: r.from_patient, at: r.at.toISOString() }, true)) }));
    },
  };
}

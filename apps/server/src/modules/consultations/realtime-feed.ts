import type { ConsultationEventMessage } from '@telemed/contracts';
import { sql } from 'kysely';
import type { Deps } from '../../platform/deps.ts';
import { mayReceiveCaseEvent, type CaseEventFacts, type Principal } from '../../platform/policy.ts';
import type { Feed } from '../../platform/realtime.ts';

/** What the `telemed_case` notification carries (migration 0005). */
interface CaseNotification extends CaseEventFacts {
  id: number;
  consultationId: string;
  action: string;
  at: string;
}

function toMessage(n: { id: number; consultationId: string; action: string; status: string; at: string }, replayed: boolean): ConsultationEventMessage {
  return { type: 'event', feed: 'consultation', id: n.id, consultationId: n.consultationId, action: n.action,
    status: n.status as ConsultationEventMessage['status'], at: new Date(n.at).toISOString(), replayed };
}

/** Case events for the parties to each case: live from NOTIFY, missed ones from `consultation_event`. */
export function consultationFeed(deps: Deps): Feed {
  return {
    name: 'consultation',
    channel: 'telemed_case',
    parse(payload) {
      const n = JSON.parse(payload) as CaseNotification;
      return {
        id: n.id,
        isFor: (p: Principal) => mayReceiveCaseEvent(p, n),
        message: JSON.stringify(toMessage(n, false)),
      };
    },
    async head() {
      const r = await deps.db.selectFrom('consultation_event').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst();
      return Number(r?.max ?? 0);
    },
    /** The same rule as `mayReceiveCaseEvent`, in SQL, over the events after the cursor. */
    async replay(p: Principal, since: number, limit: number) {
      if (p.state !== 'active' || !p.facilityId) return [];
      const requests = p.permissions.has('consultation.request');
      const handles = p.permissions.has('consultation.handle');
      if (!requests && !handles) return [];
      const { rows } = await sql<{ id: string; consultation_id: string; action: string; to_status: string; at: Date }>`
        SELECT e.id, e.consultation_id, e.action, e.to_status, e.at
          FROM consultation_event e JOIN consultation c ON c.id = e.consultation_id
         WHERE e.id > ${since} AND (
               (${requests} AND c.referring_facility_id = ${p.facilityId} AND (e.to_status <> 'draft' OR c.referring_user_id = ${p.userId}))
            OR (${handles} AND e.to_status <> 'draft' AND (
                  c.target_facility_id = ${p.facilityId} OR e.details->>'from' = ${p.facilityId}
               OR EXISTS (SELECT 1 FROM consultation_participant cp WHERE cp.consultation_id = c.id AND cp.user_id = ${p.userId}))))
         ORDER BY e.id LIMIT ${limit}`.execute(deps.db);
      return rows.map((r) => ({ id: Number(r.id), message: JSON.stringify(toMessage({ id: Number(r.id), consultationId: r.consultation_id,
        action: r.action, status: r.to_status, at: r.at.toISOString() }, true)) }));
    },
  };
}

import type { ConsultationQueue, ConsultationStatus } from '@telemed/contracts';
import type { Deps, RequestMeta } from '../../platform/deps.ts';
import { forbidden } from '../../platform/errors.ts';
import type { Principal } from '../../platform/policy.ts';
import { UTC_TEXT_TYPES, utcTextToIso } from '../../platform/utc-text.ts';

/** The requests a hub still has to work on; the same list is the predicate of the queue's partial index (migration 0009). */
export const OPEN_AT_HUB = ['submitted', 'accepted', 'scheduled', 'in_progress'] as const;
const OPEN_SQL = OPEN_AT_HUB.map((s) => `'${s}'`).join(', ');

export type Box = 'incoming' | 'outgoing' | 'mine';

/** `consultation.urgency_rank` as migration 0004 computes it: the queue's first sort key. */
const URGENCY_RANK: Record<string, number> = { emergency: 0, urgent: 1, planned: 2 };

export interface QueueQuery {
  box?: Box;
  status?: ConsultationStatus;
  urgency?: string;
  profile?: string;
  /** The other side's facility: the referring one for the hub's queue and my cases, the consulting one for our requests. */
  facilityId?: string;
  limit: number;
  /** Where the previous page ended (its `nextCursor`). */
  cursor?: string;
}

/** A page's end: the last row's place in the order (urgency rank, queued_at in microseconds, id). */
interface Cursor {
  rank: number;
  queuedMicros: number;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return `${c.rank}.${c.queuedMicros}.${c.id}`;
}

/** The format is checked by the query schema (`QueueCursor`); this only splits it. */
export function decodeCursor(text: string): Cursor {
  const [rank, micros, id] = text.split('.');
  return { rank: Number(rank), queuedMicros: Number(micros), id };
}

interface QueueRow {
  id: string;
  referring_facility_id: string;
  target_facility_id: string;
  profile: string;
  urgency: string;
  mode: string;
  status: string;
  scheduled_at: string | null;
  created_at: string;
  submitted_at: string | null;
  accepted_at: string | null;
  concluded_at: string | null;
  due_at: string | null;
  due_for: string | null;
  escalated: boolean;
  urgency_rank: number;
  queued_us: number;
  patient_name: string;
}

// Only what a queue line shows: the question, the clinical summary and the bookkeeping columns stay
// in the table. `queued_us` is exact (microseconds), so a cursor continues without skipping or repeating.
// Times come as UTC text (UTC_TEXT_TYPES): building 350 Dates per page cost more than the query.
const TIMES = ['scheduled_at', 'created_at', 'submitted_at', 'accepted_at', 'concluded_at', 'due_at'];
const COLUMNS = `c.id, c.referring_facility_id, c.target_facility_id, c.profile, c.urgency, c.mode,
  c.status, ${TIMES.map((t) => `c.${t} AT TIME ZONE 'UTC' AS ${t}`).join(', ')},
  c.due_for, c.escalated_at IS NOT NULL AS escalated, c.urgency_rank,
  (extract(epoch FROM c.queued_at) * 1000000)::int8 AS queued_us, p.family_name || ' ' || p.given_name AS patient_name`;

/**
 * The statement for one shape of request (box, which filters, whether a cursor), with its values.
 * Each shape is a named statement, so PostgreSQL plans it once per connection; every shape reads
 * an index in the list's order (migration 0009) and stops after the page.
 */
export function queueStatement(box: Box, principal: Pick<Principal, 'facilityId' | 'userId'>, query: QueueQuery) {
  const values: unknown[] = [];
  const param = (v: unknown) => `$${values.push(v)}`;
  const where: string[] = [];
  let shape = box;
  if (box === 'incoming') {
    where.push(`c.target_facility_id = ${param(principal.facilityId)}`);
    // Without a status the hub sees its work list: the requests still open.
    where.push(query.status ? `c.status = ${param(query.status)}` : `c.status IN (${OPEN_SQL})`);
    // A draft is its author's alone, whichever hub it names (as on the case and the live feed).
    where.push(`c.status <> 'draft'`);
  } else if (box === 'mine') {
    where.push(`c.status <> 'draft'`,
      `c.id IN (SELECT cp.consultation_id FROM consultation_participant cp WHERE cp.user_id = ${param(principal.userId)})`);
    if (query.status) where.push(`c.status = ${param(query.status)}`);
  } else {
    where.push(`c.referring_facility_id = ${param(principal.facilityId)}`,
      `(c.status <> 'draft' OR c.referring_user_id = ${param(principal.userId)})`);
    if (query.status) where.push(`c.status = ${param(query.status)}`);
  }
  if (query.status) shape += '.status';
  if (query.urgency) {
    // The rank is what the index is ordered by; naming it turns the filter into a range of the index.
    // A plain parameter, not an expression of the urgency's, so the generic plan reads the same range.
    where.push(`c.urgency = ${param(query.urgency)}`, `c.urgency_rank = ${param(URGENCY_RANK[query.urgency] ?? 2)}::int2`);
    shape += '.urgency';
  }
  if (query.profile) {
    where.push(`c.profile = ${param(query.profile)}`);
    shape += '.profile';
  }
  if (query.facilityId) {
    where.push(`c.${box === 'outgoing' ? 'target' : 'referring'}_facility_id = ${param(query.facilityId)}`);
    shape += '.facility';
  }
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  if (after) {
    const at = `(timestamptz 'epoch' + ${param(after.queuedMicros)}::int8 * interval '1 microsecond')`;
    if (box === 'outgoing') {
      const id = param(after.id);
      // Newest first, ties by id: the `<=` is the index range (referrer index), the rest drops the ties already shown.
      where.push(`c.queued_at <= ${at}`, `(c.queued_at < ${at} OR c.id > ${id}::uuid)`);
    } else {
      where.push(`(c.urgency_rank, c.queued_at, c.id) > (${param(after.rank)}::int2, ${at}, ${param(after.id)}::uuid)`);
    }
    shape += '.cursor';
  }
  // The hub works most urgent, then longest waiting, first; a referrer reads newest first.
  const order = box === 'outgoing' ? 'c.queued_at DESC, c.id' : 'c.urgency_rank, c.queued_at, c.id';
  // One row more than the page tells whether there is a next page. The limit is written into the
  // statement (an integer the query schema bounds): with LIMIT $n the planner must guess the page at
  // a tenth of the rows, the generic plan looks dear, and PostgreSQL re-plans every execution.
  const limit = Math.trunc(query.limit) + 1;
  if (!Number.isSafeInteger(limit) || limit < 2) throw new Error('queue page size out of range');
  const text = `SELECT ${COLUMNS} FROM consultation c JOIN patient p ON p.id = c.patient_id
    WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${limit}`;
  return { name: `queue.${shape}.${limit}`, text, values, types: UTC_TEXT_TYPES };
}

type QueueItem = ConsultationQueue['items'][number];

function toItem(r: QueueRow, now: number): QueueItem {
  const createdAt = utcTextToIso(r.created_at);
  const submittedAt = utcTextToIso(r.submitted_at);
  return {
    id: r.id, referringFacilityId: r.referring_facility_id, targetFacilityId: r.target_facility_id, profile: r.profile,
    urgency: r.urgency as QueueItem['urgency'], mode: r.mode as QueueItem['mode'], status: r.status as ConsultationStatus,
    scheduledAt: utcTextToIso(r.scheduled_at), createdAt, submittedAt, acceptedAt: utcTextToIso(r.accepted_at),
    concludedAt: utcTextToIso(r.concluded_at), dueAt: utcTextToIso(r.due_at), dueFor: r.due_for as QueueItem['dueFor'], escalated: r.escalated,
    patientName: r.patient_name,
    waitingMinutes: Math.max(0, Math.floor((now - Date.parse(submittedAt ?? createdAt)) / 60_000)),
  };
}

/**
 * Lists for the two sides: the hub's queue (incoming), the facility's own requests (outgoing), and
 * the cases a consultant was assigned to or joined (mine). Most urgent, then longest waiting, first.
 * A page ends with a cursor when more follow.
 */
export async function listConsultations(deps: Deps, principal: Principal, query: QueueQuery, meta: RequestMeta): Promise<ConsultationQueue> {
  const box = query.box ?? (principal.permissions.has('consultation.handle') ? 'incoming' : 'outgoing');
  const need = box === 'outgoing' ? 'consultation.request' : 'consultation.handle';
  if (!principal.facilityId || !principal.permissions.has(need)) throw forbidden();
  const { rows } = await (deps.queuePool ?? deps.pool).query<QueueRow>(queueStatement(box, principal, query));
  const more = rows.length > query.limit;
  if (more) rows.length = query.limit;
  await deps.audit.record({ actorUserId: principal.userId, actorFacilityId: principal.facilityId, action: 'consultation.queue',
    outcome: 'success', resourceType: 'consultation', purpose: 'consultation', ip: meta.ip, details: { box, results: rows.length } });
  const now = deps.now().getTime();
  const last = rows.at(-1);
  return {
    items: rows.map((r) => toItem(r, now)),
    nextCursor: more && last ? encodeCursor({ rank: last.urgency_rank, queuedMicros: last.queued_us, id: last.id }) : null,
  };
}

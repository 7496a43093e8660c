import type { Transaction } from 'kysely';
import type { Database } from '../../platform/db-types.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import type { AppointmentRow } from './appointments.ts';

/**
 * Gives a booked appointment its video visit, once: the appointment's row is locked, and the
 * visit is made (by the visits module, through `create`, in the same transaction) only if the
 * row holds none yet. Two clicks at once give one visit: the second waits for the lock and then
 * finds the first one's. The caller has already opened the appointment for its user.
 */
export async function holdVisitForAppointment(deps: Deps, appointmentId: string,
  create: (trx: Transaction<Database>, appointment: AppointmentRow) => Promise<string>): Promise<{ visitId: string; created: boolean }> {
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('appointment').selectAll().where('id', '=', appointmentId).forUpdate().executeTakeFirstOrThrow();
    if (row.visit_id) return { visitId: row.visit_id, created: false };
    if (row.status !== 'booked') throw new AppError('appointment_closed', 409);
    const visitId = await create(trx, row);
    await trx.updateTable('appointment').set({ visit_id: visitId, updated_at: deps.now() }).where('id', '=', appointmentId).execute();
    return { visitId, created: true };
  });
}

/**
 * A cancelled appointment ends its video visit in the same transaction: the call channel tells
 * everyone in it (`ended`, as when the clinician ends it) and nobody can join a visit whose booking
 * is gone. A visit already ended is left as it was.
 */
export async function endVisitOfAppointment(trx: Transaction<Database>, visitId: string | null, now: Date): Promise<void> {
  if (!visitId) return;
  const ended = await trx.updateTable('visit').set({ status: 'ended', ended_at: now }).where('id', '=', visitId).where('status', '=', 'open')
    .returning('id').executeTakeFirst();
  if (ended) {
    await trx.insertInto('visit_signal').values({ visit_id: visitId, from_participant: null, to_participant: null, kind: 'ended', payload: '{}' }).execute();
  }
}

/** A rescheduled appointment takes its visit along: the visit belongs to the successor and starts at the new time. */
export async function moveVisitWithAppointment(trx: Transaction<Database>, visitId: string | null, appointmentId: string, startsAt: Date): Promise<void> {
  if (!visitId) return;
  await trx.updateTable('visit').set({ appointment_id: appointmentId, scheduled_at: startsAt }).where('id', '=', visitId).execute();
}

import type { Appointment, AppointmentCreate } from '@telemed/contracts';
import { sql, type Selectable, type Transaction } from 'kysely';
import type { AppointmentTable, Database } from '../../platform/db-types.ts';
import type { Deps, RequestMeta } from '../../platform/deps.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import { mayAccessAppointment, mayBookFor, type Principal } from '../../platform/policy.ts';
import { authorizePatient } from '../patients/access.ts';
import { describeAppointments } from './describe.ts';
import { findBookableSlot } from './free-slots.ts';
import { noticeAppointment } from './notices.ts';
import { endVisitOfAppointment, moveVisitWithAppointment } from './visit-link.ts';

export type AppointmentRow = Selectable<AppointmentTable>;

/** The database refuses an overlapping live appointment; the constraint's name says whose time it was. */
function onOverlap(err: unknown): never {
  const e = err as { code?: string; constraint?: string };
  if (e.code === '23P01') {
    const code = e.constraint === 'appointment_patient_no_overlap' ? 'patient_busy' : 'slot_taken';
    throw new AppError(code, 409, { errors: [{ path: 'body.startsAt', code, message: '' }] });
  }
  throw err;
}

/**
 * Takes the clinician's and then the patient's booking lock for the rest of the transaction.
 * The exclusion constraints alone keep bookings apart, but two transactions inserting into the
 * same slot at once each find the other's row still in progress and wait on each other, which
 * PostgreSQL breaks by aborting one as a deadlock. Queued on these locks, a booking runs only
 * after a rival for the same time committed or rolled back, and then gets a clean 409; every
 * path takes them in the same order, so the locks cannot deadlock either.
 */
async function lockBooking(trx: Transaction<Database>, clinicianId: string, patientId: string): Promise<void> {
  // One statement each: the order is then this code's, not an evaluation order SQL does not promise.
  for (const key of [`appointment.clinician:${clinicianId}`, `appointment.patient:${patientId}`]) {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
  }
}

function audit(deps: Deps, principal: Principal, action: string, row: { id: string; patient_id: string } | null, meta: RequestMeta,
  outcome: 'success' | 'denied' = 'success', patientId?: string | null) {
  return deps.audit.record({ actorUserId: principal.userId, actorFacilityId: principal.facilityId, action, outcome,
    patientId: patientId !== undefined ? patientId : row?.patient_id ?? null, resourceType: 'appointment', resourceId: row?.id ?? null,
    purpose: meta.purpose ?? 'treatment', ip: meta.ip });
}

/**
 * Books a free slot for a patient. The patient books for themself, a referring physician for a
 * patient in their care, a coordinator at their own facility. Returns the appointment, so other
 * modules (video visits) can book through the same rules.
 */
export async function bookAppointment(deps: Deps, principal: Principal, input: AppointmentCreate, meta: RequestMeta): Promise<Appointment> {
  const patientId = input.patientId ?? (principal.permissions.has('patient.self') ? principal.patientId : null);
  if (!patientId) throw new AppError('validation', 422, { errors: [{ path: 'body.patientId', code: 'required', message: '' }] });
  const { decision } = await authorizePatient(deps, principal, patientId, 'read', 'appointment.book.check', meta);
  if (!mayBookFor(principal, decision, input.facilityId)) {
    await audit(deps, principal, 'appointment.book', null, meta, 'denied', patientId);
    throw forbidden();
  }
  const slot = await findBookableSlot(deps.db, deps.now(), input.clinicianId, input.facilityId, new Date(input.startsAt));
  const row = await deps.db.transaction().execute(async (trx) => {
    await lockBooking(trx, input.clinicianId, patientId);
    const created = await trx.insertInto('appointment').values({
      patient_id: patientId, clinician_id: input.clinicianId, facility_id: input.facilityId, profile: slot.profile,
      starts_at: slot.start, ends_at: slot.end, booked_by: principal.userId, reason: input.reason || null, rescheduled_from: null, visit_id: null,
      cancelled_at: null, cancelled_by: null, cancel_reason: null,
    }).returningAll().executeTakeFirstOrThrow().catch(onOverlap);
    // The facility the visit is at takes part in the patient's care while it is booked (its clinician opens the record).
    await trx.insertInto('care_relationship').values({ patient_id: patientId, facility_id: input.facilityId, user_id: null,
      source: 'appointment', source_id: created.id, ends_at: null }).execute();
    return created;
  });
  await audit(deps, principal, 'appointment.book', row, meta);
  await deps.reminders?.schedule(row);
  noticeAppointment(deps, row, 'booked', principal);
  return (await describeAppointments(deps.db, [row]))[0];
}

/**
 * Opens an appointment for one of its parties (patient, clinician, whoever booked it, the
 * facility's coordinators); anyone else gets 404. Every open is audited, granted or not.
 */
export async function openAppointment(deps: Deps, principal: Principal, id: string, action: string, meta: RequestMeta): Promise<AppointmentRow> {
  const row = await deps.db.selectFrom('appointment').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !mayAccessAppointment(principal, { patientId: row.patient_id, clinicianId: row.clinician_id, facilityId: row.facility_id,
    bookedBy: row.booked_by })) {
    await audit(deps, principal, action, row ? { id, patient_id: row.patient_id } : null, meta, 'denied');
    throw notFound();
  }
  await audit(deps, principal, action, row, meta);
  return row;
}

export async function getAppointment(deps: Deps, principal: Principal, id: string, meta: RequestMeta): Promise<Appointment> {
  const row = await openAppointment(deps, principal, id, 'appointment.read', meta);
  return (await describeAppointments(deps.db, [row]))[0];
}

/** Cancels a booked appointment: its reminders go, its parties are told, the facility's care relationship ends. */
export async function cancelAppointment(deps: Deps, principal: Principal, id: string, reason: string | undefined, meta: RequestMeta) {
  await openAppointment(deps, principal, id, 'appointment.cancel', meta);
  const now = deps.now();
  const row = await deps.db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable('appointment').set((eb) => ({ status: 'cancelled', sequence: eb('sequence', '+', 1), cancelled_at: now,
      cancelled_by: principal.userId, cancel_reason: reason || null, updated_at: now }))
      .where('id', '=', id).where('status', '=', 'booked').returningAll().executeTakeFirst();
    if (!updated) throw new AppError('appointment_closed', 409);
    await trx.updateTable('care_relationship').set({ ends_at: now }).where('source', '=', 'appointment').where('source_id', '=', id)
      .where('ends_at', 'is', null).execute();
    await endVisitOfAppointment(trx, updated.visit_id, now);
    return updated;
  });
  await deps.reminders?.cancel(id);
  noticeAppointment(deps, row, 'cancelled', principal);
  return (await describeAppointments(deps.db, [row]))[0];
}

/**
 * Moves an appointment to another free slot of the same clinician, atomically: the new slot is
 * booked and the old one released in one transaction, so a taken slot leaves the old booking as it was.
 * The successor keeps the iCalendar UID with a higher SEQUENCE, so calendars move the event.
 */
export async function rescheduleAppointment(deps: Deps, principal: Principal, id: string, startsAt: string, meta: RequestMeta) {
  const old = await openAppointment(deps, principal, id, 'appointment.reschedule', meta);
  if (old.status !== 'booked') throw new AppError('appointment_closed', 409);
  const slot = await findBookableSlot(deps.db, deps.now(), old.clinician_id, old.facility_id, new Date(startsAt));
  const now = deps.now();
  const row = await deps.db.transaction().execute(async (trx) => {
    await lockBooking(trx, old.clinician_id, old.patient_id);
    const released = await trx.updateTable('appointment').set({ status: 'rescheduled', updated_at: now })
      .where('id', '=', id).where('status', '=', 'booked').returning('id').executeTakeFirst();
    if (!released) throw new AppError('appointment_closed', 409);
    const next = await trx.insertInto('appointment').values({
      ical_uid: old.ical_uid, sequence: old.sequence + 1, patient_id: old.patient_id, clinician_id: old.clinician_id, facility_id: old.facility_id,
      profile: slot.profile, starts_at: slot.start, ends_at: slot.end, booked_by: old.booked_by, reason: old.reason, rescheduled_from: old.id,
      visit_id: old.visit_id, cancelled_at: null, cancelled_by: null, cancel_reason: null,
    }).returningAll().executeTakeFirstOrThrow().catch(onOverlap);
    await trx.updateTable('care_relationship').set({ source_id: next.id }).where('source', '=', 'appointment').where('source_id', '=', id)
      .where('ends_at', 'is', null).execute();
    await moveVisitWithAppointment(trx, next.visit_id, next.id, next.starts_at);
    return next;
  });
  await audit(deps, principal, 'appointment.rescheduled_to', row, meta);
  await deps.reminders?.cancel(id);
  await deps.reminders?.schedule(row);
  noticeAppointment(deps, row, 'rescheduled', principal, old.starts_at);
  return (await describeAppointments(deps.db, [row]))[0];
}

/**
 * The caller's appointments: a patient's own, a clinician's, those a referrer booked, and for a
 * coordinator those at their facility. Upcoming first; audited as one list read.
 */
export async function listAppointments(deps: Deps, principal: Principal, query: { from?: string; includePast: 'true' | 'false'; limit: number },
  meta: RequestMeta) {
  const from = query.from ? new Date(query.from) : query.includePast === 'true' ? new Date(0) : new Date(deps.now().getTime() - 60 * 60_000);
  const rows = await deps.db.selectFrom('appointment').selectAll()
    .where('status', '!=', 'rescheduled').where('ends_at', '>', from)
    .where((eb) => eb.or([
      eb('clinician_id', '=', principal.userId),
      eb('booked_by', '=', principal.userId),
      ...(principal.patientId && principal.permissions.has('patient.self') ? [eb('patient_id', '=', principal.patientId)] : []),
      ...(principal.role === 'coordinator' && principal.facilityId ? [eb('facility_id', '=', principal.facilityId)] : []),
    ]))
    .orderBy('starts_at').orderBy('id').limit(query.limit).execute();
  await deps.audit.record({ actorUserId: principal.userId, actorFacilityId: principal.facilityId, action: 'appointment.list', outcome: 'success',
    resourceType: 'appointment', purpose: meta.purpose ?? 'treatment', ip: meta.ip, details: { results: rows.length } });
  return { items: await describeAppointments(deps.db, rows) };
}

import {
  Appointment, AppointmentCancel, AppointmentCreate, AppointmentList, AppointmentListQuery, AppointmentReschedule, Availability,
  AvailabilityExceptionInput, AvailabilityQuery, AvailabilityRuleInput, ClinicianQuery, FreeSlots, IdParams, SchedulingClinicians, SlotQuery,
} from '@telemed/contracts';
import type { Deps } from '../../platform/deps.ts';
import type { App } from '../../platform/http.ts';
import { principalOf, requestMeta } from '../identity/routes.ts';
import { bookAppointment, cancelAppointment, getAppointment, listAppointments, rescheduleAppointment } from './appointments.ts';
import { addException, addRule, getAvailability, removeAvailability } from './availability.ts';
import { findFreeSlots, listSchedulingClinicians } from './free-slots.ts';
import { appointmentInvite } from './invite.ts';

/** Free times carry no patient data: anyone who books, attends or publishes hours may look. */
const SLOT_READERS = ['appointment.book', 'appointment.manage', 'availability.manage'] as const;

export function registerSchedulingRoutes(app: App, deps: Deps): void {
  const tags = ['scheduling'];
  app.get('/api/availability', {
    schema: { tags, summary: 'A clinician’s weekly hours and exceptions (their own, or at a facility the caller administers)', querystring: AvailabilityQuery,
      response: { 200: Availability } },
    config: { access: 'availability.manage' },
  }, async (request) => getAvailability(deps, principalOf(request), request.query.clinicianId, request.query.facilityId));

  app.post('/api/availability/rules', {
    schema: { tags, summary: 'Add weekly hours (wall-clock time in the facility’s time zone)', body: AvailabilityRuleInput, response: { 201: Availability } },
    config: { access: 'availability.manage' },
  }, async (request, reply) => reply.status(201).send(await addRule(deps, principalOf(request), request.body, requestMeta(request))));

  app.delete('/api/availability/rules/:id', {
    schema: { tags, summary: 'Remove weekly hours (booked appointments stay booked)', params: IdParams, response: { 200: Availability } },
    config: { access: 'availability.manage' },
  }, async (request) => removeAvailability(deps, principalOf(request), 'availability_rule', request.params.id, requestMeta(request)));

  app.post('/api/availability/exceptions', {
    schema: { tags, summary: 'Add time off or extra hours', body: AvailabilityExceptionInput, response: { 201: Availability } },
    config: { access: 'availability.manage' },
  }, async (request, reply) => reply.status(201).send(await addException(deps, principalOf(request), request.body, requestMeta(request))));

  app.delete('/api/availability/exceptions/:id', {
    schema: { tags, summary: 'Remove time off or extra hours', params: IdParams, response: { 200: Availability } },
    config: { access: 'availability.manage' },
  }, async (request) => removeAvailability(deps, principalOf(request), 'availability_exception', request.params.id, requestMeta(request)));

  app.get('/api/scheduling/clinicians', {
    schema: { tags, summary: 'Clinicians who publish hours, by facility or specialty profile', querystring: ClinicianQuery, response: { 200: SchedulingClinicians } },
    config: { access: SLOT_READERS },
  }, async (request) => listSchedulingClinicians(deps, request.query));

  app.get('/api/scheduling/slots', {
    schema: { tags, summary: 'Free slots of a clinician, or of a facility’s clinicians for a profile, over at most 31 days', querystring: SlotQuery,
      response: { 200: FreeSlots } },
    config: { access: SLOT_READERS },
  }, async (request) => findFreeSlots(deps, request.query));

  app.post('/api/appointments', {
    schema: { tags, summary: 'Book a free slot (a patient for themself, a referrer for a patient in their care, a coordinator at their facility)',
      body: AppointmentCreate, response: { 201: Appointment } },
    config: { access: 'appointment.book' },
  }, async (request, reply) => reply.status(201).send(await bookAppointment(deps, principalOf(request), request.body, requestMeta(request))));

  app.get('/api/appointments', {
    schema: { tags, summary: 'My appointments: as patient, clinician, the one who booked, or the facility’s coordinator', querystring: AppointmentListQuery,
      response: { 200: AppointmentList } },
    config: { access: 'appointment.manage' },
  }, async (request) => listAppointments(deps, principalOf(request), request.query, requestMeta(request)));

  app.get('/api/appointments/:id', {
    schema: { tags, summary: 'One appointment (its parties only)', params: IdParams, response: { 200: Appointment } },
    config: { access: 'appointment.manage' },
  }, async (request) => getAppointment(deps, principalOf(request), request.params.id, requestMeta(request)));

  app.post('/api/appointments/:id/cancel', {
    schema: { tags, summary: 'Cancel an appointment; every party is told', params: IdParams, body: AppointmentCancel, response: { 200: Appointment } },
    config: { access: 'appointment.manage' },
  }, async (request) => cancelAppointment(deps, principalOf(request), request.params.id, request.body.reason, requestMeta(request)));

  app.post('/api/appointments/:id/reschedule', {
    schema: { tags, summary: 'Move an appointment to another free slot of the same clinician (atomic); every party is told', params: IdParams,
      body: AppointmentReschedule, response: { 200: Appointment } },
    config: { access: 'appointment.manage' },
  }, async (request) => rescheduleAppointment(deps, principalOf(request), request.params.id, request.body.startsAt, requestMeta(request)));

  app.get('/api/appointments/:id/invite.ics', {
    schema: { tags, summary: 'The iCalendar (RFC 5545) invitation: METHOD REQUEST, or CANCEL once cancelled; stable UID, SEQUENCE rises on each move',
      params: IdParams },
    config: { access: 'appointment.manage' },
  }, async (request, reply) => {
    const { ics } = await appointmentInvite(deps, principalOf(request), request.params.id, requestMeta(request));
    return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, no-store')
      .header('content-disposition', `attachment; filename="appointment-${request.params.id}.ics"`).send(ics);
  });
}

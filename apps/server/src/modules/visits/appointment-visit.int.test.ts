import { test } from 'node:test';
import assert from 'node:assert/strict';
import { as, createTestApp, facilityId, signIn } from '../../test-support/app.ts';
import { cardiologySlots, userId } from '../scheduling/test-support.ts';

const t = await createTestApp();
const rtc = await facilityId(t, 'KZ-AKT-RTC');
const cardiologistId = await userId(t, 'cardiologist@demo.telemed');
const patient = await signIn(t, 'patient@demo.telemed');
const cardiologist = await signIn(t, 'cardiologist@demo.telemed');
const slots = await cardiologySlots(t, patient);

async function book(i: number): Promise<string> {
  const res = await as(t, patient)('POST', '/api/appointments', { clinicianId: cardiologistId, facilityId: rtc, startsAt: slots[i].startsAt });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id;
}

test('both parties open the visit of a booked appointment: one visit, however many clicks at once, linked both ways', async () => {
  const appointmentId = await book(0);
  // The patient and the clinician click "join" at the same moment, several times.
  const answers = await Promise.all([patient, cardiologist, patient, cardiologist, patient, cardiologist]
    .map((s) => as(t, s)('POST', `/api/appointments/${appointmentId}/visit`)));
  for (const a of answers) assert.equal(a.statusCode, 200, a.body);
  const ids = new Set(answers.map((a) => a.json().id));
  assert.equal(ids.size, 1, 'one visit');
  const [visitId] = [...ids];
  const visits = await t.deps.db.selectFrom('visit').select(['id', 'appointment_id', 'patient_id', 'facility_id']).where('appointment_id', '=', appointmentId)
    .execute();
  assert.equal(visits.length, 1);
  assert.equal(visits[0].facility_id, rtc);
  assert.equal((await as(t, patient)('GET', `/api/appointments/${appointmentId}`)).json().visitId, visitId, 'the appointment holds the visit');

  // The clinician is in, the patient waits; each sees their own place.
  const asClinician = answers[1].json();
  assert.equal(asClinician.me.role, 'clinician');
  assert.equal(asClinician.me.canManage, true);
  const asPatient = answers[0].json();
  assert.equal(asPatient.me.role, 'patient');
  assert.equal(asPatient.me.canManage, false);
  assert.deepEqual(asPatient.participants.map((p: { role: string; admitted: boolean }) => [p.role, p.admitted]),
    [['clinician', true], ['patient', false]]);
  // The visit is in both parties' lists.
  for (const s of [patient, cardiologist]) {
    assert.ok((await as(t, s)('GET', '/api/visits')).json().items.some((v: { id: string }) => v.id === visitId));
  }
  await t.deps.audit.settle();
  const created = await t.deps.db.selectFrom('audit_event').select('action').where('resource_id', '=', visitId).where('action', '=', 'visit.create').execute();
  assert.equal(created.length, 1, 'made once, audited once');
});

test('only the patient and the clinician open it; a cancelled appointment gets no visit', async () => {
  const appointmentId = await book(1);
  // The coordinator manages the facility's appointments but does not sit in the visit.
  const coordinator = await signIn(t, 'coordinator@demo.telemed');
  assert.equal((await as(t, coordinator)('GET', `/api/appointments/${appointmentId}`)).statusCode, 200);
  assert.equal((await as(t, coordinator)('POST', `/api/appointments/${appointmentId}/visit`)).statusCode, 403);
  // Strangers to the appointment are told it does not exist.
  for (const email of ['doctor.shalkar@demo.telemed', 'consultant.samarkand@demo.telemed']) {
    const res = await as(t, await signIn(t, email))('POST', `/api/appointments/${appointmentId}/visit`);
    assert.equal(res.statusCode, 404, email);
  }
  const analyst = await signIn(t, 'analyst@demo.telemed');
  assert.equal((await as(t, analyst)('POST', `/api/appointments/${appointmentId}/visit`)).statusCode, 403, 'no visits for analysts');
  assert.equal(await t.deps.db.selectFrom('visit').select('id').where('appointment_id', '=', appointmentId).executeTakeFirst(), undefined);

  assert.equal((await as(t, patient)('POST', `/api/appointments/${appointmentId}/cancel`, {})).statusCode, 200);
  const late = await as(t, cardiologist, 'ru')('POST', `/api/appointments/${appointmentId}/visit`);
  assert.equal(late.statusCode, 409);
  assert.equal(late.json().title, 'Эта запись уже отменена или перенесена.');
});

test('a rescheduled appointment takes its visit along; a cancelled one ends it', async () => {
  const appointmentId = await book(2);
  const visitId = (await as(t, cardiologist)('POST', `/api/appointments/${appointmentId}/visit`)).json().id;
  const moved = await as(t, patient)('POST', `/api/appointments/${appointmentId}/reschedule`, { startsAt: slots[3].startsAt });
  assert.equal(moved.statusCode, 200, moved.body);
  const successor = moved.json().id;
  assert.notEqual(successor, appointmentId);
  const visit = await t.deps.db.selectFrom('visit').select(['appointment_id', 'scheduled_at', 'status']).where('id', '=', visitId).executeTakeFirstOrThrow();
  assert.equal(visit.appointment_id, successor);
  assert.equal(visit.scheduled_at?.toISOString(), new Date(slots[3].startsAt).toISOString());
  assert.equal((await as(t, patient)('POST', `/api/appointments/${successor}/visit`)).json().id, visitId, 'the same visit at the new time');

  assert.equal((await as(t, patient)('POST', `/api/appointments/${successor}/cancel`, {})).statusCode, 200);
  const ended = await as(t, cardiologist)('GET', `/api/visits/${visitId}`);
  assert.equal(ended.json().status, 'ended');
  const signals = await t.deps.db.selectFrom('visit_signal').select('kind').where('visit_id', '=', visitId).where('kind', '=', 'ended').execute();
  assert.equal(signals.length, 1, 'the call channel is told');
});

test('a patient account made after the visit joins it, waiting to be admitted', async () => {
  const appointmentId = await book(4);
  const visitId = (await as(t, cardiologist)('POST', `/api/appointments/${appointmentId}/visit`)).json().id;
  // As if the patient's account had been made after the visit: it is not among the participants.
  await t.deps.db.deleteFrom('visit_participant').where('visit_id', '=', visitId).where('role', '=', 'patient').execute();
  assert.equal((await as(t, patient)('GET', `/api/visits/${visitId}`)).statusCode, 404);
  const opened = await as(t, patient)('POST', `/api/appointments/${appointmentId}/visit`);
  assert.equal(opened.statusCode, 200, opened.body);
  assert.equal(opened.json().id, visitId);
  assert.equal(opened.json().me.role, 'patient');
  assert.deepEqual(opened.json().participants.map((p: { role: string; admitted: boolean }) => [p.role, p.admitted]),
    [['clinician', true], ['patient', false]]);
});

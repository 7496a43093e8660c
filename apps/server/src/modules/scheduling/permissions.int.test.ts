import { test } from 'node:test';
import assert from 'node:assert/strict';
import { as, createTestApp, facilityId, patientIdByName, signIn } from '../../test-support/app.ts';
import { cardiologySlots, userId } from './test-support.ts';

const t = await createTestApp();
const rtc = await facilityId(t, 'KZ-AKT-RTC');
const nsmc = await facilityId(t, 'KZ-NSMC');
const cardiologistId = await userId(t, 'cardiologist@demo.telemed');
const rule = (over: Record<string, unknown> = {}) => ({ clinicianId: cardiologistId, facilityId: rtc, profile: 'cardiology', weekday: 6,
  startTime: '10:00', endTime: '12:00', slotMinutes: 20, validFrom: '2026-01-01', ...over });

test('hours that end before they start are refused with that reason in the user’s language', async () => {
  const cardiologist = await signIn(t, 'cardiologist@demo.telemed'); // language ru
  const res = await as(t, cardiologist)('POST', '/api/availability/rules', rule({ startTime: '14:00', endTime: '09:00', validTo: '2025-01-01' }));
  assert.equal(res.statusCode, 400);
  assert.deepEqual(res.json().errors.map((e: { path: string; code: string; message: string }) => [e.path, e.code, e.message]), [
    ['body.endTime', 'end_before_start', 'Должно быть позже начала.'],
    ['body.validTo', 'date_before_start', 'Не может быть раньше даты начала.'],
  ]);
});

test('a clinician manages their own hours where they work; not another’s, not at a facility they are not acting for', async () => {
  const cardiologist = await signIn(t, 'cardiologist@demo.telemed');
  const added = await as(t, cardiologist)('POST', '/api/availability/rules', rule());
  assert.equal(added.statusCode, 201, added.body);
  assert.ok(added.json().rules.some((r: { weekday: number; startTime: string }) => r.weekday === 6 && r.startTime === '10:00'));
  const offered = await as(t, cardiologist, 'en')('POST', '/api/availability/rules', rule({ profile: 'psychiatry' }));
  assert.equal(offered.statusCode, 422, 'the facility does not offer the profile');
  assert.equal(offered.json().errors[0].path, 'body.profile');
  const otherClinician = await userId(t, 'consultant.samarkand@demo.telemed');
  assert.equal((await as(t, cardiologist)('POST', '/api/availability/rules', rule({ clinicianId: otherClinician }))).statusCode, 403);
  // Active at the regional centre: the national centre's hours are changed while acting there.
  assert.equal((await as(t, cardiologist)('POST', '/api/availability/rules', rule({ facilityId: nsmc }))).statusCode, 403);
  const off = await as(t, cardiologist)('POST', '/api/availability/exceptions', { clinicianId: cardiologistId, facilityId: rtc, kind: 'off',
    localStart: '2027-01-04T00:00', localEnd: '2027-01-09T00:00', note: 'Conference' });
  assert.equal(off.statusCode, 201, off.body);
  const removed = await as(t, cardiologist)('DELETE', `/api/availability/rules/${added.json().rules.find((r: { weekday: number }) => r.weekday === 6).id}`);
  assert.equal(removed.statusCode, 200);
});

test('a facility administrator manages hours at their facility only; a coordinator or a referrer cannot', async () => {
  const admin = await signIn(t, 'facility.admin@demo.telemed');
  assert.equal((await as(t, admin)('POST', '/api/availability/rules', rule({ weekday: 7 }))).statusCode, 201);
  assert.equal((await as(t, admin)('POST', '/api/availability/rules', rule({ facilityId: nsmc }))).statusCode, 403);
  assert.equal((await as(t, admin)('GET', `/api/availability?clinicianId=${cardiologistId}`)).statusCode, 200);
  for (const email of ['coordinator@demo.telemed', 'doctor.shalkar@demo.telemed']) {
    const s = await signIn(t, email);
    assert.equal((await as(t, s)('POST', '/api/availability/rules', rule())).statusCode, 403, email);
  }
});

test('who books for whom: the patient for themself only; a referrer for patients in their care; a coordinator at their own facility', async () => {
  const patient = await signIn(t, 'patient@demo.telemed');
  const slots = await cardiologySlots(t, patient);
  const book = (s: Awaited<ReturnType<typeof signIn>>, patientId: string | undefined, i: number) =>
    as(t, s)('POST', '/api/appointments', { ...(patientId ? { patientId } : {}), clinicianId: cardiologistId, facilityId: rtc, startsAt: slots[i].startsAt });
  const ivanov = await patientIdByName(t, 'Иванов');
  const ospanova = await patientIdByName(t, 'Оспанова');
  assert.equal((await book(patient, ivanov, 0)).statusCode, 403, 'another patient');
  const irgiz = await signIn(t, 'doctor.irgiz@demo.telemed');
  assert.equal((await book(irgiz, ivanov, 0)).statusCode, 403, 'not in the Irgiz doctor’s care');
  assert.equal((await book(irgiz, ospanova, 0)).statusCode, 201, 'registered at Irgiz');
  const samarkand = await signIn(t, 'consultant.samarkand@demo.telemed');
  assert.equal((await book(samarkand, ivanov, 1)).statusCode, 403, 'a consultant does not book');
  const coordinator = await signIn(t, 'coordinator@demo.telemed');
  assert.equal((await book(coordinator, ivanov, 1)).statusCode, 403, 'not in the regional centre’s care yet');
  await t.deps.db.insertInto('care_relationship').values({ patient_id: ivanov, facility_id: rtc, user_id: null, source: 'consultation',
    source_id: null, ends_at: null }).execute();
  assert.equal((await book(coordinator, ivanov, 1)).statusCode, 201, 'in care, at the coordinator’s facility');
  const nurse = await signIn(t, 'nurse.shalkar@demo.telemed');
  assert.equal((await book(nurse, ivanov, 2)).statusCode, 403);
  const analyst = await signIn(t, 'analyst@demo.telemed');
  assert.equal((await as(t, analyst)('GET', '/api/appointments')).statusCode, 403, 'no patient data for analysts');
  assert.equal((await as(t, analyst)('GET', `/api/scheduling/slots?clinicianId=${cardiologistId}&from=2026-01-05&to=2026-01-06`)).statusCode, 403);
});

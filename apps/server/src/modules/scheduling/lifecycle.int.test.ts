import { test } from 'node:test';
import assert from 'node:assert/strict';
import { as, createTestApp, facilityId, signIn } from '../../test-support/app.ts';
import { cardiologySlots, eventually, userId } from './test-support.ts';

const t = await createTestApp();
const rtc = await facilityId(t, 'KZ-AKT-RTC');
const cardiologistId = await userId(t, 'cardiologist@demo.telemed');
const unfold = (ics: string) => ics.replace(/\r\n /g, '').split('\r\n');
const prop = (ics: string, name: string) => unfold(ics).find((l) => l.startsWith(`${name}:`))?.slice(name.length + 1);
const sentTo = (email: string, pattern: RegExp) => () => t.notifier.sent.some((m) => m.to === email && m.kind === 'appointment' && pattern.test(m.body));

test('the patient books, the doctor moves it, the patient cancels: each party is told, the .ics follows', async () => {
  const patient = await signIn(t, 'patient@demo.telemed');
  const [first, second] = await cardiologySlots(t, patient);
  const booked = await as(t, patient)('POST', '/api/appointments', { clinicianId: cardiologistId, facilityId: rtc, startsAt: first.startsAt });
  assert.equal(booked.statusCode, 201, booked.body);
  const a = booked.json();
  assert.equal(a.status, 'booked');
  assert.equal(a.timeZone, 'Asia/Aqtobe');
  assert.equal(a.patientName, 'Бекмұхамедов Серік');
  // The cardiologist reads Russian; the patient, who acted, is not told of their own booking.
  await eventually(sentTo('cardiologist@demo.telemed', /^Записан видеоприём на .*\(Актобе, UTC\+5\)/), 'booking notice to the doctor');
  assert.ok(!t.notifier.sent.some((m) => m.to === 'patient@demo.telemed'));
  assert.ok(t.notifier.sent.every((m) => !m.body.includes('Бекмұхамедов')), 'no patient data leaves the platform');

  const invite = await as(t, patient)('GET', `/api/appointments/${a.id}/invite.ics`);
  assert.equal(invite.statusCode, 200);
  assert.match(invite.headers['content-type'] as string, /^text\/calendar/);
  assert.equal(prop(invite.body, 'METHOD'), 'REQUEST');
  assert.equal(prop(invite.body, 'SEQUENCE'), '0');
  assert.equal(prop(invite.body, 'DTSTART'), first.startsAt.replace(/[-:]/g, '').replace('.000', ''));
  assert.equal(prop(invite.body, 'SUMMARY'), 'Бейнеқабылдау — Марат Қасымов', 'the patient’s copy names the doctor, in Kazakh');
  const uid = prop(invite.body, 'UID');

  const cardiologist = await signIn(t, 'cardiologist@demo.telemed');
  const mine = (await as(t, cardiologist)('GET', '/api/appointments')).json().items;
  assert.ok(mine.some((x: { id: string }) => x.id === a.id), 'the doctor sees it in their list');
  const doctorsCopy = (await as(t, cardiologist)('GET', `/api/appointments/${a.id}/invite.ics`)).body;
  assert.equal(prop(doctorsCopy, 'SUMMARY'), 'Видеоприём — Бекмұхамедов Серік');

  const moved = await as(t, cardiologist)('POST', `/api/appointments/${a.id}/reschedule`, { startsAt: second.startsAt });
  assert.equal(moved.statusCode, 200, moved.body);
  const b = moved.json();
  assert.notEqual(b.id, a.id);
  assert.equal(b.rescheduledFrom, a.id);
  assert.equal(b.startsAt, second.startsAt);
  assert.equal((await as(t, patient)('GET', `/api/appointments/${a.id}`)).json().status, 'rescheduled');
  await eventually(sentTo('patient@demo.telemed', /бейнеқабылдауы .* уақытына ауыстырылды/), 'move notice to the patient');
  const freeNow = await cardiologySlots(t, patient);
  assert.ok(freeNow.some((s) => s.startsAt === first.startsAt), 'the old slot is free again');
  assert.ok(!freeNow.some((s) => s.startsAt === second.startsAt));

  const movedInvite = (await as(t, patient)('GET', `/api/appointments/${b.id}/invite.ics`)).body;
  assert.equal(prop(movedInvite, 'UID'), uid, 'the same event for the calendar');
  assert.equal(prop(movedInvite, 'SEQUENCE'), '1');
  assert.equal(prop(movedInvite, 'DTSTART'), second.startsAt.replace(/[-:]/g, '').replace('.000', ''));
  assert.equal((await as(t, patient)('GET', `/api/appointments/${a.id}/invite.ics`)).body.includes('SEQUENCE:1'), true, 'the old link gives the current one');

  const cancelled = await as(t, patient)('POST', `/api/appointments/${b.id}/cancel`, { reason: 'Feeling better' });
  assert.equal(cancelled.json().status, 'cancelled');
  await eventually(sentTo('cardiologist@demo.telemed', /^Видеоприём .* отменён/), 'cancel notice to the doctor');
  const cancelInvite = (await as(t, patient)('GET', `/api/appointments/${b.id}/invite.ics`)).body;
  assert.equal(prop(cancelInvite, 'METHOD'), 'CANCEL');
  assert.equal(prop(cancelInvite, 'STATUS'), 'CANCELLED');
  assert.equal(prop(cancelInvite, 'SEQUENCE'), '2');
  assert.equal(prop(cancelInvite, 'UID'), uid);
  const again = await as(t, patient)('POST', `/api/appointments/${b.id}/cancel`, {});
  assert.equal(again.statusCode, 409);
  assert.equal(again.json().title, 'Бұл жазылу тоқтатылған немесе ауыстырылған.', 'in the patient’s own language');
  const care = await t.deps.db.selectFrom('care_relationship').select('ends_at').where('source', '=', 'appointment').where('source_id', '=', b.id)
    .executeTakeFirstOrThrow();
  assert.ok(care.ends_at, 'the facility’s part in the patient’s care ends with the cancellation');
});

test('moving onto a taken slot changes nothing: the old booking stays', async () => {
  const patient = await signIn(t, 'patient@demo.telemed');
  const doctor = await signIn(t, 'doctor.shalkar@demo.telemed');
  const [mine, theirs] = await cardiologySlots(t, patient);
  const a = (await as(t, patient)('POST', '/api/appointments', { clinicianId: cardiologistId, facilityId: rtc, startsAt: mine.startsAt })).json();
  const ivanov = (await t.deps.db.selectFrom('patient').select('id').where('family_name', '=', 'Иванов').executeTakeFirstOrThrow()).id;
  const other = await as(t, doctor)('POST', '/api/appointments', { patientId: ivanov, clinicianId: cardiologistId, facilityId: rtc, startsAt: theirs.startsAt });
  assert.equal(other.statusCode, 201, other.body);
  const move = await as(t, patient)('POST', `/api/appointments/${a.id}/reschedule`, { startsAt: theirs.startsAt });
  assert.equal(move.statusCode, 409);
  const still = (await as(t, patient)('GET', `/api/appointments/${a.id}`)).json();
  assert.equal(still.status, 'booked');
  assert.equal(still.startsAt, mine.startsAt);
  const successors = await t.deps.db.selectFrom('appointment').select('id').where('rescheduled_from', '=', a.id).execute();
  assert.equal(successors.length, 0);
});

test('every read of an appointment is audited, and an outsider is told it does not exist', async () => {
  const patient = await signIn(t, 'patient@demo.telemed');
  const [slot] = await cardiologySlots(t, patient);
  const a = (await as(t, patient)('POST', '/api/appointments', { clinicianId: cardiologistId, facilityId: rtc, startsAt: slot.startsAt })).json();
  const outsider = await signIn(t, 'doctor.irgiz@demo.telemed');
  assert.equal((await as(t, outsider)('GET', `/api/appointments/${a.id}`)).statusCode, 404);
  assert.equal((await as(t, outsider)('GET', `/api/appointments/${a.id}/invite.ics`)).statusCode, 404);
  assert.equal((await as(t, outsider)('POST', `/api/appointments/${a.id}/cancel`, {})).statusCode, 404);
  const coordinator = await signIn(t, 'coordinator@demo.telemed');
  assert.equal((await as(t, coordinator)('GET', `/api/appointments/${a.id}`)).statusCode, 200, 'the facility’s coordinator');
  await t.deps.audit.settle();
  const events = await t.deps.db.selectFrom('audit_event').select(['action', 'outcome', 'patient_id']).where('resource_id', '=', a.id)
    .orderBy('seq').execute();
  assert.deepEqual(events.map((e) => `${e.action}:${e.outcome}`),
    ['appointment.book:success', 'appointment.read:denied', 'appointment.invite:denied', 'appointment.cancel:denied', 'appointment.read:success']);
  assert.ok(events.every((e) => e.patient_id === a.patientId));
});

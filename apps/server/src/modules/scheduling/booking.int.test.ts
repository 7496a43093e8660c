import { test } from 'node:test';
import assert from 'node:assert/strict';
import { as, createTestApp, facilityId, patientIdByName, signIn } from '../../test-support/app.ts';
import { cardiologySlots, eventually, userId } from './test-support.ts';

const t = await createTestApp();
const rtc = await facilityId(t, 'KZ-AKT-RTC');
const shalkar = await facilityId(t, 'KZ-AKT-SHALKAR');
const cardiologistId = await userId(t, 'cardiologist@demo.telemed');

async function addShalkarPatient(familyName: string): Promise<string> {
  return (await t.deps.db.insertInto('patient').values({ family_name: familyName, given_name: 'Тест', birth_date: '1980-01-01', sex: 'male',
    preferred_language: 'kk', home_facility_id: shalkar, name_key: familyName.toLowerCase(), middle_name: null, family_name_latin: null,
    given_name_latin: null, national_id_type: null, national_id: null, phone: null, email: null, address: null, created_by: null })
    .returning('id').executeTakeFirstOrThrow()).id;
}

test('a hundred people book the same slot at once: exactly one wins, the other 99 get 409 problem+json in their language', async () => {
  const doctor = await signIn(t, 'doctor.shalkar@demo.telemed');
  const [slot] = await cardiologySlots(t, doctor);
  const patients = await Promise.all(Array.from({ length: 100 }, (_, i) => addShalkarPatient(`Гонка${i}`)));
  const answers = await Promise.all(patients.map((patientId) => as(t, doctor)('POST', '/api/appointments',
    { patientId, clinicianId: cardiologistId, facilityId: rtc, startsAt: slot.startsAt, reason: 'Follow-up after discharge' })));
  const codes = answers.map((a) => a.statusCode).sort();
  const unexpected = [...new Set(answers.filter((a) => a.statusCode !== 201 && a.statusCode !== 409).map((a) => `${a.statusCode} ${a.body}`))];
  assert.deepEqual(codes, [201, ...Array(99).fill(409)], unexpected.join('\n'));
  for (const lost of answers.filter((a) => a.statusCode === 409)) {
    assert.match(lost.headers['content-type'] as string, /^application\/problem\+json/);
    assert.equal(lost.json().type, 'https://telemed.network/problems/slot-taken');
    // The referring doctor reads Kazakh.
    assert.equal(lost.json().title, 'Бұл уақытты жаңа ғана біреу алып қойды. Басқа бос уақытты таңдаңыз.');
  }
  const live = await t.deps.db.selectFrom('appointment').select('id').where('clinician_id', '=', cardiologistId)
    .where('starts_at', '=', new Date(slot.startsAt)).where('status', '=', 'booked').execute();
  assert.equal(live.length, 1);
  assert.ok(!(await cardiologySlots(t, doctor)).some((s) => s.startsAt === slot.startsAt), 'the slot is no longer free');
});

test('a patient cannot be in two visits at once, even with two doctors', async () => {
  const second = (await t.deps.db.insertInto('app_user').values({ email: 'cardiologist2@demo.telemed', display_name: 'Второй Кардиолог', language: 'en',
    password_hash: 'x', patient_id: null }).returning('id').executeTakeFirstOrThrow()).id;
  await t.deps.db.insertInto('membership').values({ user_id: second, facility_id: rtc, role: 'consultant' }).execute();
  await t.deps.db.insertInto('availability_rule').values([1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ clinician_id: second, facility_id: rtc,
    profile: 'cardiology', weekday, start_time: '09:00', end_time: '13:00', slot_minutes: 30, valid_from: '2025-01-01', valid_to: null, created_by: second }))).execute();
  const doctor = await signIn(t, 'doctor.shalkar@demo.telemed');
  const patientId = await addShalkarPatient('Двойной');
  const slot = (await cardiologySlots(t, doctor))[1];
  const first = await as(t, doctor)('POST', '/api/appointments', { patientId, clinicianId: cardiologistId, facilityId: rtc, startsAt: slot.startsAt });
  assert.equal(first.statusCode, 201, first.body);
  const clash = await as(t, doctor, 'en')('POST', '/api/appointments', { patientId, clinicianId: second, facilityId: rtc, startsAt: slot.startsAt });
  assert.equal(clash.statusCode, 409);
  assert.equal(clash.json().type, 'https://telemed.network/problems/patient-busy');
});

test('a time that is not one of the doctor’s slots is refused, and so is the past', async () => {
  const doctor = await signIn(t, 'doctor.shalkar@demo.telemed');
  const patientId = await patientIdByName(t, 'Иванов');
  const [slot] = await cardiologySlots(t, doctor);
  const offGrid = new Date(new Date(slot.startsAt).getTime() + 7 * 60_000).toISOString();
  for (const startsAt of [offGrid, '2020-01-06T04:00:00Z']) {
    const res = await as(t, doctor, 'ru')('POST', '/api/appointments', { patientId, clinicianId: cardiologistId, facilityId: rtc, startsAt });
    assert.equal(res.statusCode, 422);
    assert.equal(res.json().errors[0].path, 'body.startsAt');
  }
  const tooLong = await as(t, doctor)('GET', `/api/scheduling/slots?clinicianId=${cardiologistId}&from=2026-01-01&to=2026-03-01`);
  assert.equal(tooLong.statusCode, 400);
});

test('slots by facility and profile show the facility’s time zone; every slot lies within the doctor’s local hours', async () => {
  const doctor = await signIn(t, 'doctor.shalkar@demo.telemed');
  const today = new Date().toISOString().slice(0, 10);
  const res = await as(t, doctor)('GET', `/api/scheduling/slots?facilityId=${rtc}&profile=cardiology&from=${today}&to=${today.slice(0, 8)}28`);
  assert.equal(res.statusCode, 200, res.body);
  const items = res.json().items as { startsAt: string; timeZone: string; clinicianId: string }[];
  assert.ok(items.length > 0);
  for (const s of items) {
    assert.equal(s.timeZone, 'Asia/Aqtobe');
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Aqtobe', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(s.startsAt));
    assert.ok(local >= '09:00' && local <= '12:30', `${local} within 09:00–13:00`);
  }
  const clinicians = (await as(t, doctor)('GET', '/api/scheduling/clinicians?profile=cardiology')).json().items;
  assert.ok(clinicians.some((c: { clinicianId: string; facilityId: string }) => c.clinicianId === cardiologistId && c.facilityId === rtc));
});

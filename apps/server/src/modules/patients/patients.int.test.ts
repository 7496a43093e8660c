import { test } from 'node:test';
import assert from 'node:assert/strict';
import { as, createTestApp, facilityId, patientIdByName, signIn } from '../../test-support/app.ts';
import { iinCheckDigit } from './national-id.ts';

const t = await createTestApp();
const shalkar = await facilityId(t, 'KZ-AKT-SHALKAR');

function validIin(prefix10: string): string {
  for (let d = 0; d < 10; d++) {
    const check = iinCheckDigit(`${prefix10}${d}`);
    if (check !== null) return `${prefix10}${d}${check}`;
  }
  throw new Error('no valid IIN');
}

const newPatient = (over: Record<string, unknown> = {}) => ({
  familyName: 'Сейтқали', givenName: 'Дәурен', birthDate: '1987-02-15', sex: 'male', preferredLanguage: 'kk',
  homeFacilityId: shalkar, nationalIdType: 'KZ-IIN', nationalId: validIin('8702153000'), ...over,
});

test('a wrong IIN check digit is refused with a clear message in the user’s language', async () => {
  const s = await signIn(t, 'nurse.shalkar@demo.telemed'); // language kk
  const good = newPatient().nationalId as string;
  const bad = good.slice(0, 11) + String((Number(good[11]) + 1) % 10);
  const res = await as(t, s)('POST', '/api/patients', newPatient({ nationalId: bad }));
  assert.equal(res.statusCode, 422);
  const body = res.json();
  assert.equal(body.type, 'https://telemed.network/problems/national-id-checksum');
  assert.equal(body.errors[0].path, 'body.nationalId');
  assert.match(body.errors[0].message, /бақылау саны қате/);
});

test('a mistyped IIN is named in the same answer as the empty fields, not in a second round', async () => {
  const s = await signIn(t, 'nurse.shalkar@demo.telemed');
  const good = newPatient().nationalId as string;
  const bad = good.slice(0, 11) + String((Number(good[11]) + 1) % 10);
  const res = await as(t, s)('POST', '/api/patients', newPatient({ nationalId: bad, familyName: '', sex: '' }));
  assert.equal(res.statusCode, 400);
  const errors = res.json().errors.map((e: { path: string; code: string }) => `${e.path}:${e.code}`);
  assert.deepEqual(errors.sort(), ['body.familyName:required', 'body.nationalId:national_id_checksum', 'body.sex:required']);
  const short = await as(t, s)('PUT', `/api/patients/${await patientIdByName(t, 'Иванов')}`, newPatient({ nationalId: '123', givenName: '' }));
  assert.deepEqual(short.json().errors.map((e: { path: string; code: string }) => `${e.path}:${e.code}`).sort(),
    ['body.givenName:required', 'body.nationalId:national_id_format']);
});

test('a birth date in the future, or more than 130 years ago, is refused beside the field in the user’s language', async () => {
  const s = await signIn(t, 'nurse.shalkar@demo.telemed'); // language kk
  const nextYear = `${new Date().getUTCFullYear() + 1}-01-01`;
  for (const birthDate of [nextYear, '1850-06-01']) {
    const res = await as(t, s)('POST', '/api/patients', newPatient({ birthDate, nationalIdType: undefined, nationalId: undefined }));
    assert.equal(res.statusCode, 400, birthDate);
    assert.deepEqual(res.json().errors.map((e: { path: string; code: string; message: string }) => [e.path, e.code, e.message]),
      [['body.birthDate', 'birth_date_impossible', 'Туған күнін тексеріңіз: ол болашақта немесе 130 жылдан бұрын бола алмайды.']]);
  }
  const malformed = await as(t, s)('POST', '/api/patients', newPatient({ birthDate: '2020-13-45', nationalIdType: undefined, nationalId: undefined }));
  assert.deepEqual(malformed.json().errors.map((e: { code: string }) => e.code), ['invalid_format'], 'one error for a date that is not a date');
});

test('an IIN that contradicts the birth date is refused', async () => {
  const s = await signIn(t, 'nurse.shalkar@demo.telemed');
  const res = await as(t, s)('POST', '/api/patients', newPatient({ birthDate: '1987-02-16' }));
  assert.equal(res.json().type, 'https://telemed.network/problems/national-id-mismatch');
});

test('registration, then a likely duplicate in another spelling is shown before a second record is made', async () => {
  const s = await signIn(t, 'nurse.shalkar@demo.telemed');
  const created = await as(t, s)('POST', '/api/patients', newPatient());
  assert.equal(created.statusCode, 201);
  const again = newPatient({ familyName: 'Seitkali', givenName: 'Dauren', nationalIdType: undefined, nationalId: undefined });
  const dup = await as(t, s)('POST', '/api/patients', again);
  assert.equal(dup.statusCode, 409);
  assert.deepEqual(dup.json().candidates.map((c: { id: string }) => c.id), [created.json().id]);
  const forced = await as(t, s)('POST', '/api/patients', { ...again, confirmNotDuplicate: true });
  assert.equal(forced.statusCode, 201);
  const sameId = await as(t, s)('POST', '/api/patients', newPatient({ familyName: 'Другой', confirmNotDuplicate: true }));
  assert.equal(sameId.json().type, 'https://telemed.network/problems/national-id-taken');
});

test('a likely duplicate registered at another facility is only counted: its name, birth date and identifier are not shown', async () => {
  const ivanov = await t.deps.db.selectFrom('patient').select(['id', 'family_name', 'given_name', 'birth_date', 'national_id'])
    .where('family_name', '=', 'Иванов').executeTakeFirstOrThrow();
  const irgiz = await facilityId(t, 'KZ-AKT-IRGIZ');
  const s = await signIn(t, 'doctor.irgiz@demo.telemed');
  // One letter of each name and the birth date: enough to match, so nothing about the match may come back.
  const res = await as(t, s)('POST', '/api/patients', newPatient({ familyName: ivanov.family_name.slice(0, 1), givenName: ivanov.given_name.slice(0, 1),
    birthDate: ivanov.birth_date, homeFacilityId: irgiz, nationalIdType: undefined, nationalId: undefined }));
  assert.equal(res.statusCode, 409);
  assert.deepEqual(res.json().candidates, []);
  assert.ok(res.json().elsewhere >= 1);
  for (const secret of [ivanov.id, ivanov.family_name, ivanov.national_id ?? ivanov.id]) assert.ok(!res.body.includes(secret), 'nothing of the match is told');
  // At the patient's own hospital the same check names them.
  const own = await as(t, await signIn(t, 'doctor.shalkar@demo.telemed'))('POST', '/api/patients', newPatient({ familyName: ivanov.family_name,
    givenName: ivanov.given_name, birthDate: ivanov.birth_date, nationalIdType: undefined, nationalId: undefined }));
  assert.ok(own.json().candidates.some((c: { id: string }) => c.id === ivanov.id));
});

test('search finds a patient by Cyrillic or Latin spelling, and by identifier', async () => {
  const s = await signIn(t, 'doctor.shalkar@demo.telemed');
  const search = async (q: string) =>
    (await as(t, s)('GET', `/api/patients?q=${encodeURIComponent(q)}`)).json().items.map((p: { familyName: string }) => p.familyName);
  assert.deepEqual(await search('Bekmuhamedov'), ['Бекмұхамедов']);
  assert.deepEqual(await search('бекмухамедов серик'), ['Бекмұхамедов']);
  assert.deepEqual(await search('Zhumagaliyeva'), ['Жұмағалиева']);
  assert.deepEqual(await search('Nursultan'), ['Қайратұлы']);
  const row = await t.deps.db.selectFrom('patient').select('national_id').where('family_name', '=', 'Иванов').executeTakeFirstOrThrow();
  assert.deepEqual(await search(row.national_id!), ['Иванов']);
  assert.deepEqual(await search('Ospanova'), [], 'a patient of Irgiz is not in Shalkar’s search');
});

test('a referring physician cannot open a patient of another facility; the attempt is audited', async () => {
  const s = await signIn(t, 'doctor.shalkar@demo.telemed');
  const irgizPatient = await patientIdByName(t, 'Оспанова');
  const res = await as(t, s, 'ru')('GET', `/api/patients/${irgizPatient}`);
  assert.equal(res.statusCode, 403);
  assert.equal(res.json().breakGlassAvailable, true);
  assert.doesNotMatch(res.body, /Оспанова/);
  await t.deps.audit.settle();
  const rows = await t.deps.db.selectFrom('audit_event').selectAll().where('patient_id', '=', irgizPatient).where('outcome', '=', 'denied').execute();
  assert.equal(rows.length, 1);
  assert.equal(rows[0].flagged, true);
});

test('break-glass needs a written reason, opens the record for a limited time, and is flagged', async () => {
  const s = await signIn(t, 'doctor.shalkar@demo.telemed');
  const id = await patientIdByName(t, 'Тұрсынов');
  assert.equal((await as(t, s)('POST', `/api/patients/${id}/break-glass`, { reason: 'urgent' })).statusCode, 400);
  const grant = await as(t, s)('POST', `/api/patients/${id}/break-glass`, { reason: 'Unconscious on arrival, no records available here' });
  assert.equal(grant.statusCode, 201);
  assert.equal((await as(t, s)('GET', `/api/patients/${id}`)).json().familyName, 'Тұрсынов');
  await t.deps.audit.settle();
  const read = await t.deps.db.selectFrom('audit_event').selectAll().where('patient_id', '=', id).where('action', '=', 'patient.read').executeTakeFirstOrThrow();
  assert.equal(read.flagged, true);
  t.clock.advance(61 * 60_000);
  const fresh = await signIn(t, 'doctor.shalkar@demo.telemed');
  assert.equal((await as(t, fresh)('GET', `/api/patients/${id}`)).statusCode, 403, 'the grant expires');
  const nurse = await signIn(t, 'nurse.shalkar@demo.telemed');
  assert.equal((await as(t, nurse)('POST', `/api/patients/${id}/break-glass`, { reason: 'Unconscious on arrival, no records' })).statusCode, 403);
});

test('a consultant sees a patient of another facility once their facility takes part in the care', async () => {
  const s = await signIn(t, 'cardiologist@demo.telemed');
  await as(t, s)('POST', '/api/auth/facility', { facilityId: await facilityId(t, 'KZ-AKT-RTC') });
  const id = await patientIdByName(t, 'Иванов');
  assert.equal((await as(t, s)('GET', `/api/patients/${id}`)).statusCode, 403);
  await t.deps.db.insertInto('care_relationship').values({ patient_id: id, facility_id: await facilityId(t, 'KZ-AKT-RTC'), user_id: null,
    source: 'consultation', source_id: null, ends_at: null }).execute();
  assert.equal((await as(t, s)('GET', `/api/patients/${id}`)).statusCode, 200);
});

test('consents are a history with who recorded them; patients read their own record only', async () => {
  const s = await signIn(t, 'doctor.shalkar@demo.telemed');
  const id = await patientIdByName(t, 'Жұмағалиева');
  await as(t, s)('POST', `/api/patients/${id}/consents`, { kind: 'data_sharing', granted: true });
  await as(t, s)('POST', `/api/patients/${id}/consents`, { kind: 'data_sharing', granted: false, note: 'Withdrawn by phone' });
  const list = (await as(t, s)('GET', `/api/patients/${id}/consents`)).json().items;
  assert.deepEqual(list.filter((c: { kind: string }) => c.kind === 'data_sharing').map((c: { granted: boolean }) => c.granted), [false, true]);
  assert.equal(list[0].recordedBy.displayName, 'Асель Нұрланова');

  const patient = await signIn(t, 'patient@demo.telemed');
  const own = await patientIdByName(t, 'Бекмұхамедов');
  assert.equal((await as(t, patient)('GET', `/api/patients/${own}`)).statusCode, 200);
  assert.equal((await as(t, patient)('GET', `/api/patients/${id}`)).statusCode, 403);
  assert.equal((await as(t, patient)('GET', '/api/patients?q=iv')).statusCode, 403);
});

test('an analyst never sees patient data', async () => {
  const s = await signIn(t, 'analyst@demo.telemed');
  const id = await patientIdByName(t, 'Иванов');
  assert.equal((await as(t, s)('GET', `/api/patients/${id}`)).statusCode, 403);
  assert.equal((await as(t, s)('GET', '/api/patients?q=ivanov')).statusCode, 403);
});

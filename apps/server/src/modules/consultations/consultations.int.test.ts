import { test } from 'node:test';
import assert from 'node:assert/strict';
import { as, createTestApp, facilityId, patientIdByName, signIn } from '../../test-support/app.ts';

const t = await createTestApp();
const hub = await facilityId(t, 'KZ-AKT-RTC');
const patientId = await patientIdByName(t, 'Иванов');

const request = (over: Record<string, unknown> = {}) => ({
  patientId, targetFacilityId: hub, profile: 'cardiology', urgency: 'urgent', mode: 'async',
  question: 'Chest pain for two days, ST elevation on the ECG: thrombolysis here or transfer?',
  summary: { complaints: 'Chest pain', vitalSigns: 'BP 150/95, HR 98', provisionalDiagnosis: 'i21.0' }, ...over,
});

test('a district doctor asks the regional centre; the coordinator sees it first in the queue and accepts it', async () => {
  const doctor = await signIn(t, 'doctor.shalkar@demo.telemed');
  await as(t, doctor)('POST', '/api/consultations', request({ urgency: 'planned', question: 'Planned review of a stable patient, please advise.' }));
  const created = await as(t, doctor)('POST', '/api/consultations', request());
  assert.equal(created.statusCode, 201, created.body);
  const c = created.json();
  assert.equal(c.status, 'submitted');
  assert.equal(c.summary.provisionalDiagnosis, 'I21.0');

  const coordinator = await signIn(t, 'coordinator@demo.telemed');
  const queue = (await as(t, coordinator)('GET', '/api/consultations')).json().items;
  assert.deepEqual(queue.map((i: { urgency: string }) => i.urgency), ['urgent', 'planned'], 'most urgent first');
  assert.equal(queue[0].patientName, 'Иванов Пётр');

  const accepted = await as(t, coordinator)('POST', `/api/consultations/${c.id}/transitions`, { action: 'accept', version: c.version });
  assert.equal(accepted.json().status, 'accepted');
  assert.deepEqual(accepted.json().history.map((h: { action: string }) => h.action), ['create', 'submit', 'accept']);

  // The hub now takes part in the patient's care, so its consultant may open the record.
  const consultant = await signIn(t, 'cardiologist@demo.telemed');
  assert.equal((await as(t, consultant)('GET', `/api/patients/${patientId}`)).statusCode, 200);
});

test('two coordinators acting at once on the same request: exactly one wins', async () => {
  const doctor = await signIn(t, 'doctor.shalkar@demo.telemed');
  const c = (await as(t, doctor)('POST', '/api/consultations', request())).json();
  const a = await signIn(t, 'coordinator@demo.telemed');
  const b = await signIn(t, 'cardiologist@demo.telemed');
  const [ra, rb] = await Promise.all([
    as(t, a)('POST', `/api/consultations/${c.id}/transitions`, { action: 'accept', version: c.version }),
    as(t, b)('POST', `/api/consultations/${c.id}/transitions`, { action: 'decline', version: c.version, reason: 'Not our profile today' }),
  ]);
  assert.deepEqual([ra.statusCode, rb.statusCode].sort(), [200, 409]);
});

test('illegal steps are refused with a clear error; a decline needs a reason; the referrer cannot accept', async () => {
  const doctor = await signIn(t, 'doctor.shalkar@demo.telemed');
  const c = (await as(t, doctor)('POST', '/api/consultations', request())).json();
  const coordinator = await signIn(t, 'coordinator@demo.telemed');
  const start = await as(t, coordinator, 'ru')('POST', `/api/consultations/${c.id}/transitions`, { action: 'start', version: c.version });
  assert.equal(start.statusCode, 409);
  assert.equal(start.json().title, 'Этот шаг невозможен для запроса в его текущем состоянии.');
  const decline = await as(t, coordinator)('POST', `/api/consultations/${c.id}/transitions`, { action: 'decline', version: c.version });
  assert.equal(decline.json().errors[0].path, 'body.reason');
  assert.equal((await as(t, doctor)('POST', `/api/consultations/${c.id}/transitions`, { action: 'accept', version: c.version })).statusCode, 403);
  const cancelled = await as(t, doctor)('POST', `/api/consultations/${c.id}/transitions`, { action: 'cancel', version: c.version, reason: 'Patient improved' });
  assert.equal(cancelled.json().status, 'cancelled');
});

test('forwarding moves the request and the care relationship to the next level', async () => {
  const doctor = await signIn(t, 'doctor.shalkar@demo.telemed');
  const c = (await as(t, doctor)('POST', '/api/consultations', request())).json();
  const coordinator = await signIn(t, 'coordinator@demo.telemed');
  const national = await facilityId(t, 'KZ-NSMC');
  const forwarded = await as(t, coordinator)('POST', `/api/consultations/${c.id}/transitions`,
    { action: 'forward', version: c.version, targetFacilityId: national, reason: 'Needs the national cardiology team' });
  assert.equal(forwarded.json().targetFacilityId, national);
  assert.equal(forwarded.json().status, 'submitted');
  assert.equal((await as(t, coordinator)('GET', `/api/consultations/${c.id}`)).statusCode, 404, 'no longer the regional centre’s');
});

test('a consultant of another hub cannot see the case; a target that lacks the profile is refused', async () => {
  const doctor = await signIn(t, 'doctor.shalkar@demo.telemed');
  const c = (await as(t, doctor)('POST', '/api/consultations', request())).json();
  const other = await signIn(t, 'consultant.samarkand@demo.telemed');
  assert.equal((await as(t, other)('GET', `/api/consultations/${c.id}`)).statusCode, 404);
  assert.equal((await as(t, other)('GET', '/api/consultations')).json().items.length, 0);
  const wrong = await as(t, doctor)('POST', '/api/consultations', request({ profile: 'psychiatry' }));
  assert.equal(wrong.statusCode, 422);
  assert.equal(wrong.json().errors[0].path, 'body.profile');
  const analyst = await signIn(t, 'analyst@demo.telemed');
  assert.equal((await as(t, analyst)('GET', '/api/consultations')).statusCode, 403);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { as, createTestApp, facilityId, patientIdByName, signIn } from '../../test-support/app.ts';

const t = await createTestApp();
const hub = await facilityId(t, 'KZ-AKT-RTC');
const patientId = await patientIdByName(t, 'Иванов');

async function acceptedCase(mode = 'immediate_video') {
  const doctor = await signIn(t, 'doctor.shalkar@demo.telemed');
  const c = (await as(t, doctor)('POST', '/api/consultations', { patientId, targetFacilityId: hub, profile: 'cardiology', urgency: 'emergency', mode,
    question: 'Suspected stroke, onset 2 hours ago: thrombolysis here?', summary: { complaints: 'Left-sided weakness' } })).json();
  const coordinator = await signIn(t, 'coordinator@demo.telemed');
  const accepted = await as(t, coordinator)('POST', `/api/consultations/${c.id}/transitions`, { action: 'accept', version: c.version });
  assert.equal(accepted.statusCode, 200, accepted.body);
  return { doctor, coordinator, c: accepted.json() };
}

test('the case’s video session: one visit for the case, whoever starts it, with the referrer and the hub admitted as themselves', async () => {
  const { doctor, coordinator, c } = await acceptedCase();
  // Both sides press "start" at the same moment: one visit.
  const [a, b] = await Promise.all([as(t, doctor)('POST', `/api/consultations/${c.id}/video`), as(t, coordinator)('POST', `/api/consultations/${c.id}/video`)]);
  assert.equal(a.statusCode, 200, a.body);
  assert.equal(b.statusCode, 200, b.body);
  assert.equal(a.json().id, b.json().id);
  const visit = (await as(t, doctor)('GET', `/api/visits/${a.json().id}`)).json();
  assert.equal(visit.consultationId, c.id);
  assert.equal(visit.facilityId, hub);
  const roles = Object.fromEntries(visit.participants.map((p: { displayName: string; role: string; admitted: boolean }) => [p.role, p.admitted]));
  assert.equal(roles.referring_doctor, true);
  assert.equal(roles.consultant, true, 'the coordinator joined for the hub, admitted');
  // Once open it is the same session for the case until it ends.
  assert.equal((await as(t, doctor)('POST', `/api/consultations/${c.id}/video`)).json().id, visit.id);
  assert.equal((await as(t, doctor)('POST', `/api/visits/${visit.id}/end`)).statusCode, 200);
  const next = await as(t, coordinator)('POST', `/api/consultations/${c.id}/video`);
  assert.notEqual(next.json().id, visit.id, 'a later session is a new visit');
});

test('only the case’s parties start its video session, and only while the case is live', async () => {
  const { c } = await acceptedCase();
  const otherHub = await signIn(t, 'consultant.samarkand@demo.telemed');
  // Another hub learns nothing of the case.
  assert.equal((await as(t, otherHub)('POST', `/api/consultations/${c.id}/video`)).statusCode, 404);
  const analyst = await signIn(t, 'analyst@demo.telemed');
  assert.equal((await as(t, analyst)('POST', `/api/consultations/${c.id}/video`)).statusCode, 403);
  const doctor = await signIn(t, 'doctor.shalkar@demo.telemed');
  const draft = (await as(t, doctor)('POST', '/api/consultations', { patientId, targetFacilityId: hub, profile: 'cardiology', urgency: 'planned',
    mode: 'scheduled_video', question: 'Follow-up after discharge', summary: { complaints: 'None' }, submit: false })).json();
  const early = await as(t, doctor)('POST', `/api/consultations/${draft.id}/video`);
  assert.equal(early.statusCode, 409);
  // In the doctor's own language (Kazakh).
  assert.match(early.json().title, /қабылданғаннан кейін/);
});

test('a visit is linked to a case only by a party to it: others in the patient’s care cannot slip into the case’s session', async () => {
  const { doctor, c } = await acceptedCase();
  // A doctor at another district hospital that also takes part in the patient's care, not a party to the case.
  await t.deps.db.insertInto('care_relationship').values({ patient_id: patientId, facility_id: await facilityId(t, 'KZ-AKT-IRGIZ'), user_id: null,
    source: 'consultation', source_id: null, ends_at: null }).execute();
  const other = await signIn(t, 'doctor.irgiz@demo.telemed');
  const own = await as(t, other)('POST', '/api/visits', { patientId });
  assert.equal(own.statusCode, 201, own.body);
  const linked = await as(t, other)('POST', '/api/visits', { patientId, consultationId: c.id });
  assert.equal(linked.statusCode, 400, linked.body);
  assert.equal(linked.json().errors[0].code, 'visit_consultation_mismatch');
  const session = (await as(t, doctor)('POST', `/api/consultations/${c.id}/video`)).json();
  assert.ok(!session.participants.some((p: { role: string; displayName: string }) => p.displayName === own.json().me.displayName),
    'the case’s session holds only its own people');
  // A party may link one, but the case has one open session at a time.
  const byParty = await as(t, doctor)('POST', '/api/visits', { patientId, consultationId: c.id });
  assert.equal(byParty.statusCode, 409, byParty.body);
  assert.equal(byParty.json().type, 'https://telemed.network/problems/visit-case-session-open');
  assert.equal((await as(t, doctor)('POST', `/api/visits/${session.id}/end`)).statusCode, 200);
  const after = await as(t, doctor)('POST', '/api/visits', { patientId, consultationId: c.id });
  assert.equal(after.statusCode, 201, after.body);
});

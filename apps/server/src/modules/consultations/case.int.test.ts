import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../platform/config.ts';
import { createMemoryNotifier } from '../../platform/notifier.ts';
import { as, createTestApp, facilityId, patientIdByName, signIn } from '../../test-support/app.ts';

const t = await createTestApp();
const hub = await facilityId(t, 'KZ-AKT-RTC');
const patientId = await patientIdByName(t, 'Иванов');

const request = (over: Record<string, unknown> = {}) => ({
  patientId, targetFacilityId: hub, profile: 'cardiology', urgency: 'urgent', mode: 'async',
  question: 'Chest pain for two days, ST elevation on the ECG: thrombolysis here or transfer?',
  summary: { complaints: 'Chest pain', provisionalDiagnosis: 'I21.0' }, ...over,
});

async function acceptedCase() {
  const doctor = await signIn(t, 'doctor.shalkar@demo.telemed');
  const c = (await as(t, doctor)('POST', '/api/consultations', request())).json();
  const coordinator = await signIn(t, 'coordinator@demo.telemed');
  const accepted = (await as(t, coordinator)('POST', `/api/consultations/${c.id}/transitions`, { action: 'accept', version: c.version })).json();
  return { doctor, coordinator, c: accepted };
}

const conclusion = (version: number) => ({ version, diagnosis: 'i21.0', recommendations: 'Thrombolysis now; transfer to the regional centre after.',
  transfer: true, transferNote: 'By air ambulance to KZ-AKT-RTC', followUp: 'ECG in 24 hours' });

test('lab values travel with the request as data (LOINC, UCUM); a wrong unit is refused', async () => {
  const doctor = await signIn(t, 'doctor.shalkar@demo.telemed');
  const at = '2026-11-20T08:00:00+05:00';
  const created = await as(t, doctor)('POST', '/api/consultations', request({ observations: [
    { loinc: '10839-9', value: 2.4, unit: 'ng/mL', effectiveAt: at }, { loinc: '8480-6', value: 150, unit: 'mm[Hg]', effectiveAt: at }] }));
  assert.equal(created.statusCode, 201, created.body);
  assert.deepEqual(created.json().observations.map((o: { loinc: string; value: number }) => [o.loinc, o.value]), [['10839-9', 2.4], ['8480-6', 150]]);
  const wrong = await as(t, doctor)('POST', `/api/consultations/${created.json().id}/observations`,
    { observations: [{ loinc: '10839-9', value: 3, unit: 'mmol/L', effectiveAt: at }] });
  assert.equal(wrong.statusCode, 400);
  const later = await as(t, doctor)('POST', `/api/consultations/${created.json().id}/observations`,
    { observations: [{ loinc: '10839-9', value: 3.1, unit: 'ng/mL', effectiveAt: '2026-11-20T14:00:00+05:00' }] });
  assert.deepEqual(later.json().observations.filter((o: { loinc: string }) => o.loinc === '10839-9').map((o: { value: number }) => o.value), [2.4, 3.1],
    'a trend, oldest first');
});

test('the consultant signs a conclusion once; it cannot be changed, only added to; the referrer acknowledges it', async () => {
  const { doctor, c } = await acceptedCase();
  const consultant = await signIn(t, 'cardiologist@demo.telemed');
  const coordinator = await signIn(t, 'coordinator@demo.telemed');
  assert.equal((await as(t, coordinator)('POST', `/api/consultations/${c.id}/conclusion`, conclusion(c.version))).statusCode, 403,
    'a coordinator routes cases but does not sign conclusions');
  const signed = await as(t, consultant)('POST', `/api/consultations/${c.id}/conclusion`, conclusion(c.version));
  assert.equal(signed.statusCode, 200, signed.body);
  const body = signed.json();
  assert.equal(body.status, 'concluded');
  assert.equal(body.conclusion.diagnosis, 'I21.0');
  assert.equal(body.conclusion.authorName, 'Марат Қасымов');
  assert.match(body.conclusion.contentSha256, /^[0-9a-f]{64}$/);
  const again = await as(t, consultant)('POST', `/api/consultations/${c.id}/conclusion`, conclusion(body.version));
  assert.equal(again.statusCode, 409);

  // Not even the database owner can rewrite a signed conclusion.
  const owner = new pg.Client({ connectionString: t.databaseUrl });
  await owner.connect();
  await assert.rejects(owner.query(`UPDATE consultation_conclusion SET diagnosis = 'Z00.0' WHERE consultation_id = $1`, [c.id]), /cannot be changed/);
  await assert.rejects(owner.query(`DELETE FROM consultation_conclusion WHERE consultation_id = $1`, [c.id]), /cannot be changed/);
  await owner.end();

  const addendum = await as(t, consultant)('POST', `/api/consultations/${c.id}/addenda`, { body: 'Troponin result received: confirms the diagnosis.' });
  assert.equal(addendum.json().conclusion.addenda.length, 1);
  assert.equal(addendum.json().conclusion.diagnosis, 'I21.0');

  const ack = await as(t, doctor)('POST', `/api/consultations/${c.id}/transitions`, { action: 'acknowledge', version: body.version });
  assert.equal(ack.json().status, 'acknowledged');
  assert.ok(ack.json().acknowledgedAt);
  assert.deepEqual(ack.json().history.map((h: { action: string }) => h.action), ['create', 'submit', 'accept', 'conclude', 'addendum', 'acknowledge']);
});

test('a conclusion before acceptance is refused', async () => {
  const doctor = await signIn(t, 'doctor.shalkar@demo.telemed');
  const c = (await as(t, doctor)('POST', '/api/consultations', request())).json();
  const consultant = await signIn(t, 'cardiologist@demo.telemed');
  assert.equal((await as(t, consultant)('POST', `/api/consultations/${c.id}/conclusion`, conclusion(c.version))).statusCode, 409);
});

test('the hub asks for more information in a thread; the referrer replies; only the hub may ask', async () => {
  const { doctor, coordinator, c } = await acceptedCase();
  const asked = await as(t, coordinator)('POST', `/api/consultations/${c.id}/messages`, { body: 'Please send the troponin result.', kind: 'info_request' });
  assert.equal(asked.statusCode, 200, asked.body);
  const question = asked.json().messages[0];
  assert.equal(question.kind, 'info_request');
  const reply = await as(t, doctor)('POST', `/api/consultations/${c.id}/messages`, { body: 'Troponin I 2.4 ng/mL at 08:00.', parentId: question.id });
  assert.equal(reply.json().messages[1].parentId, question.id);
  assert.equal((await as(t, doctor)('POST', `/api/consultations/${c.id}/messages`, { body: 'Tell me more', kind: 'info_request' })).statusCode, 403);
  const stranger = await signIn(t, 'consultant.samarkand@demo.telemed');
  assert.equal((await as(t, stranger)('POST', `/api/consultations/${c.id}/messages`, { body: 'Hello' })).statusCode, 404);
});

test('case conference: the coordinator assigns the hub’s consultant and adds a national-centre radiologist, who can then open the case', async () => {
  const { coordinator, c } = await acceptedCase();
  const options = (await as(t, coordinator)('GET', `/api/consultations/${c.id}/consultants`)).json().items;
  const cardiologist = options.find((o: { name: string }) => o.name === 'Марат Қасымов');
  assert.ok(cardiologist);
  assert.equal(options.filter((o: { userId: string }) => o.userId === cardiologist.userId).length, 1,
    'a consultant at the hub and at the national centre is offered once');
  assert.equal(cardiologist.facilityCode, 'KZ-AKT-RTC', 'at the hub first');
  const assigned = await as(t, coordinator)('POST', `/api/consultations/${c.id}/assignment`, { userId: cardiologist.userId, version: c.version });
  assert.equal(assigned.json().assignedUserId, cardiologist.userId);
  const stale = await as(t, coordinator)('POST', `/api/consultations/${c.id}/assignment`, { userId: cardiologist.userId, version: c.version });
  assert.equal(stale.statusCode, 409, 'the version changed');

  const radiologist = await signIn(t, 'radiologist@demo.telemed');
  assert.equal((await as(t, radiologist)('GET', `/api/consultations/${c.id}`)).statusCode, 404, 'not a party yet');
  const radiologistId = (await t.deps.db.selectFrom('app_user').select('id').where('email', '=', 'radiologist@demo.telemed').executeTakeFirstOrThrow()).id;
  const joined = await as(t, coordinator)('POST', `/api/consultations/${c.id}/participants`, { userId: radiologistId });
  assert.equal(joined.json().participants.length, 2);
  const opened = await as(t, radiologist)('GET', `/api/consultations/${c.id}`);
  assert.equal(opened.statusCode, 200);
  assert.deepEqual(opened.json().sides, ['hub'], 'acts for the hub in this case');
  assert.equal(opened.json().guest, true, 'as a consultant who joined from another facility');
  const version = opened.json().version;
  for (const action of ['schedule', 'cancel'] as const) {
    const res = await as(t, radiologist)('POST', `/api/consultations/${c.id}/transitions`,
      { action, version, scheduledAt: new Date(Date.now() + 86_400_000).toISOString(), reason: 'not mine to decide' });
    assert.equal(res.statusCode, 403, `a joined consultant cannot ${action} another hub's request`);
  }
  assert.equal((await as(t, radiologist)('POST', `/api/consultations/${c.id}/participants`, { userId: radiologistId })).statusCode, 403,
    'nor choose who works on it');
  const denied = await t.deps.db.selectFrom('audit_event').select('action').where('resource_id', '=', c.id).where('outcome', '=', 'denied')
    .where('action', '=', 'consultation.schedule').executeTakeFirst();
  assert.ok(denied, 'the refused step is audited');
  assert.equal((await as(t, coordinator)('GET', `/api/consultations/${c.id}`)).json().guest, false, 'the hub\'s own coordinator is no guest');
  const started = await as(t, radiologist)('POST', `/api/consultations/${c.id}/transitions`, { action: 'start', version });
  assert.equal(started.statusCode, 200, 'but may begin the session');
  assert.equal(started.json().status, 'in_progress');
  assert.equal(started.json().guest, true);
  assert.equal((await as(t, radiologist)('GET', `/api/patients/${patientId}`)).statusCode, 200, 'a party to the case may read the patient');
  assert.equal((await as(t, radiologist)('GET', '/api/consultations?box=mine')).json().items.length, 1);
  const doctorId = (await t.deps.db.selectFrom('app_user').select('id').where('email', '=', 'doctor.irgiz@demo.telemed').executeTakeFirstOrThrow()).id;
  assert.equal((await as(t, coordinator)('POST', `/api/consultations/${c.id}/participants`, { userId: doctorId })).statusCode, 422);
});

test('routing: without a chosen hub the request goes to the nearest level up that offers the profile, else it is refused', async () => {
  const doctor = await signIn(t, 'doctor.shalkar@demo.telemed');
  const routed = await as(t, doctor)('POST', '/api/consultations', request({ targetFacilityId: undefined }));
  assert.equal(routed.json().targetFacilityId, hub);
  assert.equal(routed.json().routed, true);
  const neuro = await as(t, doctor)('POST', '/api/consultations', request({ targetFacilityId: undefined, profile: 'neurosurgery' }));
  assert.equal(neuro.json().targetFacilityId, await facilityId(t, 'KZ-NSMC'), 'the regional centre lacks it: the national centre');
  assert.equal((await as(t, doctor)('GET', '/api/consultations/route?profile=neurosurgery')).json().facilityId, await facilityId(t, 'KZ-NSMC'));
  const none = await as(t, doctor)('POST', '/api/consultations', request({ targetFacilityId: undefined, profile: 'psychiatry' }));
  assert.equal(none.statusCode, 422);
  assert.match(none.json().title, /Ұйымды өзіңіз таңдаңыз/, 'in the doctor’s own language');
});

test('break-glass lets a clinician outside the case read it, flagged in the audit trail', async () => {
  const { c } = await acceptedCase();
  const nurse = await signIn(t, 'nurse.shalkar@demo.telemed');
  assert.equal((await as(t, nurse)('GET', `/api/consultations/${c.id}`)).statusCode, 403, 'a nurse has no consultation access at all');
  const outsider = await signIn(t, 'doctor.irgiz@demo.telemed');
  assert.equal((await as(t, outsider)('GET', `/api/consultations/${c.id}`)).statusCode, 404);
  const bg = await as(t, outsider)('POST', `/api/patients/${patientId}/break-glass`, { reason: 'Patient arrived unconscious at our hospital' });
  assert.equal(bg.statusCode, 201, bg.body);
  assert.equal((await as(t, outsider)('GET', `/api/consultations/${c.id}`)).statusCode, 200);
  await t.deps.audit.settle();
  const flagged = await t.deps.db.selectFrom('audit_event').select(['flagged']).where('resource_id', '=', c.id)
    .where('action', '=', 'consultation.read').where('flagged', '=', true).execute();
  assert.equal(flagged.length, 1);
  // The grant opens the record to read; it neither changes it nor starts care that would outlast it.
  const start = await as(t, outsider)('POST', '/api/consultations', { ...request(), patientId });
  assert.equal(start.statusCode, 403, start.body);
  assert.equal((await as(t, outsider)('POST', '/api/visits', { patientId })).statusCode, 403);
  const read = await as(t, outsider)('GET', `/api/patients/${patientId}`);
  assert.equal(read.statusCode, 200, 'reading still works');
  const p = read.json();
  const edit = await as(t, outsider)('PUT', `/api/patients/${patientId}`, { familyName: p.familyName, givenName: p.givenName, birthDate: p.birthDate,
    sex: p.sex, preferredLanguage: p.preferredLanguage, homeFacilityId: p.homeFacilityId, phone: '+77010000000' });
  assert.equal(edit.statusCode, 403, edit.body);
});

test('a missed response-time target escalates after a restart: the timer is durable', async () => {
  // A node with a two-second emergency target takes the request, then stops before the target passes.
  const env = { LOG_LEVEL: 'silent', ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'), TARGET_EMERGENCY_ACCEPT_MINUTES: String(2 / 60),
    JOBS_POLL_SECONDS: '0.5' };
  const first = await buildApp({ config: loadConfig(env), databaseUrl: t.databaseUrl, notifier: createMemoryNotifier(), logger: false });
  const doctor = await signIn({ ...t, app: first.app }, 'doctor.shalkar@demo.telemed');
  const c = (await as({ ...t, app: first.app }, doctor)('POST', '/api/consultations', request({ urgency: 'emergency' }))).json();
  await first.close();

  // A coordinator at the national centre, the level above the regional hub, for this test only.
  const above = await t.deps.db.selectFrom('facility').select('id').where('code', '=', 'KZ-NSMC').executeTakeFirstOrThrow();
  const overseer = await t.deps.db.selectFrom('app_user').select('id').where('email', '=', 'radiologist@demo.telemed').executeTakeFirstOrThrow();
  await t.deps.db.insertInto('membership').values({ user_id: overseer.id, facility_id: above.id, role: 'coordinator' }).execute();
  const notifier = createMemoryNotifier();
  const second = await buildApp({ config: loadConfig(env), databaseUrl: t.databaseUrl, notifier, logger: false });
  try {
    const deadline = Date.now() + 20_000;
    let escalated = false;
    // The notices go out after the escalation commits: waited for too, not only the row.
    const noticed = () => [...notifier.sent, ...t.notifier.sent].some((m) => m.kind === 'escalation' && m.body.includes(c.id));
    while (!(escalated && noticed()) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      const row = await second.deps.db.selectFrom('consultation').select('escalated_at').where('id', '=', c.id).executeTakeFirstOrThrow();
      escalated = row.escalated_at !== null;
    }
    // Every live node works the same queue: the node started after the restart, or the suite's own node.
    assert.ok(escalated, 'escalated although the node that set the timer has stopped');
    const events = await second.deps.db.selectFrom('consultation_event').select(['action', 'actor_user_id']).where('consultation_id', '=', c.id)
      .orderBy('id').execute();
    assert.deepEqual(events.at(-1), { action: 'escalate', actor_user_id: null });
    const sent = [...notifier.sent, ...t.notifier.sent].filter((m) => m.kind === 'escalation' && m.body.includes(c.id));
    const sentTo = sent.map((m) => m.to).sort();
    assert.deepEqual(sentTo, ['coordinator@demo.telemed', 'radiologist@demo.telemed'], 'the hub’s coordinator and the one a level up');
    assert.ok(sent.every((m) => !m.body.includes('Иванов')), 'no patient data leaves the platform');
    // The link sent a level up opens the case, which is now in that coordinator's own list.
    const upstairs = await signIn(t, 'radiologist@demo.telemed');
    const opened = await as(t, upstairs)('GET', `/api/consultations/${c.id}`);
    assert.equal(opened.statusCode, 200, opened.body);
    assert.equal(opened.json().guest, true, 'following the case, not routing it');
    assert.ok((await as(t, upstairs)('GET', '/api/consultations?box=mine')).json().items.some((i: { id: string }) => i.id === c.id));
  } finally {
    await second.close();
    await t.deps.db.deleteFrom('membership').where('user_id', '=', overseer.id).where('facility_id', '=', above.id).where('role', '=', 'coordinator').execute();
  }
});

test('an accepted emergency is not escalated', async () => {
  const app = t.deps;
  const { c } = await acceptedCase();
  await t.deps.db.updateTable('consultation').set({ due_at: new Date(Date.now() - 1000) }).where('id', '=', c.id).execute();
  const { Escalations } = await import('./escalation.ts');
  const e = new Escalations(app, null);
  assert.equal(await e.onDue(c.id), false);
});

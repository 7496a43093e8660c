import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { ConsultationEventMessage, RealtimeServerMessage } from '@telemed/contracts';
import { buildApp } from '../../app.ts';
import { as, createTestApp, facilityId, patientIdByName, signIn, type TestApp } from '../../test-support/app.ts';
import { onRunEnd } from '../../test-support/database.ts';
import { openChannel } from '../../test-support/realtime-client.ts';

// Two app nodes on one database, as behind a load balancer: a change on one reaches clients of the other.
const a = await createTestApp();
const nodeB = await buildApp({ config: a.config, databaseUrl: a.databaseUrl, now: a.clock.now, logger: false });
onRunEnd(() => nodeB.close());
const b = { ...a, app: nodeB.app, deps: nodeB.deps } as TestApp;
const listen = async (t: TestApp) => {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
};
const baseA = await listen(a);
const baseB = await listen(b);

const hub = await facilityId(a, 'KZ-AKT-RTC');
const patientId = await patientIdByName(a, 'Иванов');
const request = (over: Record<string, unknown> = {}) => ({
  patientId, targetFacilityId: hub, profile: 'cardiology', urgency: 'urgent', mode: 'async',
  question: 'Chest pain for two days, ST elevation on the ECG: thrombolysis here or transfer?',
  summary: { complaints: 'Chest pain' }, submit: true, ...over,
});
const isEvent = (id: string, action?: string) => (m: RealtimeServerMessage): m is ConsultationEventMessage =>
  m.type === 'event' && m.feed === 'consultation' && m.consultationId === id && (!action || m.action === action);
const ready = (m: RealtimeServerMessage) => m.type === 'ready';

test('a new request reaches the hub’s coordinator on another node, and no one outside the case', async () => {
  const coordinator = await openChannel(baseB, await signIn(b, 'coordinator@demo.telemed'));
  const otherHub = await openChannel(baseB, await signIn(b, 'consultant.samarkand@demo.telemed'));
  const analyst = await openChannel(baseA, await signIn(a, 'analyst@demo.telemed'));
  const otherDistrict = await openChannel(baseA, await signIn(a, 'doctor.irgiz@demo.telemed'));
  await Promise.all([coordinator, otherHub, analyst, otherDistrict].map((c) => c.next(ready)));

  const doctor = await signIn(a, 'doctor.shalkar@demo.telemed');
  const created = await as(a, doctor)('POST', '/api/consultations', request());
  assert.equal(created.statusCode, 201, created.body);
  const c = created.json();
  const ev = await coordinator.next(isEvent(c.id, 'submit'));
  assert.equal((ev as ConsultationEventMessage).status, 'submitted');
  assert.equal((ev as ConsultationEventMessage).replayed, false);
  const raw = JSON.stringify(coordinator.messages);
  assert.ok(!raw.includes('Иванов') && !raw.includes(patientId), 'events carry no patient data');

  // A later event on the same case marks the point by which the others would have heard too.
  const coord = await signIn(a, 'coordinator@demo.telemed');
  await as(a, coord)('POST', `/api/consultations/${c.id}/transitions`, { action: 'accept', version: c.version });
  await coordinator.next(isEvent(c.id, 'accept'));
  await new Promise((r) => setTimeout(r, 200));
  for (const outsider of [otherHub, analyst, otherDistrict]) {
    assert.equal(outsider.messages.filter((m) => m.type === 'event').length, 0);
  }
  for (const ch of [coordinator, otherHub, analyst, otherDistrict]) ch.close();
});

test('a draft is seen only by its author until it is submitted', async () => {
  const doctor = await signIn(a, 'doctor.shalkar@demo.telemed');
  const author = await openChannel(baseA, doctor);
  const coordinator = await openChannel(baseB, await signIn(b, 'coordinator@demo.telemed'));
  await Promise.all([author.next(ready), coordinator.next(ready)]);
  const draft = (await as(a, doctor)('POST', '/api/consultations', request({ submit: false }))).json();
  await author.next(isEvent(draft.id, 'create'));
  await as(a, doctor)('POST', `/api/consultations/${draft.id}/transitions`, { action: 'submit', version: draft.version });
  await coordinator.next(isEvent(draft.id, 'submit'));
  assert.equal(coordinator.messages.filter(isEvent(draft.id, 'create')).length, 0, 'the hub never heard of the draft');
  author.close();
  coordinator.close();
});

test('a client that was away gets what it missed after reconnecting, in order', async () => {
  const doctor = await signIn(a, 'doctor.shalkar@demo.telemed');
  const coordSession = await signIn(b, 'coordinator@demo.telemed');
  const first = await openChannel(baseB, coordSession);
  const hello = await first.next(ready);
  const c = (await as(a, doctor)('POST', '/api/consultations', request())).json();
  const seen = await first.next(isEvent(c.id, 'submit')) as ConsultationEventMessage;
  first.close();
  await first.closed;

  // While the coordinator's link is down: the doctor writes twice and then cancels.
  await as(a, doctor)('POST', `/api/consultations/${c.id}/messages`, { body: 'ECG attached in an hour', kind: 'message' });
  await as(a, doctor)('POST', `/api/consultations/${c.id}/messages`, { body: 'The patient is stable now', kind: 'message' });
  const fresh = (await as(a, doctor)('GET', `/api/consultations/${c.id}`)).json();
  await as(a, doctor)('POST', `/api/consultations/${c.id}/transitions`, { action: 'cancel', version: fresh.version, reason: 'Transferred by ambulance' });

  const again = await openChannel(baseA, coordSession, { cursors: { consultation: seen.id } });
  await again.next(ready);
  const missed = again.messages.filter(isEvent(c.id)).filter((m) => m.id > seen.id) as ConsultationEventMessage[];
  assert.deepEqual(missed.map((m) => m.action), ['message', 'message', 'cancel']);
  assert.ok(missed.every((m) => m.replayed));
  assert.ok(hello.type === 'ready' && hello.cursors.consultation! < seen.id);
  again.close();
});

test('too much missed to replay: the client is told to reload', async () => {
  const s = await signIn(a, 'coordinator@demo.telemed');
  const ch = await openChannel(baseA, s, { cursors: { consultation: 10_000_000 } });
  const m = await ch.next((x) => x.type === 'resync');
  assert.equal(m.type === 'resync' && m.feed, 'consultation');
  ch.close();
});

test('the channel is refused without a session, from another site, and to a plain request', async () => {
  await assert.rejects(openChannel(baseA, null), { status: 401 });
  const s = await signIn(a, 'coordinator@demo.telemed');
  await assert.rejects(openChannel(baseA, s, { origin: 'https://evil.example' }), { status: 403 });
  const plain = await as(a, s)('GET', '/api/realtime');
  assert.equal(plain.statusCode, 426);
  assert.equal(plain.headers['content-type'], 'application/problem+json; charset=utf-8');
});

test('signing out closes the user’s channel on every node', async () => {
  const s = await signIn(a, 'coordinator@demo.telemed');
  const onB = await openChannel(baseB, s);
  await onB.next(ready);
  await as(a, s)('POST', '/api/auth/sign-out');
  assert.equal(await onB.closed, 4401);
});

test('switching facility changes what the channel delivers without reconnecting', async () => {
  const s = await signIn(a, 'cardiologist@demo.telemed');
  const ch = await openChannel(baseB, s);
  await ch.next(ready);
  const national = await facilityId(a, 'KZ-NSMC');
  const sw = await as(a, s)('POST', '/api/auth/facility', { facilityId: national, role: 'consultant' });
  assert.equal(sw.statusCode, 200, sw.body);
  // The switch is announced; give node B a moment to hear it, then a request to the regional hub.
  await new Promise((r) => setTimeout(r, 300));
  const doctor = await signIn(a, 'doctor.shalkar@demo.telemed');
  const toRegional = (await as(a, doctor)('POST', '/api/consultations', request())).json();
  const toNational = (await as(a, doctor)('POST', '/api/consultations', request({ targetFacilityId: national }))).json();
  await ch.next(isEvent(toNational.id, 'submit'));
  assert.equal(ch.messages.filter(isEvent(toRegional.id)).length, 0, 'no longer acting for the regional centre');
  ch.close();
});

test('people the change concerns who do not have the app open are told through the notifier; those who do are not', async () => {
  const notices = (caseId: string, to: string) => a.notifier.sent.filter((m) => m.kind === 'case_update' && m.to === to && m.body.includes(caseId));
  // Bounded waits for work done after the answer (a loaded machine is slow, never wrong).
  const eventually = async (check: () => boolean) => {
    for (const until = Date.now() + 10_000; Date.now() < until && !check();) await new Promise((r) => setTimeout(r, 20));
    return check();
  };
  // Channels the earlier tests closed may still be closing: start when no one concerned is connected.
  const users = await a.deps.db.selectFrom('app_user').select('id').where('email', 'in', ['coordinator@demo.telemed', 'doctor.shalkar@demo.telemed']).execute();
  let connected = -1;
  for (const until = Date.now() + 10_000; Date.now() < until && connected !== 0;) {
    connected = (await a.deps.presence!.online(users.map((u) => u.id))).size;
    if (connected) await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(connected, 0, 'closed channels leave no presence behind');
  const doctor = await signIn(a, 'doctor.shalkar@demo.telemed');
  const offline = (await as(a, doctor)('POST', '/api/consultations', request())).json();
  assert.ok(await eventually(() => notices(offline.id, 'coordinator@demo.telemed').length === 1), 'the coordinator had no page open');
  const n = notices(offline.id, 'coordinator@demo.telemed')[0];
  assert.ok(!n.body.includes('Иванов') && !n.subject.includes('Иванов'), 'no patient data leaves the platform');

  const coordSession = await signIn(b, 'coordinator@demo.telemed');
  const ch = await openChannel(baseB, coordSession);
  await ch.next(ready);
  const online = (await as(a, doctor)('POST', '/api/consultations', request())).json();
  await ch.next(isEvent(online.id, 'submit'));
  // The doctor has no page open: the coordinator's answer reaches them by the notifier, in their language.
  await as(a, coordSession)('POST', `/api/consultations/${online.id}/transitions`, { action: 'accept', version: online.version });
  assert.ok(await eventually(() => notices(online.id, 'doctor.shalkar@demo.telemed').length === 1));
  assert.equal(notices(online.id, 'doctor.shalkar@demo.telemed')[0].subject, 'Телемедициналық кеңес сұрауыңыз қабылданды.');
  assert.equal(notices(online.id, 'coordinator@demo.telemed').length, 0, 'the coordinator was watching');
  ch.close();
});

test('one session cannot hold more than fifty channels', async () => {
  const s = await signIn(a, 'nurse.shalkar@demo.telemed');
  const open = await Promise.all(Array.from({ length: 50 }, () => openChannel(baseA, s)));
  await Promise.all(open.map((c) => c.next(ready)));
  const extra = await openChannel(baseA, s);
  assert.equal(await extra.closed, 1008);
  for (const c of open) c.close();
});

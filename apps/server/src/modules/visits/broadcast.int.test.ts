import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { startJanus } from '../../../../../scripts/media-servers.ts';
import { as, createTestApp, facilityId, patientIdByName, signIn } from '../../test-support/app.ts';
import { onRunEnd } from '../../test-support/database.ts';
import { openVisitChannel } from '../../test-support/visit-client.ts';

// The real SFU (Debian's Janus), as in production: a broadcast is on it from its first minute.
const janus = await startJanus();
onRunEnd(() => janus.stop());
const t = await createTestApp({ env: { JANUS_URL: janus.url, JANUS_API_SECRET: janus.apiSecret, JANUS_ADMIN_KEY: janus.adminKey } });
await t.app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
const patientId = await patientIdByName(t, 'Иванов');
const doctor = await signIn(t, 'doctor.shalkar@demo.telemed');
const asDoctor = as(t, doctor);

test('a broadcast goes through the SFU from the start, and its observers only receive and chat', async () => {
  const created = await asDoctor('POST', '/api/visits', { patientId, broadcast: true });
  assert.equal(created.statusCode, 201, created.body);
  assert.equal(created.json().broadcast, true);
  const visitId = created.json().id as string;

  // Alone in the call, the presenter is already on the SFU (an ordinary visit would be peer to peer).
  const presenter = await openVisitChannel(base, visitId, doctor.cookie);
  const welcome = await presenter.next('welcome');
  assert.equal(welcome.mode, 'sfu');
  const plain = (await asDoctor('POST', '/api/visits', { patientId })).json();
  assert.equal(plain.broadcast, false);
  const plainChannel = await openVisitChannel(base, plain.id, doctor.cookie);
  assert.equal((await plainChannel.next('welcome')).mode, 'p2p');
  plainChannel.close();

  const inv = (await asDoctor('POST', `/api/visits/${visitId}/invites`, { role: 'observer', displayName: 'Студент', language: 'ru',
    expiresInMinutes: 60 })).json();
  const redeemed = await t.app.inject({ method: 'POST', url: '/api/visit-links/redeem', payload: { token: inv.token } });
  const observer = await openVisitChannel(base, visitId, `tm_visit=${redeemed.cookies.find((c) => c.name === 'tm_visit')!.value}`);
  assert.equal((await observer.next('welcome')).mode, 'sfu');
  presenter.send({ type: 'admit', participantId: inv.participantId });
  await observer.next('admitted');

  // The server refuses an observer's camera and microphone, whatever their browser tries.
  observer.send({ type: 'sfu-publish', jsep: { type: 'offer', sdp: 'v=0\r\n' } });
  assert.equal((await observer.next('error')).code, 'receive_only');
  // They write in the chat.
  observer.send({ type: 'chat', body: 'Вопрос по снимку' });
  assert.equal((await presenter.next('chat')).message.body, 'Вопрос по снимку');

  // Sending nothing, they are not recorded and not asked: with the presenter alone on camera, recording starts at once.
  presenter.send({ type: 'recording-request' });
  const rec = await presenter.next('recording', (m) => m.recording?.state === 'recording');
  assert.deepEqual(rec.recording!.pending, []);
  assert.equal((await observer.next('recording', (m) => m.recording?.state === 'recording')).recording!.id, rec.recording!.id,
    'the observer sees it is recorded');
  observer.send({ type: 'recording-consent', recordingId: rec.recording!.id, accept: false });
  assert.equal((await observer.next('error', (e) => e.code === 'forbidden')).code, 'forbidden');
  presenter.close();
  observer.close();
});

test('a teleconsultation’s video session can be opened as a broadcast (a case conference)', async () => {
  const hub = await facilityId(t, 'KZ-AKT-RTC');
  const c = (await asDoctor('POST', '/api/consultations', { patientId, targetFacilityId: hub, profile: 'cardiology', urgency: 'planned',
    mode: 'scheduled_video', question: 'Case conference: surgery or stenting?', summary: { complaints: 'Angina on exertion' } })).json();
  const coordinator = await signIn(t, 'coordinator@demo.telemed');
  assert.equal((await as(t, coordinator)('POST', `/api/consultations/${c.id}/transitions`, { action: 'accept', version: c.version })).statusCode, 200);
  const session = await as(t, coordinator)('POST', `/api/consultations/${c.id}/video`, { broadcast: true });
  assert.equal(session.statusCode, 200, session.body);
  assert.equal(session.json().broadcast, true);
  // The other side joins the same session, with no body.
  const joined = await asDoctor('POST', `/api/consultations/${c.id}/video`);
  assert.equal(joined.statusCode, 200, joined.body);
  assert.equal(joined.json().id, session.json().id);
  assert.equal(joined.json().broadcast, true);
});

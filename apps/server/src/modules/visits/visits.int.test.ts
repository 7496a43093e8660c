import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../app.ts';
import { as, createTestApp, patientIdByName, signIn, type TestApp } from '../../test-support/app.ts';
import { onRunEnd } from '../../test-support/database.ts';
import { openVisitChannel } from '../../test-support/visit-client.ts';

// Two app nodes on one database: the clinician and the guest reach each other through either.
const a = await createTestApp({ env: { TURN_URLS: 'turn:127.0.0.1:3478?transport=udp', TURN_SECRET: 'visit-test-turn-secret', TURN_TTL_SECONDS: '600' } });
const nodeB = await buildApp({ config: a.config, databaseUrl: a.databaseUrl, now: a.clock.now, logger: false });
onRunEnd(() => nodeB.close());
const b = { ...a, app: nodeB.app, deps: nodeB.deps } as TestApp;
const listen = async (t: TestApp) => {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
};
const baseA = await listen(a);
const baseB = await listen(b);

const patientId = await patientIdByName(a, 'Иванов');
const doctor = await signIn(a, 'doctor.shalkar@demo.telemed');
const asDoctor = as(a, doctor);

async function newVisit(pid = patientId) {
  const res = await asDoctor('POST', '/api/visits', { patientId: pid });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; me: { participantId: string; canManage: boolean }; participants: { id: string; role: string }[] };
}

async function invite(visitId: string, over: Record<string, unknown> = {}) {
  const res = await asDoctor('POST', `/api/visits/${visitId}/invites`, { role: 'patient', displayName: 'Пётр Иванов', language: 'ru',
    expiresInMinutes: 60, ...over });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { inviteId: string; participantId: string; token: string };
}

async function redeem(t: TestApp, token: string, lang = 'en') {
  return t.app.inject({ method: 'POST', url: '/api/visit-links/redeem', payload: { token }, headers: { 'accept-language': lang } });
}

function passCookie(res: Awaited<ReturnType<typeof redeem>>) {
  const c = res.cookies.find((x) => x.name === 'tm_visit');
  assert.ok(c, 'no pass cookie');
  assert.equal(c.httpOnly, true);
  assert.equal(c.sameSite, 'Strict');
  return { cookie: `tm_visit=${c.value}`, path: c.path };
}

test('a guest opens the link, waits, is admitted by the clinician on another node, and they signal and chat', async () => {
  const visit = await newVisit();
  assert.equal(visit.me.canManage, true);
  const { token, participantId: guestId } = await invite(visit.id);

  const redeemed = await redeem(b, token);
  assert.equal(redeemed.statusCode, 200, redeemed.body);
  const pass = passCookie(redeemed);
  assert.equal(pass.path, `/api/visits/${visit.id}`, 'the pass holds for this visit only');
  assert.deepEqual(redeemed.json(), { visitId: visit.id, participantId: guestId, displayName: 'Пётр Иванов', language: 'ru' });

  // The guest reads the visit with the pass alone, and sees the patient by given name only.
  const seen = await b.app.inject({ url: `/api/visits/${visit.id}`, headers: { cookie: pass.cookie } });
  assert.equal(seen.statusCode, 200, seen.body);
  assert.equal(seen.json().patientName, 'Пётр');
  assert.equal(seen.json().me.canManage, false);
  assert.deepEqual(seen.json().invites, []);

  const clinician = await openVisitChannel(baseA, visit.id, doctor.cookie);
  const welcome = await clinician.next('welcome');
  assert.equal(welcome.admitted, true);
  // Per-participant TURN credentials that expire.
  const turn = welcome.iceServers.find((s) => s.username);
  assert.ok(turn && turn.username!.endsWith(`:${visit.me.participantId}`));

  const guest = await openVisitChannel(baseB, visit.id, pass.cookie);
  assert.equal((await guest.next('welcome')).admitted, false);
  // The clinician sees the guest waiting.
  const waiting = await clinician.next('roster', (m) => m.participants.some((p) => p.id === guestId && p.online && p.waitingSince !== null));
  assert.ok(waiting);

  // Not yet admitted: the guest cannot signal or chat into the call.
  guest.send({ type: 'chat', body: 'Здравствуйте' });
  assert.equal((await guest.next('error')).code, 'not_admitted');

  clinician.send({ type: 'admit', participantId: guestId });
  await guest.next('admitted');
  await clinician.next('roster', (m) => m.participants.some((p) => p.id === guestId && p.admitted));

  // Offer and answer cross the nodes, addressed to one participant.
  guest.send({ type: 'signal', to: visit.me.participantId, data: { session: 'test-session-1', description: { type: 'offer', sdp: 'v=0 offer' } } });
  const offer = await clinician.next('signal');
  assert.equal(offer.from, guestId);
  assert.equal(offer.data.description?.sdp, 'v=0 offer');
  clinician.send({ type: 'signal', to: guestId, data: { session: 'test-session-2', description: { type: 'answer', sdp: 'v=0 answer' } } });
  assert.equal((await guest.next('signal')).data.description?.type, 'answer');

  // A renegotiation: an offer too large for a notification is read back from the table, the small
  // candidates sent just after it travel whole in theirs; the clinician gets them in the order sent.
  const bigSdp = `v=0\r\n${'a=candidate:1 1 udp 2122260223 192.0.2.10 54321 typ host generation 0\r\n'.repeat(160)}`;
  assert.ok(bigSdp.length > 8000);
  guest.send({ type: 'signal', to: visit.me.participantId, data: { session: 'test-session-1', description: { type: 'offer', sdp: bigSdp } } });
  for (let i = 0; i < 5; i++) {
    guest.send({ type: 'signal', to: visit.me.participantId, data: { session: 'test-session-1',
      candidate: { candidate: `candidate:${i} 1 udp 2122260223 192.0.2.${i} 5000${i} typ host`, sdpMid: '0', sdpMLineIndex: 0 } } });
  }
  const renegotiation = [];
  for (let last = offer.id; renegotiation.length < 6;) {
    const m = await clinician.next('signal', (x) => x.id > last);
    last = m.id;
    renegotiation.push(m.data);
  }
  assert.equal(renegotiation[0].description?.sdp, bigSdp);
  assert.deepEqual(renegotiation.slice(1).map((d) => d.candidate?.candidate.split(' ')[0]), [0, 1, 2, 3, 4].map((i) => `candidate:${i}`));

  // Chat reaches everyone and is kept in the visit record.
  guest.send({ type: 'chat', body: 'Меня слышно?' });
  const chat = await clinician.next('chat');
  assert.equal(chat.message.body, 'Меня слышно?');
  assert.equal(chat.message.displayName, 'Пётр Иванов');
  const record = (await asDoctor('GET', `/api/visits/${visit.id}`)).json();
  assert.deepEqual(record.messages.map((m: { body: string }) => m.body), ['Меня слышно?']);
  assert.equal(record.invites[0].state, 'used');

  // Every step is in the audit trail, against the patient.
  await a.deps.audit.settle();
  await b.deps.audit.settle();
  const actions = new Set((await a.deps.db.selectFrom('audit_event').select('action').where('resource_id', '=', visit.id)
    .where('outcome', '=', 'success').where('patient_id', '=', patientId).execute()).map((r) => r.action));
  for (const action of ['visit.invite', 'visit.link.redeem', 'visit.read', 'visit.join', 'visit.admit', 'visit.message']) {
    assert.ok(actions.has(action), `audited: ${action}`);
  }
  clinician.close();
  guest.close();
});

test('a link opens once, expires, and can be withdrawn (which removes the guest from the call)', async () => {
  const visit = await newVisit();
  const used = await invite(visit.id);
  assert.equal((await redeem(a, used.token)).statusCode, 200);
  const again = await redeem(a, used.token, 'ru');
  assert.equal(again.statusCode, 410);
  assert.equal(again.json().type.endsWith('visit-link-used'), true);
  assert.match(again.json().title, /уже использована/);

  const short = await invite(visit.id, { expiresInMinutes: 5, role: 'interpreter', displayName: 'Interpreter' });
  a.clock.advance(6 * 60_000);
  const late = await redeem(a, short.token);
  assert.equal(late.statusCode, 410);
  assert.ok(late.json().type.endsWith('visit-link-expired'));
  a.clock.advance(-6 * 60_000);

  assert.equal((await redeem(a, 'x'.repeat(32))).statusCode, 404);

  // Withdrawn after it was opened: the guest's channel closes and the pass no longer works.
  const family = await invite(visit.id, { role: 'family', displayName: 'Daughter' });
  const pass = passCookie(await redeem(a, family.token));
  const ch = await openVisitChannel(baseA, visit.id, pass.cookie);
  await ch.next('welcome');
  const revoked = await asDoctor('DELETE', `/api/visits/${visit.id}/invites/${family.inviteId}`);
  assert.equal(revoked.statusCode, 200, revoked.body);
  assert.equal(await ch.closed, 4403);
  assert.equal((await a.app.inject({ url: `/api/visits/${visit.id}`, headers: { cookie: pass.cookie } })).statusCode, 404);
  await assert.rejects(openVisitChannel(baseA, visit.id, pass.cookie), (e: { status?: number }) => e.status === 404);

  const withdrawnLink = await invite(visit.id, { role: 'observer', displayName: 'Observer' });
  await asDoctor('DELETE', `/api/visits/${visit.id}/invites/${withdrawnLink.inviteId}`);
  assert.ok((await redeem(a, withdrawnLink.token)).json().type.endsWith('visit-link-revoked'));
});

test('a participant of one visit cannot read, join or signal into another', async () => {
  const first = await newVisit();
  const second = await newVisit();
  const pass = passCookie(await redeem(a, (await invite(first.id)).token));
  // The first visit's pass is not even sent to the second visit's address, and forced there it does not hold.
  assert.equal((await a.app.inject({ url: `/api/visits/${second.id}`, headers: { cookie: pass.cookie } })).statusCode, 404);
  await assert.rejects(openVisitChannel(baseA, second.id, pass.cookie), (e: { status?: number }) => e.status === 404);

  // A staff member who is not a participant is refused too, and the attempt is audited.
  const cardiologist = await signIn(a, 'cardiologist@demo.telemed');
  assert.equal((await as(a, cardiologist)('GET', `/api/visits/${first.id}`)).statusCode, 404);
  await assert.rejects(openVisitChannel(baseA, first.id, cardiologist.cookie), (e: { status?: number }) => e.status === 404);
  await a.deps.audit.settle();
  const denied = await a.deps.db.selectFrom('audit_event').select('action').where('resource_id', '=', first.id).where('outcome', '=', 'denied').execute();
  assert.ok(denied.some((d) => d.action === 'visit.join'));

  // Inside a visit, a signal can only go to a participant of that same visit.
  const clinician = await openVisitChannel(baseA, first.id, doctor.cookie);
  await clinician.next('welcome');
  clinician.send({ type: 'signal', to: second.me.participantId, data: { session: 'test-session-1', description: { type: 'offer', sdp: 'v=0' } } });
  assert.equal((await clinician.next('error')).code, 'not_in_call');
  clinician.close();

  // Another site's page cannot ride the doctor's cookie into the call channel.
  await assert.rejects(openVisitChannel(baseA, first.id, doctor.cookie, { origin: 'https://evil.example' }), (e: { status?: number }) => e.status === 403);
});

test('a browser that reconnects gets the signals it missed; ending the visit closes every channel and every link', async () => {
  const visit = await newVisit();
  const guestInvite = await invite(visit.id);
  const pass = passCookie(await redeem(a, guestInvite.token));
  const clinician = await openVisitChannel(baseA, visit.id, doctor.cookie);
  await clinician.next('welcome');
  clinician.send({ type: 'admit', participantId: guestInvite.participantId });
  await clinician.next('roster', (m) => m.participants.some((p) => p.id === guestInvite.participantId && p.admitted));
  const guest = await openVisitChannel(baseB, visit.id, pass.cookie);
  await guest.next('welcome');
  clinician.send({ type: 'signal', to: guestInvite.participantId, data: { session: 'test-session-1', description: { type: 'offer', sdp: 'first' } } });
  const first = await guest.next('signal');
  guest.close();
  await guest.closed;
  // While the guest is away (a network change), the clinician restarts ICE.
  clinician.send({ type: 'signal', to: guestInvite.participantId, data: { session: 'test-session-1', description: { type: 'offer', sdp: 'ice restart' } } });
  await new Promise((r) => setTimeout(r, 100));
  const back = await openVisitChannel(baseA, visit.id, pass.cookie, { since: first.id });
  const missed = await back.next('signal');
  assert.equal(missed.data.description?.sdp, 'ice restart');
  assert.ok(!back.messages.some((m) => m.type === 'signal' && m.data.description?.sdp === 'first'), 'what was seen is not replayed');

  const late = await invite(visit.id, { role: 'interpreter', displayName: 'Interpreter' });
  const ended = await asDoctor('POST', `/api/visits/${visit.id}/end`);
  assert.equal(ended.json().status, 'ended');
  assert.equal(await back.closed, 4410);
  assert.equal(await clinician.closed, 4410);
  assert.ok((await redeem(a, late.token)).json().type.endsWith('visit-closed'));
});

test('only a clinician with visit.manage opens visits, for patients in their care', async () => {
  const analyst = await signIn(a, 'analyst@demo.telemed');
  assert.equal((await as(a, analyst)('POST', '/api/visits', { patientId })).statusCode, 403);
  const samarkand = await signIn(a, 'doctor.urgut@demo.telemed');
  assert.equal((await as(a, samarkand)('POST', '/api/visits', { patientId })).statusCode, 403);
  // The demo patient has an account: they are added to wait, and see the visit in their list.
  const own = await newVisit(await patientIdByName(a, 'Бекмұхамедов'));
  assert.ok(own.participants.some((p) => p.role === 'patient'));
  const patient = await signIn(a, 'patient@demo.telemed');
  const list = (await as(a, patient)('GET', '/api/visits')).json();
  const mine = list.items.find((v: { id: string }) => v.id === own.id);
  assert.equal(mine?.myRole, 'patient');
  assert.equal(mine.clinicianName, 'Асель Нұрланова', 'the patient’s list says whom the visit is with');
  assert.ok(mine.facilityName.kk, 'and where');
  const ch = await openVisitChannel(baseA, own.id, patient.cookie);
  assert.equal((await ch.next('welcome')).admitted, false);
  ch.close();
});

test('a connection that floods the call channel is closed', async () => {
  const visit = await newVisit();
  const ch = await openVisitChannel(baseA, visit.id, doctor.cookie);
  await ch.next('welcome');
  for (let i = 0; i < 400; i++) ch.send({ type: 'ping' });
  assert.equal(await ch.closed, 1008);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { CareMessageEventMessage, RealtimeServerMessage } from '@telemed/contracts';
import { hashPassword } from '../identity/passwords.ts';
import { as, createTestApp, facilityId, patientIdByName, signIn } from '../../test-support/app.ts';
import { openChannel } from '../../test-support/realtime-client.ts';
import { cardiologySlots, eventually, userId } from '../scheduling/test-support.ts';

const t = await createTestApp();
await t.app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
const rtc = await facilityId(t, 'KZ-AKT-RTC');
const nsmc = await facilityId(t, 'KZ-NSMC');
const cardiologistId = await userId(t, 'cardiologist@demo.telemed');
const patientUserId = await userId(t, 'patient@demo.telemed');
const patient = await signIn(t, 'patient@demo.telemed');
const cardiologist = await signIn(t, 'cardiologist@demo.telemed');
const asPatient = as(t, patient, 'kk');
const asDoctor = as(t, cardiologist, 'ru');
const patientId = (patient.body.user as { patientId: string }).patientId;
const slots = await cardiologySlots(t, patient);

// The demo patient sees the cardiologist at the Aktobe regional centre: that makes its staff their care team there.
const booked = await asPatient('POST', '/api/appointments', { clinicianId: cardiologistId, facilityId: rtc, startsAt: slots[0].startsAt });
assert.equal(booked.statusCode, 201, booked.body);
const appointmentId = booked.json().id as string;

// A second patient with an account (Иванов, registered in Shalkar), with no appointment or visit at the regional centre.
await t.deps.db.insertInto('app_user').values({ email: 'ivanov@demo.telemed', display_name: 'Пётр Иванов', language: 'ru',
  password_hash: await hashPassword('ivanov-passphrase-1'), patient_id: await patientIdByName(t, 'Иванов') }).execute();
const otherPatient = await signIn(t, 'ivanov@demo.telemed', 'ivanov-passphrase-1');

const isCareEvent = (threadId: string) => (m: RealtimeServerMessage): m is CareMessageEventMessage =>
  m.type === 'event' && m.feed === 'care_message' && m.threadId === threadId;
const ready = (m: RealtimeServerMessage) => m.type === 'ready';
let threadId = '';

test('a patient away from the app is told of the care team’s answer, and the care team of the patient’s message, without its text', async () => {
  const list = await asPatient('GET', '/api/message-threads');
  assert.equal(list.statusCode, 200, list.body);
  assert.equal(list.json().side, 'patient');
  assert.deepEqual(list.json().items.map((i: { id: string | null; facilityId: string }) => [i.id, i.facilityId]), [[null, rtc]],
    'the facility of the appointment, to write to');
  const opened = await asPatient('POST', '/api/message-threads', { facilityId: rtc });
  assert.equal(opened.statusCode, 200, opened.body);
  threadId = opened.json().id;
  assert.equal((await asPatient('POST', '/api/message-threads', { facilityId: rtc })).json().id, threadId, 'one conversation per facility');

  await eventually(async () => (await t.deps.presence!.online([patientUserId, cardiologistId])).size === 0, 'nobody has the app open');
  const sent = await asPatient('POST', `/api/message-threads/${threadId}/messages`, { body: 'Қысымым 170/100, не істеуім керек?' });
  assert.equal(sent.statusCode, 201, sent.body);
  const toDoctor = () => t.notifier.sent.find((m) => m.kind === 'care_message' && m.to === 'cardiologist@demo.telemed');
  await eventually(() => Boolean(toDoctor()), 'notice to the cardiologist');
  assert.equal(toDoctor()!.body, `Пациент написал лечащей команде вашей организации. Войдите, чтобы прочитать.\n/messages/${threadId}`);

  const answer = await asDoctor('POST', `/api/message-threads/${threadId}/messages`, { body: 'Примите каптоприл 25 мг под язык и перезвоните' });
  assert.equal(answer.statusCode, 201, answer.body);
  const toPatient = () => t.notifier.sent.find((m) => m.kind === 'care_message' && m.to === 'patient@demo.telemed');
  await eventually(() => Boolean(toPatient()), 'notice to the patient');
  assert.equal(toPatient()!.body, `Емдеуші топтан жаңа хабарлама келді. Оны оқу үшін жүйеге кіріңіз.\n/messages/${threadId}`);
  const all = JSON.stringify(t.notifier.sent.filter((m) => m.kind === 'care_message'));
  assert.ok(!all.includes('170/100') && !all.includes('каптоприл') && !all.includes('Бекмұхамедов'), 'no clinical content, no name');
});

test('a message reaches the care team at once and the answer the patient; unread counts follow what each side has read', async () => {
  const doctorLive = await openChannel(base, cardiologist);
  const patientLive = await openChannel(base, patient);
  const outsiderLive = await openChannel(base, await signIn(t, 'doctor.irgiz@demo.telemed'));
  await Promise.all([doctorLive, patientLive, outsiderLive].map((c) => c.next(ready)));

  const sent = await asPatient('POST', `/api/message-threads/${threadId}/messages`, { body: 'Қысым түскен жоқ' });
  assert.equal(sent.statusCode, 201, sent.body);
  assert.deepEqual([sent.json().fromPatient, sent.json().mine, sent.json().authorName], [true, true, 'Серік Бекмұхамедов']);
  const ev = await doctorLive.next(isCareEvent(threadId));
  assert.equal((ev as CareMessageEventMessage).fromPatient, true);
  const raw = JSON.stringify(doctorLive.messages);
  assert.ok(!raw.includes('Қысым') && !raw.includes(patientId), 'the event carries no text and no patient');

  // The cardiologist's list: the patient's message since the cardiologist last answered is unread.
  const list = (await asDoctor('GET', '/api/message-threads')).json();
  assert.equal(list.side, 'care_team');
  assert.deepEqual(list.items.map((i: { id: string; patientName: string; unread: number }) => [i.id, i.patientName, i.unread]),
    [[threadId, 'Бекмұхамедов Серік', 1]]);
  const thread = await asDoctor('GET', `/api/message-threads/${threadId}`);
  assert.equal(thread.statusCode, 200, thread.body);
  assert.equal(thread.json().side, 'care_team');
  assert.deepEqual(thread.json().messages.map((m: { body: string; fromPatient: boolean; mine: boolean }) => [m.body, m.fromPatient, m.mine]), [
    ['Қысымым 170/100, не істеуім керек?', true, false], ['Примите каптоприл 25 мг под язык и перезвоните', false, true], ['Қысым түскен жоқ', true, false]]);
  assert.equal((await asDoctor('GET', '/api/message-threads')).json().items[0].unread, 0, 'read once opened');

  const coordinator = await signIn(t, 'coordinator@demo.telemed');
  assert.equal((await as(t, coordinator)('GET', '/api/message-threads')).json().items[0].unread, 2, 'each reader has their own count');
  await as(t, coordinator)('POST', `/api/message-threads/${threadId}/messages`, { body: 'Дежурный врач перезвонит вам через 10 минут' });

  await patientLive.next(isCareEvent(threadId));
  const mine = (await asPatient('GET', '/api/message-threads')).json().items;
  assert.deepEqual(mine.map((i: { id: string; unread: number }) => [i.id, i.unread]), [[threadId, 1]]);
  const read = (await asPatient('GET', `/api/message-threads/${threadId}`)).json();
  assert.deepEqual(read.messages.at(-1), { ...read.messages.at(-1), body: 'Дежурный врач перезвонит вам через 10 минут', fromPatient: false,
    authorName: 'Гүлнар Әбенова', visit: null });
  assert.equal((await asPatient('GET', '/api/message-threads')).json().items[0].unread, 0);
  // The facility of another district heard nothing.
  assert.equal(outsiderLive.messages.filter((m) => m.type === 'event').length, 0);
  for (const c of [doctorLive, patientLive, outsiderLive]) c.close();

  await t.deps.audit.settle();
  const audited = await t.deps.db.selectFrom('audit_event').select(['action', 'actor_user_id']).where('resource_id', '=', threadId)
    .where('patient_id', '=', patientId).where('outcome', '=', 'success').execute();
  for (const [action, actor] of [['care_message.send', patientUserId], ['care_message.send', cardiologistId], ['care_thread.read', cardiologistId],
    ['care_thread.read', patientUserId], ['care_thread.open', patientUserId]]) {
    assert.ok(audited.some((a) => a.action === action && a.actor_user_id === actor), `audited: ${action} by ${actor}`);
  }
});

test('nobody else reads or writes the conversation: another patient, another facility’s staff, the same doctor acting elsewhere', async () => {
  const asOther = as(t, otherPatient);
  assert.equal((await asOther('GET', `/api/message-threads/${threadId}`)).statusCode, 404);
  assert.equal((await asOther('POST', `/api/message-threads/${threadId}/messages`, { body: 'Сәлем' })).statusCode, 404);
  assert.equal((await asOther('POST', '/api/message-threads', { facilityId: rtc })).statusCode, 404, 'no appointment or visit there, no care team');
  assert.deepEqual((await asOther('GET', '/api/message-threads')).json().items, []);

  const irgiz = as(t, await signIn(t, 'doctor.irgiz@demo.telemed'));
  assert.equal((await irgiz('GET', `/api/message-threads/${threadId}`)).statusCode, 404);
  assert.deepEqual((await irgiz('GET', '/api/message-threads')).json().items, []);
  assert.equal((await irgiz('POST', '/api/message-threads', { patientId })).statusCode, 404);

  // The cardiologist also works at the national centre: acting there, the regional centre's conversation is not theirs.
  const elsewhere = await signIn(t, 'cardiologist@demo.telemed');
  assert.equal((await as(t, elsewhere)('POST', '/api/auth/facility', { facilityId: nsmc, role: 'consultant' })).statusCode, 200);
  assert.equal((await as(t, elsewhere)('GET', `/api/message-threads/${threadId}`)).statusCode, 404);
  assert.deepEqual((await as(t, elsewhere)('GET', '/api/message-threads')).json().items, []);

  // Roles that do not read patients have no conversations at all.
  for (const email of ['facility.admin@demo.telemed', 'analyst@demo.telemed']) {
    assert.equal((await as(t, await signIn(t, email))('GET', '/api/message-threads')).statusCode, 403, email);
  }

  await t.deps.audit.settle();
  const otherId = await userId(t, 'ivanov@demo.telemed');
  const denied = await t.deps.db.selectFrom('audit_event').select(['action', 'actor_user_id', 'patient_id']).where('outcome', '=', 'denied')
    .where('action', 'in', ['care_thread.read', 'care_message.send', 'care_thread.open']).execute();
  assert.ok(denied.some((d) => d.action === 'care_thread.read' && d.actor_user_id === otherId && d.patient_id === patientId));
  assert.ok(denied.some((d) => d.action === 'care_message.send' && d.actor_user_id === otherId));
  assert.ok(denied.some((d) => d.action === 'care_thread.read' && d.actor_user_id === cardiologistId));
});

test('from the call: both parties reach the same conversation with the visit referenced; messages are text of a bounded length', async () => {
  const visit = (await asDoctor('POST', `/api/appointments/${appointmentId}/visit`)).json();
  const fromDoctor = await asDoctor('POST', '/api/message-threads', { visitId: visit.id });
  assert.equal(fromDoctor.statusCode, 200, fromDoctor.body);
  assert.equal(fromDoctor.json().id, threadId, 'the patient’s conversation with the visit’s facility');
  assert.equal((await asPatient('POST', '/api/message-threads', { visitId: visit.id })).json().id, threadId);
  assert.equal((await as(t, otherPatient)('POST', '/api/message-threads', { visitId: visit.id })).statusCode, 404, 'not in the visit');

  const about = await asPatient('POST', `/api/message-threads/${threadId}/messages`, { body: 'Видео қосылмай жатыр, осында жазамын', visitId: visit.id });
  assert.equal(about.statusCode, 201, about.body);
  assert.equal(about.json().visit.id, visit.id);

  const url = `/api/message-threads/${threadId}/messages`;
  assert.equal((await asPatient('POST', url, { body: '   ' })).statusCode, 400, 'nothing to say');
  assert.equal((await asPatient('POST', url, { body: 'a'.repeat(2001) })).statusCode, 400, 'too long');
  assert.equal((await asPatient('POST', url, { body: 'a'.repeat(2000) })).statusCode, 201, 'the longest allowed');
  // A visit of someone else, or of another facility, is not something this conversation is about.
  const othersVisit = await t.deps.db.insertInto('visit').values({ facility_id: rtc, patient_id: await patientIdByName(t, 'Иванов'),
    consultation_id: null, appointment_id: null, scheduled_at: null, created_by: cardiologistId, started_at: null, ended_at: null })
    .returning('id').executeTakeFirstOrThrow();
  const wrong = await asPatient('POST', url, { body: 'Сәлем', visitId: othersVisit.id });
  assert.equal(wrong.statusCode, 400);
  assert.deepEqual(wrong.json().errors.map((e: { path: string }) => e.path), ['body.visitId']);
  assert.equal((await asPatient('POST', '/api/message-threads', {})).statusCode, 400, 'say which conversation');
  assert.equal((await asPatient('POST', '/api/message-threads', { facilityId: rtc, visitId: visit.id })).statusCode, 400, 'one at a time');
  // Messages are part of the record: the database keeps them as written.
  await assert.rejects(t.deps.db.updateTable('care_message').set({ body: 'x' }).where('thread_id', '=', threadId).execute(), /cannot change/);
});

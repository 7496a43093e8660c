import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RecordingState } from '@telemed/contracts';
import { visitTestApp } from './visit-test-app.test-support.ts';
import { as, signIn } from '../../test-support/app.ts';
import { eventually } from '../scheduling/test-support.ts';
import { openVisitChannel, type VisitChannel } from '../../test-support/visit-client.ts';
import { metadataHeader, tusRequest } from '../attachments/tus-client.test-support.ts';

const { t, blobDir, port, base, patientId, doctor, asDoctor } = await visitTestApp('recordings');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A file that starts like a browser's WebM recording (EBML header, doctype "webm"), random after. */
function webmBytes(size = 40_000): Buffer {
  const header = Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0xf7, 0x81, 0x01, 0x42, 0xf2, 0x81, 0x04, 0x42, 0xf3, 0x81,
    0x08, 0x42, 0x82, 0x84, 0x77, 0x65, 0x62, 0x6d, 0x42, 0x87, 0x81, 0x04, 0x42, 0x85, 0x81, 0x02]);
  return Buffer.concat([header, randomBytes(size - header.length)]);
}

interface Person { id: string; ch: VisitChannel; name: string; cookie: string }

/** A visit with the clinician in the call and, admitted and connected, guests by personal link. */
async function callWith(...guests: { role: string; name: string }[]) {
  const visit = (await asDoctor('POST', '/api/visits', { patientId })).json() as { id: string; me: { participantId: string } };
  const clinician: Person = { id: visit.me.participantId, ch: await openVisitChannel(base, visit.id, doctor.cookie), name: 'doctor',
    cookie: doctor.cookie };
  await clinician.ch.next('welcome');
  const people: Person[] = [];
  for (const g of guests) people.push(await join(visit.id, clinician, g));
  return { visitId: visit.id, clinician, people };
}

async function join(visitId: string, clinician: Person, g: { role: string; name: string }): Promise<Person> {
  const inv = (await asDoctor('POST', `/api/visits/${visitId}/invites`, { role: g.role, displayName: g.name, language: 'ru', expiresInMinutes: 60 }))
    .json() as { participantId: string; token: string };
  const redeemed = await t.app.inject({ method: 'POST', url: '/api/visit-links/redeem', payload: { token: inv.token } });
  const cookie = `tm_visit=${redeemed.cookies.find((c) => c.name === 'tm_visit')!.value}`;
  const ch = await openVisitChannel(base, visitId, cookie);
  await ch.next('welcome');
  clinician.ch.send({ type: 'admit', participantId: inv.participantId });
  await ch.next('admitted');
  await clinician.ch.next('roster', (m) => m.participants.some((p) => p.id === inv.participantId && p.admitted && p.online));
  return { id: inv.participantId, ch, name: g.name, cookie };
}

/** The next recording state a participant is told that matches. */
async function told(p: Person, match: (r: RecordingState) => boolean): Promise<RecordingState> {
  const m = await p.ch.next('recording', (x) => x.recording !== null && match(x.recording));
  // Consumed, so the next wait sees only what comes after.
  p.ch.messages.splice(p.ch.messages.indexOf(m), 1);
  return m.recording!;
}

const createUpload = (visitId: string, recordingId: string, data: Buffer, over: Record<string, string> = {}) =>
  tusRequest({ port, session: doctor }, 'POST', `/api/visits/${visitId}/recordings/${recordingId}/uploads`, { 'upload-length': data.length,
    'upload-metadata': metadataHeader({ filename: 'visit.webm', filetype: 'video/webm', sha256: sha(data), durationMs: '4200',
      ...over }) });

async function uploadAndCommit(visitId: string, recordingId: string, data: Buffer) {
  const created = await createUpload(visitId, recordingId, data);
  assert.equal(created.status, 201, created.body);
  // The upload lives under the request's address.
  assert.match(created.headers.location!, new RegExp(`^/api/visits/${visitId}/recordings/${recordingId}/uploads/[0-9a-f]{32}$`));
  const uploadId = created.headers.location!.split('/').pop()!;
  const patched = await tusRequest({ port, session: doctor }, 'PATCH', created.headers.location!, { 'upload-offset': 0 }, data);
  assert.equal(patched.status, 204, patched.body);
  return asDoctor('POST', `/api/visits/${visitId}/recordings/${recordingId}`, { uploadId });
}

async function auditedActions(visitId: string, outcome = 'success'): Promise<string[]> {
  await t.deps.audit.settle();
  const rows = await t.deps.db.selectFrom('audit_event').select(['action', 'details']).where('resource_id', '=', visitId).where('outcome', '=', outcome)
    .where('patient_id', '=', patientId).orderBy('seq').execute();
  return rows.map((r) => `${r.action}${(r.details as { decision?: string } | null)?.decision ? `:${(r.details as { decision: string }).decision}` : ''}`);
}

test('recording starts only when everyone present has accepted; it is kept sealed, listed for the clinician, played back, every step audited', async () => {
  const { visitId, clinician, people: [patient] } = await callWith({ role: 'patient', name: 'Пётр Иванов' });
  clinician.ch.send({ type: 'recording-request' });
  const asked = await told(patient!, (r) => r.state === 'asking');
  assert.deepEqual(asked.pending, [patient!.id], 'the patient is asked');
  assert.deepEqual(asked.accepted, [clinician.id], 'asking is consenting');
  assert.equal(asked.requestedBy, clinician.id);

  // Before the patient answers, the server refuses any upload for it, whatever the browser sends.
  const early = await createUpload(visitId, asked.id, webmBytes());
  assert.equal(early.status, 409, early.body);
  // Said in the doctor's own language.
  assert.match(JSON.parse(early.body).title, /келісім бермеді/);

  patient!.ch.send({ type: 'recording-consent', recordingId: asked.id, accept: true });
  const running = await told(clinician, (r) => r.state === 'recording');
  assert.deepEqual(running.pending, []);
  assert.ok(running.startedAt);
  await told(patient!, (r) => r.state === 'recording');
  // An answer is given once.
  patient!.ch.send({ type: 'recording-consent', recordingId: asked.id, accept: false });
  assert.equal((await patient!.ch.next('error')).code, 'recording_answered');
  // Only a clinician managing the visit asks or stops.
  patient!.ch.send({ type: 'recording-stop', recordingId: asked.id });
  assert.equal((await patient!.ch.next('error', (e) => e.code === 'forbidden')).code, 'forbidden');
  clinician.ch.send({ type: 'recording-request' });
  assert.equal((await clinician.ch.next('error')).code, 'recording_active', 'one request at a time');

  clinician.ch.send({ type: 'recording-stop', recordingId: asked.id });
  const stopped = await told(patient!, (r) => r.state === 'stopped');
  assert.equal(stopped.endReason, 'stopped');

  const data = webmBytes();
  const committed = await uploadAndCommit(visitId, asked.id, data);
  assert.equal(committed.statusCode, 201, committed.body);
  assert.equal(committed.json().size, data.length);
  assert.equal(committed.json().durationMs, 4200);
  assert.equal((await told(clinician, (r) => r.stored)).id, asked.id, 'the call is told it is stored');
  // Sealed at rest: the stored blob is not the plaintext.
  const stored = fs.readFileSync(path.join(blobDir, 'sealed', sha(data).slice(0, 2), sha(data)));
  assert.equal(stored.includes(data.subarray(0, 4096)), false);

  const list = await asDoctor('GET', `/api/visits/${visitId}/recordings`);
  assert.equal(list.statusCode, 200, list.body);
  const [item] = list.json().items;
  assert.equal(item.id, asked.id);
  assert.deepEqual(item.consentedBy.map((c: { role: string }) => c.role), ['clinician', 'patient'], 'who consented, in order');
  assert.equal(item.consentedBy[1].displayName, 'Пётр Иванов');
  const whole = await asDoctor('GET', `/api/visits/${visitId}/recordings/${asked.id}/content`);
  assert.equal(whole.statusCode, 200);
  assert.equal(whole.headers['content-type'], 'video/webm');
  assert.ok(whole.rawPayload.equals(data));
  const ranged = await asDoctor('GET', `/api/visits/${visitId}/recordings/${asked.id}/content`, undefined, { range: 'bytes=100-199' });
  assert.equal(ranged.statusCode, 206);
  assert.ok(ranged.rawPayload.equals(data.subarray(100, 200)));

  // Not for guests, nor for staff outside the visit.
  assert.equal((await t.app.inject({ url: `/api/visits/${visitId}/recordings`, headers: { cookie: patient!.cookie } })).statusCode, 401);
  const cardiologist = await signIn(t, 'cardiologist@demo.telemed');
  assert.equal((await as(t, cardiologist)('GET', `/api/visits/${visitId}/recordings`)).statusCode, 404);
  assert.equal((await t.app.inject({ url: `/api/visits/${visitId}/recordings` })).statusCode, 401);

  assert.deepEqual((await auditedActions(visitId)).filter((a) => a.startsWith('visit.recording')), [
    'visit.recording.request', 'visit.recording.consent:accepted', 'visit.recording.consent:accepted', 'visit.recording.start',
    'visit.recording.stop', 'visit.recording.store', 'visit.recording.list', 'visit.recording.read', 'visit.recording.read']);
  assert.ok((await auditedActions(visitId, 'denied')).includes('visit.recording.upload'), 'the early upload is audited as refused');
  clinician.ch.close();
  patient!.ch.close();
});

test('one decline cancels the request: nothing can be uploaded for it, and a new request can be made', async () => {
  const { visitId, clinician, people: [patient, interpreter] } = await callWith({ role: 'patient', name: 'Пётр Иванов' },
    { role: 'interpreter', name: 'Айгүл' });
  clinician.ch.send({ type: 'recording-request' });
  const asked = await told(clinician, (r) => r.state === 'asking' && r.pending.length === 2);
  assert.deepEqual([...asked.pending].sort(), [patient!.id, interpreter!.id].sort());
  interpreter!.ch.send({ type: 'recording-consent', recordingId: asked.id, accept: true });
  await told(clinician, (r) => r.state === 'asking' && r.pending.length === 1);
  patient!.ch.send({ type: 'recording-consent', recordingId: asked.id, accept: false });
  const cancelled = await told(interpreter!, (r) => r.state === 'cancelled');
  assert.equal(cancelled.declinedBy, patient!.id);
  assert.equal(cancelled.endReason, 'declined');
  assert.equal(cancelled.startedAt, null);

  const refused = await createUpload(visitId, asked.id, webmBytes());
  assert.equal(refused.status, 409, refused.body);
  const row = await t.deps.db.selectFrom('visit_recording').select(['state', 'sha256']).where('id', '=', asked.id).executeTakeFirstOrThrow();
  assert.deepEqual(row, { state: 'cancelled', sha256: null });
  // The database itself keeps no recording without consent.
  await assert.rejects(t.deps.db.updateTable('visit_recording').set({ sha256: sha(Buffer.from('x')) }).where('id', '=', asked.id).execute());

  clinician.ch.send({ type: 'recording-request' });
  const again = await told(patient!, (r) => r.state === 'asking' && r.id !== asked.id);
  assert.deepEqual([...again.pending].sort(), [patient!.id, interpreter!.id].sort(), 'everyone is asked afresh');
  // The new request's own consent (the asker's) is audited after the others are told of it: wait for its record.
  const consents = async () => (await auditedActions(visitId)).filter((x) => x.startsWith('visit.recording.consent'));
  await eventually(async () => (await consents()).length >= 4, 'the second request\'s consent audited');
  assert.deepEqual(await consents(),
    ['visit.recording.consent:accepted', 'visit.recording.consent:accepted', 'visit.recording.consent:declined', 'visit.recording.consent:accepted']);
  for (const p of [clinician, patient!, interpreter!]) p.ch.close();
});

test('someone who joins while recording pauses it until they accept; a later joiner who declines stops it', async () => {
  const { visitId, clinician, people: [patient] } = await callWith({ role: 'patient', name: 'Пётр Иванов' });
  clinician.ch.send({ type: 'recording-request' });
  const asked = await told(patient!, (r) => r.state === 'asking');
  patient!.ch.send({ type: 'recording-consent', recordingId: asked.id, accept: true });
  await told(clinician, (r) => r.state === 'recording');

  const interpreter = await join(visitId, clinician, { role: 'interpreter', name: 'Айгүл' });
  const paused = await told(interpreter, (r) => r.state === 'paused');
  assert.deepEqual(paused.pending, [interpreter.id], 'only the newcomer is asked');
  await told(clinician, (r) => r.state === 'paused');
  interpreter.ch.send({ type: 'recording-consent', recordingId: asked.id, accept: true });
  await told(clinician, (r) => r.state === 'recording');

  // Someone who was asked and leaves is not waited for; back, their answer stands.
  interpreter.ch.close();
  await interpreter.ch.closed;
  await clinician.ch.next('roster', (m) => m.participants.some((p) => p.id === interpreter.id && !p.online));
  const family = await join(visitId, clinician, { role: 'family', name: 'Дочь' });
  await told(family, (r) => r.state === 'paused' && r.pending.length === 1 && r.pending[0] === family.id);
  family.ch.send({ type: 'recording-consent', recordingId: asked.id, accept: false });
  const stopped = await told(clinician, (r) => r.state === 'stopped');
  assert.equal(stopped.endReason, 'declined');
  assert.equal(stopped.declinedBy, family.id);

  // What was recorded before had everyone's consent: it may be kept.
  const committed = await uploadAndCommit(visitId, asked.id, webmBytes());
  assert.equal(committed.statusCode, 201, committed.body);
  assert.deepEqual((await auditedActions(visitId)).filter((a) => /start|pause|resume/.test(a)),
    ['visit.recording.start', 'visit.recording.pause', 'visit.recording.resume', 'visit.recording.pause']);
  for (const p of [clinician, patient!, family]) p.ch.close();
});

test('uploads that do not belong to a consented request, or are not WebM, are refused; ending the visit stops the recording', async () => {
  const { visitId, clinician, people: [patient] } = await callWith({ role: 'patient', name: 'Пётр Иванов' });
  clinician.ch.send({ type: 'recording-request' });
  const asked = await told(patient!, (r) => r.state === 'asking');
  patient!.ch.send({ type: 'recording-consent', recordingId: asked.id, accept: true });
  await told(clinician, (r) => r.state === 'recording');

  const other = await callWith();
  assert.equal((await createUpload(other.visitId, asked.id, webmBytes())).status, 404, 'a request of another visit');
  assert.equal((await createUpload(visitId, asked.id, webmBytes(), { filetype: 'application/pdf' })).status, 415);
  // Another clinician of the network, not in this visit, cannot upload into it.
  const cardiologist = await signIn(t, 'cardiologist@demo.telemed');
  const data = webmBytes();
  const foreign = await tusRequest({ port, session: cardiologist }, 'POST', `/api/visits/${visitId}/recordings/${asked.id}/uploads`,
    { 'upload-length': data.length, 'upload-metadata': metadataHeader({ filename: 'x.webm', filetype: 'video/webm', sha256: sha(data) }) });
  assert.equal(foreign.status, 404);

  const ended = await asDoctor('POST', `/api/visits/${visitId}/end`);
  assert.equal(ended.statusCode, 200);
  const row = await t.deps.db.selectFrom('visit_recording').select(['state', 'end_reason']).where('id', '=', asked.id).executeTakeFirstOrThrow();
  assert.deepEqual(row, { state: 'stopped', end_reason: 'visit_ended' });

  // After the visit ended the recording still uploads; a file that is not WebM is refused at commit.
  const fake = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(1000)]);
  const notWebm = await uploadAndCommit(visitId, asked.id, fake);
  assert.equal(notWebm.statusCode, 415, notWebm.body);
  const kept = await uploadAndCommit(visitId, asked.id, webmBytes());
  assert.equal(kept.statusCode, 201, kept.body);
  other.clinician.ch.close();
});

test('a broadcast cannot be made without the SFU', async () => {
  const res = await asDoctor('POST', '/api/visits', { patientId, broadcast: true });
  assert.equal(res.statusCode, 409);
  assert.ok(res.json().type.endsWith('broadcast-unavailable'));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { visitTestApp } from './visit-test-app.test-support.ts';
import { as, facilityId, signIn, type Session } from '../../test-support/app.ts';
import { openVisitChannel } from '../../test-support/visit-client.ts';
import { metadataHeader, patchThenDrop, tusRequest, type TusTarget } from '../attachments/tus-client.test-support.ts';
import { cardiologySlots, userId } from '../scheduling/test-support.ts';

const { t, blobDir, port, base, patientId, doctor, asDoctor } = await visitTestApp('visit-files');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A guest in a browser: the pass cookie only (no session, hence no CSRF token). */
const guestSession = (cookie: string): Session => ({ cookie, csrf: '', body: {} });

async function newVisit() {
  const res = await asDoctor('POST', '/api/visits', { patientId });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; me: { participantId: string } };
}

async function guestOf(visitId: string, displayName = 'Аударма', role = 'interpreter') {
  const inv = await asDoctor('POST', `/api/visits/${visitId}/invites`, { role, displayName, language: 'ru', expiresInMinutes: 60 });
  assert.equal(inv.statusCode, 201, inv.body);
  const redeemed = await t.app.inject({ method: 'POST', url: '/api/visit-links/redeem', payload: { token: inv.json().token } });
  const c = redeemed.cookies.find((x) => x.name === 'tm_visit')!;
  return { participantId: inv.json().participantId as string, inviteId: inv.json().inviteId as string, session: guestSession(`tm_visit=${c.value}`) };
}

function pdfBytes(size: number): Buffer {
  const body = randomBytes(size);
  Buffer.from('%PDF-1.4\n').copy(body);
  return body;
}

const asGuest = (s: Session) => (method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url, payload: payload as Record<string, unknown> | undefined, headers: { cookie: s.cookie, 'accept-language': 'en', ...headers } });

async function createUpload(s: Session, visitId: string, data: Buffer, over: Record<string, string> = {}, headers: Record<string, string> = {}) {
  return tusRequest({ port, session: s }, 'POST', `/api/visits/${visitId}/uploads`, { 'upload-length': data.length,
    'upload-metadata': metadataHeader({ filename: 'Выписка Иванов.pdf', filetype: 'application/pdf', sha256: sha(data), ...over }), ...headers },
  undefined, { csrf: s.csrf !== '' });
}

/** tus creation and one PATCH, as tus-js-client sends them; returns the upload id. */
async function upload(s: Session, visitId: string, data: Buffer, over: Record<string, string> = {}): Promise<string> {
  const created = await createUpload(s, visitId, data, over);
  assert.equal(created.status, 201, created.body);
  const location = created.headers.location!;
  assert.match(location, new RegExp(`^/api/visits/${visitId}/uploads/[0-9a-f]{32}$`), 'the upload stays under the visit’s API');
  const patched = await tusRequest({ port, session: s }, 'PATCH', location, { 'upload-offset': 0 }, data, { csrf: s.csrf !== '' });
  assert.equal(patched.status, 204, patched.body);
  return location.split('/').pop()!;
}

async function share(s: Session, visitId: string, data: Buffer, over: Record<string, string> = {}) {
  const uploadId = await upload(s, visitId, data, over);
  const committed = await as(t, s.csrf ? s : null)('POST', `/api/visits/${visitId}/files`, { uploadId }, s.csrf ? {} : { cookie: s.cookie });
  assert.equal(committed.statusCode, 201, committed.body);
  return committed.json() as { id: string; fileName: string; sharedByName: string; hasThumbnail: boolean; sha256: string; participantId: string };
}

async function auditRows(visitId: string) {
  await t.deps.audit.settle();
  return t.deps.db.selectFrom('audit_event').select(['action', 'outcome', 'patient_id', 'details', 'actor_user_id']).where('resource_id', '=', visitId)
    .where('action', 'like', 'visit.file.%').execute();
}

test('a guest shares a PDF during the call: it is announced in the chat, the clinician opens it, and every step is audited against the patient',
  async () => {
    const visit = await newVisit();
    const guest = await guestOf(visit.id);
    const clinician = await openVisitChannel(base, visit.id, doctor.cookie);
    await clinician.next('welcome');

    // The link drops half-way through: the guest's upload resumes from where the server has it.
    const data = pdfBytes(2 * 1024 * 1024 + 17);
    const created = await createUpload(guest.session, visit.id, data);
    assert.equal(created.status, 201, created.body);
    const location = created.headers.location!;
    const target: TusTarget = { port, session: guest.session };
    await patchThenDrop(target, location, 0, data, 700_000);
    const head = await tusRequest(target, 'HEAD', location, {});
    const offset = Number(head.headers['upload-offset']);
    assert.ok(offset > 0 && offset < data.length, `partial offset ${offset}`);
    assert.equal((await tusRequest(target, 'PATCH', location, { 'upload-offset': offset }, data.subarray(offset), { csrf: false })).status, 204);
    const uploadId = location.split('/').pop()!;
    const committed = await asGuest(guest.session)('POST', `/api/visits/${visit.id}/files`, { uploadId });
    assert.equal(committed.statusCode, 201, committed.body);
    const file = committed.json();
    assert.equal(file.fileName, 'Выписка Иванов.pdf');
    assert.equal(file.sharedByName, 'Аударма');
    assert.equal(file.participantId, guest.participantId);
    assert.equal(file.sha256, sha(data));
    // Committing the same upload again (an answer lost on the way) shares it once.
    const again = await asGuest(guest.session)('POST', `/api/visits/${visit.id}/files`, { uploadId });
    assert.equal(again.statusCode, 201);
    assert.equal(again.json().id, file.id);

    // The clinician's call channel hears of it as a chat message naming the file.
    const chat = await clinician.next('chat', (m) => m.message.file !== undefined);
    assert.equal(chat.message.file!.id, file.id);
    assert.equal(chat.message.body, 'Выписка Иванов.pdf');
    assert.equal(chat.message.displayName, 'Аударма');
    clinician.close();
    const messages = (await asDoctor('GET', `/api/visits/${visit.id}`)).json().messages;
    assert.deepEqual(messages.map((m: { file?: { id: string } }) => m.file?.id), [file.id], 'the announcement is kept in the visit’s chat');

    // The clinician opens it (whole, and the range a PDF viewer asks for); so does the guest who shared it.
    const list = await asDoctor('GET', `/api/visits/${visit.id}/files`);
    assert.deepEqual(list.json().items.map((f: { id: string }) => f.id), [file.id]);
    const read = await asDoctor('GET', `/api/visits/${visit.id}/files/${file.id}/content`);
    assert.equal(read.statusCode, 200);
    assert.equal(read.headers['content-type'], 'application/pdf');
    assert.equal(read.headers['cache-control'], 'private, no-store');
    assert.ok(read.rawPayload.equals(data), 'the clinician reads the file byte for byte');
    const ranged = await asDoctor('GET', `/api/visits/${visit.id}/files/${file.id}/content`, undefined, { range: 'bytes=-1000' });
    assert.equal(ranged.statusCode, 206);
    assert.ok(ranged.rawPayload.equals(data.subarray(data.length - 1000)));
    const byGuest = await asGuest(guest.session)('GET', `/api/visits/${visit.id}/files/${file.id}/content?download=1`);
    assert.equal(byGuest.statusCode, 200);
    assert.match(String(byGuest.headers['content-disposition']), /^attachment; /);

    // Sealed at rest, staging gone.
    assert.equal(fs.existsSync(path.join(blobDir, 'staging', 'incoming', uploadId)), false);
    const stored = fs.readFileSync(path.join(blobDir, 'sealed', file.sha256.slice(0, 2), file.sha256));
    assert.equal(stored.indexOf(data.subarray(1000, 1064)), -1, 'no plaintext at rest');

    const rows = await auditRows(visit.id);
    const success = rows.filter((r) => r.outcome === 'success');
    for (const action of ['visit.file.upload', 'visit.file.create', 'visit.file.list', 'visit.file.read']) {
      assert.ok(success.some((r) => r.action === action && r.patient_id === patientId), `audited against the patient: ${action}`);
    }
    // Two readers, two records each: the clinician (a user) and the guest (by participant).
    const reads = success.filter((r) => r.action === 'visit.file.read');
    assert.equal(reads.length, 3);
    assert.ok(reads.some((r) => r.actor_user_id === null && (r.details as { participantId: string }).participantId === guest.participantId));
    assert.ok(reads.every((r) => (r.details as { fileId: string }).fileId === file.id));
    assert.ok(!JSON.stringify(rows.map((r) => r.details)).includes('Иванов'), 'the file’s name (which may name the patient) is not in the audit trail');
  });

test('outsiders and participants of another visit are refused with 404; a guest’s pass holds only for its own visit', async () => {
  const visit = await newVisit();
  const other = await newVisit();
  const guest = await guestOf(visit.id);
  const otherGuest = await guestOf(other.id, 'Relative', 'family');
  const file = await share(doctor, visit.id, pdfBytes(40_000));
  const content = `/api/visits/${visit.id}/files/${file.id}/content`;

  // A clinician who is not in the visit (signed in, with visit.join) learns nothing.
  const cardiologist = await signIn(t, 'cardiologist@demo.telemed');
  assert.equal((await as(t, cardiologist)('GET', content)).statusCode, 404);
  assert.equal((await as(t, cardiologist)('GET', `/api/visits/${visit.id}/files`)).statusCode, 404);
  assert.equal((await createUpload(cardiologist, visit.id, pdfBytes(100))).status, 404);
  // An analyst has no visit.join at all.
  assert.equal((await as(t, await signIn(t, 'analyst@demo.telemed'))('GET', content)).statusCode, 403);

  // The other visit's guest: their pass does not hold here, and this visit's file is not in theirs.
  assert.equal((await asGuest(otherGuest.session)('GET', content)).statusCode, 404);
  assert.equal((await createUpload(otherGuest.session, visit.id, pdfBytes(100))).status, 404);
  assert.equal((await asGuest(otherGuest.session)('GET', `/api/visits/${other.id}/files/${file.id}/content`)).statusCode, 404);
  // Nor does the doctor's own other visit lead to it.
  assert.equal((await asDoctor('GET', `/api/visits/${other.id}/files/${file.id}/content`)).statusCode, 404);

  // An upload belongs to the participant who started it: nobody else in the visit may resume or commit it.
  const data = pdfBytes(10_000);
  const created = await createUpload(guest.session, visit.id, data);
  const location = created.headers.location!;
  assert.equal((await tusRequest({ port, session: doctor }, 'HEAD', location, {})).status, 404);
  assert.equal((await asDoctor('POST', `/api/visits/${visit.id}/files`, { uploadId: location.split('/').pop() })).statusCode, 404);
  // Forced to another visit's address, the upload is not found there either.
  const elsewhere = location.replace(visit.id, other.id);
  assert.equal((await tusRequest({ port, session: otherGuest.session }, 'HEAD', elsewhere, {})).status, 404);

  // A guest's write from another site's page is refused, as is one with no pass at all.
  assert.equal((await createUpload(guest.session, visit.id, data, {}, { origin: 'https://evil.example' })).status, 401);
  assert.equal((await asGuest(guest.session)('POST', `/api/visits/${visit.id}/files`, { uploadId: 'a'.repeat(32) },
    { origin: 'https://evil.example' })).statusCode, 401);
  assert.equal((await t.app.inject({ url: content })).statusCode, 401);
  // A signed-in participant's writes still need the session's CSRF token.
  assert.equal((await tusRequest({ port, session: doctor }, 'POST', `/api/visits/${visit.id}/uploads`, { 'upload-length': 10,
    'upload-metadata': metadataHeader({ filename: 'a.pdf', filetype: 'application/pdf', sha256: sha(data) }) }, undefined, { csrf: false })).status, 403);

  // A guest whose link is withdrawn loses the files along with the visit.
  assert.equal((await asGuest(guest.session)('GET', content)).statusCode, 200);
  assert.equal((await asDoctor('DELETE', `/api/visits/${visit.id}/invites/${guest.inviteId}`)).statusCode, 200);
  assert.equal((await asGuest(guest.session)('GET', content)).statusCode, 404);

  const denied = (await auditRows(visit.id)).filter((r) => r.outcome === 'denied');
  assert.ok(denied.some((r) => r.action === 'visit.file.read' && r.actor_user_id !== null), 'the outsider’s attempt is audited');
  assert.ok((await auditRows(other.id)).some((r) => r.outcome === 'denied' && r.action === 'visit.file.read'
    && (r.details as { fileId?: string }).fileId === file.id), 'reaching for another visit’s file is audited');
});

test('size and type are checked as for a case’s attachments, in the user’s language', async () => {
  const visit = await newVisit();
  const guest = await guestOf(visit.id);
  const tooBig = await tusRequest({ port, session: guest.session }, 'POST', `/api/visits/${visit.id}/uploads`, { 'upload-length': 3 * 1024 ** 3,
    'accept-language': 'ru', 'upload-metadata': metadataHeader({ filename: 'big.pdf', filetype: 'application/pdf', sha256: 'a'.repeat(64) }) },
  undefined, { csrf: false });
  assert.equal(tooBig.status, 413);
  assert.match(JSON.parse(tooBig.body).title, /2 GB/);
  const html = await createUpload(guest.session, visit.id, Buffer.from('<html>'), { filetype: 'text/html', filename: 'x.html' });
  assert.equal(html.status, 415);

  // A page of HTML declared as a JPEG is refused at commit, and nothing is shared.
  const fake = Buffer.from('<html><script>alert(1)</script></html>');
  const uploadId = await upload(guest.session, visit.id, fake, { filetype: 'image/jpeg', filename: 'photo.jpg' });
  const refused = await asGuest(guest.session)('POST', `/api/visits/${visit.id}/files`, { uploadId });
  assert.equal(refused.statusCode, 415, refused.body);
  // Bytes that do not hash to what the browser declared arrived damaged.
  const damaged = await upload(guest.session, visit.id, pdfBytes(5000), { sha256: sha(Buffer.from('something else')) });
  assert.equal((await asGuest(guest.session)('POST', `/api/visits/${visit.id}/files`, { uploadId: damaged })).statusCode, 422);
  assert.deepEqual((await asDoctor('GET', `/api/visits/${visit.id}/files`)).json().items, []);
  const failures = (await auditRows(visit.id)).filter((r) => r.outcome === 'failure').map((r) => (r.details as { problem: string }).problem);
  assert.deepEqual(failures.sort(), ['attachment_corrupted', 'attachment_type_mismatch']);
});

test('the patient adds a photo from the portal before the visit; the clinician finds it with a preview, also after the visit ends', async () => {
  const patient = await signIn(t, 'patient@demo.telemed');
  const cardiologist = await signIn(t, 'cardiologist@demo.telemed');
  const slots = await cardiologySlots(t, patient);
  const booked = await as(t, patient)('POST', '/api/appointments', { clinicianId: await userId(t, 'cardiologist@demo.telemed'),
    facilityId: await facilityId(t, 'KZ-AKT-RTC'), startsAt: slots[0]!.startsAt });
  assert.equal(booked.statusCode, 201, booked.body);
  const visit = (await as(t, patient)('POST', `/api/appointments/${booked.json().id}/visit`)).json();
  assert.equal(visit.me.role, 'patient');

  // Days before the visit, waiting (not admitted), the patient sends a photo taken with the phone.
  const photo = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#c44' } }).jpeg().toBuffer();
  const shared = await share(patient, visit.id, photo, { filename: 'rash.jpg', filetype: 'image/jpeg' });
  assert.equal(shared.hasThumbnail, true);
  assert.equal(shared.sharedByName, 'Серік Бекмұхамедов');

  const list = await as(t, cardiologist)('GET', `/api/visits/${visit.id}/files`);
  assert.equal(list.statusCode, 200, list.body);
  assert.deepEqual(list.json().items.map((f: { fileName: string }) => f.fileName), ['rash.jpg']);
  const thumb = await as(t, cardiologist)('GET', `/api/visits/${visit.id}/files/${shared.id}/thumbnail`);
  assert.equal(thumb.statusCode, 200);
  assert.equal(thumb.headers['content-type'], 'image/webp');
  assert.ok(thumb.rawPayload.length < photo.length / 2, 'the preview is a fraction of the photo');
  assert.equal((await sharp(thumb.rawPayload).metadata()).width, 320);

  // After the visit the file is still in its record; nothing more can be shared into it.
  const clinicianVisit = (await as(t, cardiologist)('POST', `/api/appointments/${booked.json().id}/visit`)).json();
  assert.equal(clinicianVisit.id, visit.id);
  assert.equal((await as(t, cardiologist)('POST', `/api/visits/${visit.id}/end`)).statusCode, 200);
  assert.equal((await as(t, cardiologist)('GET', `/api/visits/${visit.id}/files/${shared.id}/content`)).statusCode, 200);
  assert.equal((await as(t, patient)('GET', `/api/visits/${visit.id}/files`)).json().items.length, 1);
  const late = await createUpload(patient, visit.id, photo, { filename: 'late.jpg', filetype: 'image/jpeg' });
  assert.equal(late.status, 409);
});

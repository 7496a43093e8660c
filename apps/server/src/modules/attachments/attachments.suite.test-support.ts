import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { as, createTestApp, facilityId, patientIdByName, signIn, type Session } from '../../test-support/app.ts';
import { metadataHeader, patchThenDrop, tusRequest, type TusTarget } from './tus-client.test-support.ts';
import { sweepStaging } from './uploads.ts';
import { CHUNK_SIZE, HEADER_SIZE } from '../../platform/blob-crypto.ts';

/** Where a backend keeps sealed blobs, seen from outside the app (its folder, or the bucket over the S3 protocol). */
export interface BlobBackend {
  name: string;
  /** createTestApp environment: BLOB_DIR (staging, and sealed blobs for the filesystem) and the store's settings. */
  env: Record<string, string>;
  blobDir: string;
  /** The stored (sealed) bytes of a blob, or null when the store has none under that address. */
  storedBytes(sha256: string): Promise<Buffer | null>;
  /** Replaces a stored blob's bytes behind the app's back (damage at rest). */
  overwrite(sha256: string, bytes: Buffer): Promise<void>;
}

/**
 * The attachment journeys, run once per blob store: upload over tus (with a dropped link), commit,
 * read (whole and ranged), thumbnails, refusals, damage in transit and at rest, dedupe, expiry.
 */
export async function runAttachmentSuite(backend: BlobBackend) {
  const t = await createTestApp({ env: backend.env });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (t.app.server.address() as AddressInfo).port;
  const hub = await facilityId(t, 'KZ-AKT-RTC');
  const patientId = await patientIdByName(t, 'Иванов');
  const doctor = await signIn(t, 'doctor.shalkar@demo.telemed');
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  const staging = path.join(backend.blobDir, 'staging', 'incoming');

  async function newCase(): Promise<string> {
    const res = await as(t, doctor)('POST', '/api/consultations', { patientId, targetFacilityId: hub, profile: 'cardiology', urgency: 'urgent',
      mode: 'async', question: 'ECG attached: ST elevation?', summary: { complaints: 'Chest pain' }, submit: true });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id;
  }

  /** A PDF-looking file: real header, random body (so no two tests share a blob). */
  function pdfBytes(size: number): Buffer {
    const body = randomBytes(size);
    Buffer.from('%PDF-1.4\n').copy(body);
    return body;
  }

  async function create(s: Session, consultationId: string, data: Buffer, over: Record<string, string> = {}, lang = 'en') {
    return tusRequest({ port, session: s }, 'POST', '/api/uploads', { 'upload-length': data.length, 'accept-language': lang,
      'upload-metadata': metadataHeader({ consultationId, filename: 'ecg-12-lead.pdf', filetype: 'application/pdf', sha256: sha(data), ...over }) });
  }

  async function uploadWhole(s: Session, consultationId: string, data: Buffer, over: Record<string, string> = {}): Promise<string> {
    const created = await create(s, consultationId, data, over);
    assert.equal(created.status, 201, created.body);
    const location = created.headers.location!;
    const patched = await tusRequest({ port, session: s }, 'PATCH', location, { 'upload-offset': 0 }, data);
    assert.equal(patched.status, 204, patched.body);
    return location.split('/').pop()!;
  }

  async function attach(consultationId: string, data: Buffer, over: Record<string, string> = {}) {
    const uploadId = await uploadWhole(doctor, consultationId, data, over);
    const committed = await as(t, doctor)('POST', `/api/consultations/${consultationId}/attachments`, { uploadId });
    assert.equal(committed.statusCode, 201, committed.body);
    return committed.json();
  }

  /** A GET over a real connection, noting whether the body arrived whole (a response cut mid-way is not). */
  function download(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Buffer; complete: boolean }> {
    return new Promise((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, path: url, headers: { cookie: doctor.cookie, ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        const done = () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), complete: res.complete });
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', done).on('error', done).on('aborted', done);
      }).on('error', reject);
    });
  }

  const cases = { content: (c: string, a: string) => `/api/consultations/${c}/attachments/${a}/content` };

  describe(`attachments, blobs in the ${backend.name}`, () => {

    test('an upload cut mid-way resumes from the offset the server has, and the case gets the identical file, sealed on disk', async () => {
      const consultationId = await newCase();
      const data = pdfBytes(3 * 1024 * 1024 + 123);
      const target: TusTarget = { port, session: doctor };
      const created = await create(doctor, consultationId, data);
      assert.equal(created.status, 201, created.body);
      const location = created.headers.location!;
      assert.match(location, /^\/api\/uploads\/[0-9a-f]{32}$/);

      await patchThenDrop(target, location, 0, data, 1024 * 1024 + 7);
      const head = await tusRequest(target, 'HEAD', location, {});
      assert.equal(head.status, 200);
      const offset = Number(head.headers['upload-offset']);
      assert.ok(offset > 0 && offset < data.length, `partial offset ${offset}`);
      const rest = await tusRequest(target, 'PATCH', location, { 'upload-offset': offset }, data.subarray(offset));
      assert.equal(rest.status, 204, rest.body);
      assert.equal(Number(rest.headers['upload-offset']), data.length);

      const uploadId = location.split('/').pop()!;
      const committed = await as(t, doctor)('POST', `/api/consultations/${consultationId}/attachments`, { uploadId });
      assert.equal(committed.statusCode, 201, committed.body);
      const attachment = committed.json();
      assert.equal(attachment.sha256, sha(data));
      assert.equal(attachment.size, data.length);
      assert.equal(attachment.fileName, 'ecg-12-lead.pdf');

      const read = await as(t, doctor)('GET', cases.content(consultationId, attachment.id));
      assert.equal(read.statusCode, 200);
      assert.equal(read.headers['content-type'], 'application/pdf');
      assert.match(String(read.headers['content-disposition']), /^inline; filename="ecg-12-lead.pdf"/);
      assert.ok(read.rawPayload.equals(data), 'the file read back is byte for byte the one sent');

      const ranged = await as(t, doctor)('GET', cases.content(consultationId, attachment.id), undefined, { range: 'bytes=70000-200000' });
      assert.equal(ranged.statusCode, 206);
      assert.equal(ranged.headers['content-range'], `bytes 70000-200000/${data.length}`);
      assert.ok(ranged.rawPayload.equals(data.subarray(70000, 200001)));

      const stored = await backend.storedBytes(attachment.sha256);
      assert.ok(stored, `the blob is in the ${backend.name} under its content address`);
      assert.ok(stored.length > data.length, 'sealed blob carries a tag per chunk');
      assert.equal(stored.subarray(0, 4).toString(), 'TMB1', 'it is a sealed blob');
      assert.equal(stored.indexOf(data.subarray(100, 164)), -1, 'no plaintext at rest');
      assert.equal(stored.indexOf(data.subarray(2_000_000, 2_000_064)), -1, 'no plaintext at rest, further in either');
      assert.equal(fs.existsSync(path.join(staging, uploadId)), false, 'staging copy removed');
      assert.equal(fs.existsSync(path.join(staging, `${uploadId}.json`)), false, 'staging record removed');

      const theCase = (await as(t, doctor)('GET', `/api/consultations/${consultationId}`)).json();
      assert.deepEqual(theCase.attachments.map((a: { id: string }) => a.id), [attachment.id]);
    });

    test('after a crash mid-write the upload resumes from the last whole chunk; the commit then reads the staged file to check it', async () => {
      const target: TusTarget = { port, session: doctor };
      for (const damage of [false, true]) {
        const consultationId = await newCase();
        const data = pdfBytes(600_000);
        const location = (await create(doctor, consultationId, data)).headers.location!;
        const uploadId = location.split('/').pop()!;
        assert.equal((await tusRequest(target, 'PATCH', location, { 'upload-offset': 0 }, data.subarray(0, 300_000))).status, 204);
        // A crash while the fourth chunk was being written: half of it on disk, and this node's running hash is of no use now.
        const file = path.join(staging, uploadId);
        fs.truncateSync(file, HEADER_SIZE + 3 * (CHUNK_SIZE + 16));
        fs.appendFileSync(file, randomBytes(CHUNK_SIZE / 2));
        const head = await tusRequest(target, 'HEAD', location, {});
        assert.equal(head.headers['upload-offset'], String(3 * CHUNK_SIZE), 'the offset goes back to the last whole chunk');
        const rest = await tusRequest(target, 'PATCH', location, { 'upload-offset': 3 * CHUNK_SIZE }, data.subarray(3 * CHUNK_SIZE));
        assert.equal(rest.headers['upload-offset'], String(data.length));
        if (damage) {
          const bytes = fs.readFileSync(file);
          bytes[HEADER_SIZE + 100] ^= 1;
          fs.writeFileSync(file, bytes);
        }
        const committed = await as(t, doctor)('POST', `/api/consultations/${consultationId}/attachments`, { uploadId });
        if (damage) {
          assert.equal(committed.statusCode, 422, 'a chunk changed on the staging disk fails its tag: the upload is refused');
          continue;
        }
        assert.equal(committed.statusCode, 201, committed.body);
        const read = await as(t, doctor)('GET', cases.content(consultationId, committed.json().id));
        assert.ok(read.rawPayload.equals(data), 'the file read back is byte for byte the one sent');
      }
    });

    test('an upload whose bytes do not match the SHA-256 the client sent is refused and nothing is attached', async () => {
      const consultationId = await newCase();
      const data = pdfBytes(200_000);
      const uploadId = await uploadWhole(doctor, consultationId, data, { sha256: sha(Buffer.from('something else')) });
      const committed = await as(t, doctor)('POST', `/api/consultations/${consultationId}/attachments`, { uploadId });
      assert.equal(committed.statusCode, 422);
      assert.match(committed.json().title, /^Файл бүлінген күйде келді/);
      assert.equal((await as(t, doctor)('GET', `/api/consultations/${consultationId}`)).json().attachments.length, 0);
      assert.equal((await tusRequest({ port, session: doctor }, 'HEAD', `/api/uploads/${uploadId}`, {})).status, 404, 'the corrupt upload is gone');
    });

    test('a consultant of another hub and an analyst cannot read an attachment; every read is audited', async () => {
      const consultationId = await newCase();
      const data = pdfBytes(10_000);
      const uploadId = await uploadWhole(doctor, consultationId, data);
      const attachment = (await as(t, doctor)('POST', `/api/consultations/${consultationId}/attachments`, { uploadId })).json();
      const url = cases.content(consultationId, attachment.id);
      const other = await signIn(t, 'consultant.samarkand@demo.telemed');
      assert.equal((await as(t, other)('GET', url)).statusCode, 404);
      assert.equal((await as(t, other)('GET', url.replace('content', 'thumbnail'))).statusCode, 404);
      const analyst = await signIn(t, 'analyst@demo.telemed');
      assert.equal((await as(t, analyst)('GET', url)).statusCode, 403);
      assert.equal((await as(t, null)('GET', url)).statusCode, 401);

      const reads = () => t.deps.db.selectFrom('audit_event').select(['actor_user_id', 'outcome'])
        .where('action', '=', 'attachment.read').where('resource_id', '=', attachment.id).execute();
      const before = await reads();
      const cardiologist = await signIn(t, 'coordinator@demo.telemed');
      assert.equal((await as(t, cardiologist)('GET', url)).statusCode, 200);
      assert.equal((await as(t, doctor)('GET', `${url}?download=1`)).statusCode, 200);
      const afterReads = await reads();
      assert.equal(afterReads.length, before.length + 2);
      assert.deepEqual(afterReads.slice(-2).map((r) => r.outcome), ['success', 'success']);
      assert.ok(before.some((r) => r.outcome === 'denied'), 'the refused read by the other hub is audited too');
    });

    test('only the uploader may resume an upload; writes need the session CSRF token', async () => {
      const consultationId = await newCase();
      const data = pdfBytes(5000);
      const created = await create(doctor, consultationId, data);
      const location = created.headers.location!;
      const stranger = await signIn(t, 'doctor.irgiz@demo.telemed');
      assert.equal((await tusRequest({ port, session: stranger }, 'HEAD', location, {})).status, 404);
      assert.equal((await tusRequest({ port, session: stranger }, 'PATCH', location, { 'upload-offset': 0 }, data)).status, 404);
      assert.equal((await tusRequest({ port, session: doctor }, 'PATCH', location, { 'upload-offset': 0 }, data, { csrf: false })).status, 403);
      assert.equal((await create(stranger, consultationId, data)).status, 404, 'an unrelated referrer cannot start an upload to the case');
      const anonymous = await tusRequest({ port, session: { cookie: '', csrf: '', body: {} } }, 'POST', '/api/uploads', { 'upload-length': 10 });
      assert.equal(anonymous.status, 401);
    });

    test('a file too large or of a forbidden type is refused up front, with a message in the user’s language', async () => {
      const consultationId = await newCase();
      const big = await tusRequest({ port, session: doctor }, 'POST', '/api/uploads', { 'upload-length': 3 * 1024 ** 3, 'accept-language': 'ru',
        'upload-metadata': metadataHeader({ consultationId, filename: 'ct.pdf', filetype: 'application/pdf', sha256: 'a'.repeat(64) }) });
      assert.equal(big.status, 413);
      assert.equal(JSON.parse(big.body).title, 'Файл 2 GB мөлшерінен үлкен.', 'in the language of the signed-in user (Kazakh)');
      const html = await create(doctor, consultationId, Buffer.from('<html>'), { filetype: 'text/html' });
      assert.equal(html.status, 415);
      assert.match(JSON.parse(html.body).title, /^Мұндай түрдегі файлды тіркеуге болмайды/);
      // Declared a PDF, but the bytes are a web page: refused when committed.
      const fake = Buffer.from('<html><script>alert(1)</script></html>');
      const uploadId = await uploadWhole(doctor, consultationId, fake);
      const committed = await as(t, doctor)('POST', `/api/consultations/${consultationId}/attachments`, { uploadId });
      assert.equal(committed.statusCode, 415);
      assert.equal(committed.json().title, 'Файлдың мазмұны оның түріне сәйкес келмейді. Дұрыс файл таңдалғанын тексеріңіз.');
    });

    test('an image gets a small WebP thumbnail', async () => {
      const consultationId = await newCase();
      const png = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#c03030' } }).png().toBuffer();
      const uploadId = await uploadWhole(doctor, consultationId, png, { filename: 'wound.png', filetype: 'image/png' });
      const attachment = (await as(t, doctor)('POST', `/api/consultations/${consultationId}/attachments`, { uploadId })).json();
      assert.equal(attachment.hasThumbnail, true);
      const thumb = await as(t, doctor)('GET', `/api/consultations/${consultationId}/attachments/${attachment.id}/thumbnail`);
      assert.equal(thumb.statusCode, 200);
      assert.equal(thumb.headers['content-type'], 'image/webp');
      const info = await sharp(thumb.rawPayload).metadata();
      assert.deepEqual([info.width, info.height], [320, 240]);
      const row = await t.deps.db.selectFrom('consultation_attachment').select('thumbnail_sha256').where('id', '=', attachment.id).executeTakeFirstOrThrow();
      const stored = await backend.storedBytes(row.thumbnail_sha256!);
      assert.ok(stored && stored.indexOf(thumb.rawPayload.subarray(0, 64)) === -1, 'the thumbnail is sealed in the store too');
    });

    test('a file can be attached to a message of the case, not to a message of another case', async () => {
      const consultationId = await newCase();
      const posted = await as(t, doctor)('POST', `/api/consultations/${consultationId}/messages`, { body: 'Repeat ECG attached.', kind: 'message' });
      assert.equal(posted.statusCode, 200, posted.body);
      const messageId = posted.json().messages[0].id;
      const otherCase = await newCase();
      const data = pdfBytes(4000);
      const stray = await uploadWhole(doctor, otherCase, data);
      assert.equal((await as(t, doctor)('POST', `/api/consultations/${otherCase}/attachments`, { uploadId: stray, messageId })).statusCode, 404);
      const uploadId = await uploadWhole(doctor, consultationId, data);
      const attached = await as(t, doctor)('POST', `/api/consultations/${consultationId}/attachments`, { uploadId, messageId });
      assert.equal(attached.statusCode, 201, attached.body);
      assert.equal(attached.json().messageId, messageId);
      const again = await as(t, doctor)('POST', `/api/consultations/${consultationId}/attachments`, { uploadId, messageId });
      assert.equal(again.json().id, attached.json().id, 'committing the same upload twice attaches it once');
      const theCase = (await as(t, doctor)('GET', `/api/consultations/${consultationId}`)).json();
      assert.deepEqual(theCase.attachments.map((a: { messageId: string }) => a.messageId), [messageId]);
      assert.ok(theCase.history.some((h: { action: string }) => h.action === 'attachment'));
    });

    test('a PATCH from the wrong offset is told where the upload stands; bytes beyond the declared length are refused', async () => {
      const c = await newCase();
      const data = pdfBytes(4096);
      const created = await create(doctor, c, data);
      const location = created.headers.location!;
      const target = { port, session: doctor };
      const first = await tusRequest(target, 'PATCH', location, { 'upload-offset': 0 }, data.subarray(0, 1000));
      assert.equal(first.headers['upload-offset'], '1000');
      const stale = await tusRequest(target, 'PATCH', location, { 'upload-offset': 0 }, data.subarray(0, 1000));
      assert.equal(stale.status, 409);
      assert.equal(stale.headers['upload-offset'], '1000', 'the client learns where to go on from');
      const tooMuch = await tusRequest(target, 'PATCH', location, { 'upload-offset': 1000 }, Buffer.concat([data.subarray(1000), Buffer.alloc(10)]));
      assert.equal(tooMuch.status, 413);
      const head = await tusRequest(target, 'HEAD', location, {});
      assert.ok(Number(head.headers['upload-offset']) <= data.length, 'nothing was written past the end');
      const wrongType = await tusRequest(target, 'PATCH', location, { 'upload-offset': head.headers['upload-offset'] as string, 'content-type': 'text/plain' },
        data.subarray(Number(head.headers['upload-offset'])));
      assert.equal(wrongType.status, 415);
    });

    test('the same file attached to two cases is stored once and reads back from both', async () => {
      const data = pdfBytes(150_000);
      const [a, b] = [await newCase(), await newCase()];
      const first = await attach(a, data);
      const second = await attach(b, data);
      assert.equal(first.sha256, second.sha256);
      const rows = await t.deps.db.selectFrom('blob').select('sha256').where('sha256', '=', first.sha256).execute();
      assert.equal(rows.length, 1, 'one blob for both attachments');
      assert.ok(await backend.storedBytes(first.sha256));
      for (const [c, att] of [[a, first], [b, second]] as const) {
        const read = await as(t, doctor)('GET', cases.content(c, att.id));
        assert.ok(read.rawPayload.equals(data), 'each case reads the identical file');
      }
    });

    test('a blob damaged at rest is never served: the damaged chunk stops the response, untouched ranges still read', async () => {
      const c = await newCase();
      const data = pdfBytes(5 * CHUNK_SIZE);
      const attachment = await attach(c, data);
      const stored = (await backend.storedBytes(attachment.sha256))!;
      const damaged = Buffer.from(stored);
      damaged[HEADER_SIZE + 2 * (CHUNK_SIZE + 16) + 10] ^= 0x01;
      await backend.overwrite(attachment.sha256, damaged);
      const url = cases.content(c, attachment.id);

      // The damage is found when its chunk is opened: before the answer starts (500, no file bytes) or
      // mid-way (the connection is cut after the true bytes before it). Never a complete answer.
      const refused = (res: { status: number; body: Buffer; complete: boolean }, from: number, before: number) => {
        if (res.status === 500) return assert.equal(res.body.indexOf(data.subarray(from, from + 32)), -1, 'no file bytes in the error');
        assert.equal(res.complete, false, 'the response is cut, not completed with damaged bytes');
        assert.ok(res.body.length <= before, 'nothing from the damaged chunk on');
        assert.ok(res.body.equals(data.subarray(from, from + res.body.length)), 'what came before it is the true file');
      };
      refused(await download(url), 0, 2 * CHUNK_SIZE);
      refused(await download(url, { range: `bytes=${2 * CHUNK_SIZE + 5}-${2 * CHUNK_SIZE + 500}` }), 2 * CHUNK_SIZE + 5, 0);
      const untouched = await download(url, { range: `bytes=${3 * CHUNK_SIZE}-${4 * CHUNK_SIZE + 99}` });
      assert.equal(untouched.status, 206);
      assert.equal(untouched.complete, true);
      assert.ok(untouched.body.equals(data.subarray(3 * CHUNK_SIZE, 4 * CHUNK_SIZE + 100)));
    });

    test('staged uploads are encrypted in a private folder, and go once expired, finished or not', async () => {
      assert.equal(fs.statSync(staging).mode & 0o777, 0o700, 'staging folder is private to the server user');
      assert.equal(fs.statSync(path.dirname(staging)).mode & 0o777, 0o700);
      const c = await newCase();
      const data = pdfBytes(140_000);
      const created = await create(doctor, c, data);
      const location = created.headers.location!;
      const partial = location.split('/').pop()!;
      // One whole 64 KB chunk, sealed as it arrives, and the start of the next, kept in the tail until the rest comes.
      await tusRequest({ port, session: doctor }, 'PATCH', location, { 'upload-offset': 0 }, data.subarray(0, 70_000));
      const finished = await uploadWhole(doctor, c, pdfBytes(3000));
      const staged = fs.readFileSync(path.join(staging, partial));
      const tail = fs.readFileSync(path.join(staging, `${partial}.tail`));
      assert.equal(staged.length, 8 + 64 * 1024 + 16, 'the whole chunk is sealed in the blob\'s layout: header, ciphertext, tag');
      assert.equal(tail.length, 8 + 70_000 - 64 * 1024, 'the next chunk\'s bytes wait in the tail');
      assert.equal((await tusRequest({ port, session: doctor }, 'HEAD', location, {})).headers['upload-offset'], '70000',
        'the offset counts the sealed chunk and the tail');
      for (const file of [staged, tail]) {
        assert.equal(file.indexOf(data.subarray(1000, 1032)), -1, 'no plaintext on the staging disk');
        assert.equal(file.indexOf(data.subarray(66_000, 66_032)), -1, 'no plaintext on the staging disk');
        assert.equal(file.indexOf(Buffer.from('%PDF')), -1);
      }
      // Its record (file name, type, case, declared hash) is sealed too, and bound to its upload.
      const record = fs.readFileSync(path.join(staging, `${partial}.json`), 'utf8');
      for (const secret of ['ecg-12-lead', Buffer.from('ecg-12-lead').toString('base64'), c, sha(data), 'application/pdf']) {
        assert.equal(record.includes(secret), false, `the staged record does not show ${secret}`);
      }
      assert.ok(JSON.parse(record).creation_date, 'only the creation time is readable, for the sweep');
      const finishedRecord = path.join(staging, `${finished}.json`);
      const kept = fs.readFileSync(finishedRecord);
      fs.copyFileSync(path.join(staging, `${partial}.json`), finishedRecord);
      assert.equal((await tusRequest({ port, session: doctor }, 'HEAD', `/api/uploads/${finished}`, {})).status, 404,
        'another upload\'s record in its place opens nothing');
      fs.writeFileSync(finishedRecord, kept);
      assert.equal((await tusRequest({ port, session: doctor }, 'HEAD', `/api/uploads/${finished}`, {})).status, 200);
      // Bytes come only through PATCH, which encrypts them: a creation that carries the file is refused.
      const stagedBefore = fs.readdirSync(staging).length;
      const withBody = await tusRequest({ port, session: doctor }, 'POST', '/api/uploads', {
        'upload-length': 5000,
        'upload-metadata': metadataHeader({ consultationId: c, filename: 'ecg.pdf', filetype: 'application/pdf', sha256: sha(data.subarray(0, 5000)) }),
        'content-type': 'application/offset+octet-stream' }, data.subarray(0, 5000));
      assert.equal(withBody.status, 415);
      assert.equal(fs.readdirSync(staging).length, stagedBefore, 'nothing staged by it');

      const expiryMs = t.config.UPLOAD_EXPIRY_HOURS * 3_600_000;
      assert.equal(await sweepStaging(staging, expiryMs, new Date()), 0, 'nothing is removed before it expires');
      assert.ok(fs.existsSync(path.join(staging, partial)));
      await sweepStaging(staging, expiryMs, new Date(Date.now() + expiryMs + 60_000));
      for (const id of [partial, finished]) {
        assert.equal(fs.existsSync(path.join(staging, id)), false, 'staged bytes removed');
        assert.equal(fs.existsSync(path.join(staging, `${id}.tail`)), false, 'staged tail removed');
        assert.equal(fs.existsSync(path.join(staging, `${id}.json`)), false, 'staged record (with the file name) removed');
      }
      assert.equal((await tusRequest({ port, session: doctor }, 'HEAD', location, {})).status, 404);
      const late = await as(t, doctor)('POST', `/api/consultations/${c}/attachments`, { uploadId: finished });
      assert.equal(late.statusCode, 404, 'an expired upload can no longer be committed');
    });
  });
  return { t, port, doctor, newCase, pdfBytes, attach, uploadWhole, download, sha, cases };
}

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../app.ts';
import { as, createTestApp, facilityId, patientIdByName, signIn, type TestApp } from '../../test-support/app.ts';
import { onRunEnd } from '../../test-support/database.ts';
import { metadataHeader, tusRequest, type TusTarget } from './tus-client.test-support.ts';
import { lockFileOf } from './staging-lock.ts';

// Two app nodes on one database and one staging folder (BLOB_DIR on a shared volume), as behind a
// load balancer without sticky sessions: an upload begun through one node is resumed through the other.
const blobDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-blobs-2n-'));
after(() => fs.rmSync(blobDir, { recursive: true, force: true }));
const a = await createTestApp({ env: { BLOB_DIR: blobDir } });
const nodeB = await buildApp({ config: a.config, databaseUrl: a.databaseUrl, now: a.clock.now, logger: false });
onRunEnd(() => nodeB.close());
const b = { ...a, app: nodeB.app, deps: nodeB.deps } as TestApp;
const portOf = async (t: TestApp) => {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return (t.app.server.address() as AddressInfo).port;
};
const [portA, portB] = [await portOf(a), await portOf(b)];
const sha = (x: Buffer) => createHash('sha256').update(x).digest('hex');

test('an upload cut off on one node resumes through another: it waits for the first write to settle, goes on from there, and commits', async () => {
  const doctor = await signIn(a, 'doctor.shalkar@demo.telemed');
  const created = await as(a, doctor)('POST', '/api/consultations', { patientId: await patientIdByName(a, 'Иванов'),
    targetFacilityId: await facilityId(a, 'KZ-AKT-RTC'), profile: 'cardiology', urgency: 'urgent', mode: 'async',
    question: 'ECG attached: ST elevation?', summary: { complaints: 'Chest pain' }, submit: true });
  assert.equal(created.statusCode, 201, created.body);
  const consultationId = created.json().id;
  const data = randomBytes(3 * 1024 * 1024 + 321);
  Buffer.from('%PDF-1.4\n').copy(data);
  const onA: TusTarget = { port: portA, session: doctor };
  const onB: TusTarget = { port: portB, session: doctor };
  const start = await tusRequest(onA, 'POST', '/api/uploads', { 'upload-length': data.length,
    'upload-metadata': metadataHeader({ consultationId, filename: 'ecg.pdf', filetype: 'application/pdf', sha256: sha(data) }) });
  assert.equal(start.status, 201, start.body);
  const location = start.headers.location!;
  const staged = path.join(blobDir, 'staging', 'incoming', location.split('/').pop()!);

  // Node A receives the first 1 MB and a bit, and the request stays open: the link is failing, not yet dropped.
  const patchA = http.request({ host: '127.0.0.1', port: portA, method: 'PATCH', path: location, headers: {
    'tus-resumable': '1.0.0', cookie: doctor.cookie, 'x-csrf-token': doctor.csrf, 'content-type': 'application/offset+octet-stream',
    'content-length': data.length, 'upload-offset': 0 } });
  patchA.on('error', () => {});
  patchA.write(data.subarray(0, 1024 * 1024 + 7));
  for (let i = 0; i < 100 && !fs.existsSync(lockFileOf(staged)); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(fs.existsSync(lockFileOf(staged)), 'node A holds the upload’s write lock');

  // The client, on a new connection, lands on node B: its HEAD waits while A's write is under way…
  let headAnswered = false;
  const head = tusRequest(onB, 'HEAD', location, {}).finally(() => { headAnswered = true; });
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(headAnswered, false, 'node B does not answer while node A is still writing');
  patchA.destroy();
  const where = await head;
  assert.equal(where.status, 200);
  const offset = Number(where.headers['upload-offset']);
  assert.ok(offset > 0 && offset < data.length, `what A kept (${offset})`);
  const rest = await tusRequest(onB, 'PATCH', location, { 'upload-offset': offset }, data.subarray(offset));
  assert.equal(rest.status, 204, rest.body);
  assert.equal(Number(rest.headers['upload-offset']), data.length);
  assert.equal(fs.existsSync(lockFileOf(staged)), false, 'no lock left behind');

  // Committed through B, which did not see the first part arrive: it reads the staged file to check the hash.
  const committed = await as(b, doctor)('POST', `/api/consultations/${consultationId}/attachments`, { uploadId: location.split('/').pop() });
  assert.equal(committed.statusCode, 201, committed.body);
  assert.equal(committed.json().sha256, sha(data));
  const read = await as(a, doctor)('GET', `/api/consultations/${consultationId}/attachments/${committed.json().id}/content`);
  assert.ok(read.rawPayload.equals(data), 'the file read back through A is the one sent through both');
});

import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sealedSize } from '../../platform/blob-crypto.ts';
import { openBlobStore } from '../../platform/blob-stores.ts';
import { ConfigError, loadConfig } from '../../platform/config.ts';
import { createS3Client } from '../../platform/s3-client.ts';
import { S3RVER_KEY, startTestS3 } from '../../test-support/s3rver.ts';
import { runAttachmentSuite } from './attachments.suite.test-support.ts';

// The same attachment journeys with BLOB_STORE=s3, against s3rver: a real S3 protocol server on loopback.
const s3 = await startTestS3({ partSizeMb: 5 });
const blobDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-blobs-s3-'));
after(() => fs.rmSync(blobDir, { recursive: true, force: true }));
// The test's own view of the bucket, over the S3 protocol, beside the app's.
const bucket = createS3Client({ endpoint: new URL(s3.endpoint), region: 'us-east-1', bucket: s3.bucket, accessKeyId: S3RVER_KEY,
  secretAccessKey: S3RVER_KEY, forcePathStyle: true });
after(() => bucket.close());

const suite = await runAttachmentSuite({
  name: 'S3 bucket',
  env: { ...s3.env, BLOB_DIR: blobDir },
  blobDir,
  async storedBytes(sha) {
    const res = await bucket.call({ method: 'GET', key: sha });
    return res.status === 200 ? res.body : null;
  },
  async overwrite(sha, bytes) {
    assert.equal((await bucket.call({ method: 'PUT', key: sha, body: bytes })).status, 200);
  },
});

describe('S3 blob store', () => {
  test('a blob larger than a part goes up in parts and reads back byte for byte, whole and across part boundaries', async () => {
    const { t, doctor, newCase, pdfBytes, attach, cases } = suite;
    const c = await newCase();
    const data = pdfBytes(11 * 1024 * 1024 + 4321); // three parts of 5 MiB once sealed
    const attachment = await attach(c, data);
    const created = s3.events.filter((e) => e.key === attachment.sha256).map((e) => e.name);
    assert.deepEqual(created, ['ObjectCreated:Post'], 'stored by a completed multipart upload, once');
    const stored = await bucket.call({ method: 'HEAD', key: attachment.sha256 });
    assert.equal(Number(stored.headers['content-length']), sealedSize(data.length), 'the whole sealed blob, every part');

    const read = await t.app.inject({ method: 'GET', url: cases.content(c, attachment.id), headers: { cookie: doctor.cookie } });
    assert.equal(read.statusCode, 200);
    assert.ok(read.rawPayload.equals(data), 'the file read back is byte for byte the one sent');
    const boundary = 5 * 1024 * 1024;
    const ranged = await t.app.inject({ method: 'GET', url: cases.content(c, attachment.id),
      headers: { cookie: doctor.cookie, range: `bytes=${boundary - 70_000}-${boundary + 70_000}` } });
    assert.equal(ranged.statusCode, 206);
    assert.ok(ranged.rawPayload.equals(data.subarray(boundary - 70_000, boundary + 70_001)));

    const small = await attach(c, pdfBytes(4000));
    assert.deepEqual(s3.events.filter((e) => e.key === small.sha256).map((e) => e.name), ['ObjectCreated:Put'], 'a small blob is one PUT');
  });

  test('the same file committed again is not written to the bucket again; nothing is kept on local disk', async () => {
    const { newCase, pdfBytes, attach } = suite;
    const data = pdfBytes(30_000);
    const staging = path.join(blobDir, 'staging', 'incoming');
    const stagedBefore = fs.readdirSync(staging).length;
    const first = await attach(await newCase(), data);
    await attach(await newCase(), data);
    assert.equal(s3.events.filter((e) => e.key === first.sha256).length, 1, 'one write for two attachments');
    assert.equal(fs.existsSync(path.join(blobDir, 'sealed')), false, 'no sealed blobs on the node');
    assert.equal(fs.readdirSync(staging).length, stagedBefore, 'committed uploads leave nothing in staging');
  });
});

/** Runs the server as an operator would and returns how it stopped. */
function startServer(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-start-'));
  const main = path.resolve(import.meta.dirname, '../../main.ts');
  const child = spawn(process.execPath, [main], { env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  // A server that wrongly started would never exit by itself: stop it so the assertion reports it.
  const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) => child.on('close', (code) => {
    clearTimeout(guard);
    fs.rmSync(dataDir, { recursive: true, force: true });
    resolve({ code, stderr });
  }));
}

const SECRET = 'wJalrXUtnFEMI-never-printed-K7MDENG';

describe('a wrong S3 configuration stops start-up, naming the variable and never the secret', () => {
  test('a missing setting stops the server before anything starts (exit 78)', async () => {
    const res = await startServer({ BLOB_STORE: 's3', S3_ACCESS_KEY_ID: 'AKIDEXAMPLE', S3_SECRET_ACCESS_KEY: SECRET });
    assert.equal(res.code, 78);
    assert.match(res.stderr, /S3_BUCKET: required with BLOB_STORE=s3/);
    assert.ok(!res.stderr.includes(SECRET));
  });

  test('a bucket that does not exist stops the server (exit 78), before a database is started', async () => {
    const res = await startServer({ ...s3.env, S3_BUCKET: 'no-such-bucket', S3_SECRET_ACCESS_KEY: SECRET });
    assert.equal(res.code, 78);
    assert.match(res.stderr, new RegExp(`S3_BUCKET: the bucket "no-such-bucket" at ${s3.endpoint} does not exist`));
    assert.ok(!res.stderr.includes(SECRET));
    assert.ok(!res.stderr.includes('PostgreSQL'), 'no database was started for a server that cannot store files');
  });

  test('an unknown access key, or an endpoint nobody answers on, is named', async () => {
    const unknownKey = loadConfig({ ...s3.env, S3_ACCESS_KEY_ID: 'NOT-A-KEY', S3_SECRET_ACCESS_KEY: SECRET });
    await assert.rejects(openBlobStore(unknownKey), (e: Error) => e instanceof ConfigError && /S3_ACCESS_KEY_ID: .*does not know this access key/.test(e.message)
      && !e.message.includes(SECRET));
    const closed = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as net.AddressInfo;
        srv.close(() => resolve(port));
      });
    });
    const nobody = loadConfig({ ...s3.env, S3_ENDPOINT: `http://127.0.0.1:${closed}` });
    await assert.rejects(openBlobStore(nobody), /S3_ENDPOINT: http:\/\/127\.0\.0\.1:\d+ cannot be reached \(ECONNREFUSED\)/);
  });
});

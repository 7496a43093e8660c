import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from './config.ts';

test('defaults give a demo server on 8080 with embedded PostgreSQL', () => {
  const c = loadConfig({});
  assert.equal(c.PORT, 8080);
  assert.equal(c.TELEMED_MODE, 'demo');
  assert.equal(c.DATABASE_URL, undefined);
});

test('a wrong value stops start-up naming the variable', () => {
  assert.throws(() => loadConfig({ PORT: 'eighty' }), (e: Error) => e instanceof ConfigError && /PORT/.test(e.message));
  assert.throws(() => loadConfig({ TELEMED_MODE: 'prod' }), /TELEMED_MODE/);
  assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL/);
  assert.throws(() => loadConfig({ ENCRYPTION_KEY: 'c2hvcnQ=' }), /ENCRYPTION_KEY/);
  assert.throws(() => loadConfig({ TELEMED_MODE: 'production' }), /ENCRYPTION_KEY: required in production mode/);
});

test('blobs stay on the filesystem by default; BLOB_STORE=s3 needs a bucket and a key pair', () => {
  assert.equal(loadConfig({}).BLOB_STORE, 'fs');
  const s3 = loadConfig({ BLOB_STORE: 's3', S3_BUCKET: 'telemed-blobs', S3_ACCESS_KEY_ID: 'AKIDEXAMPLE', S3_SECRET_ACCESS_KEY: 'secret/Key+1' });
  assert.equal(s3.S3_REGION, 'us-east-1');
  assert.equal(s3.S3_FORCE_PATH_STYLE, false);
  assert.equal(s3.S3_PART_SIZE_MB, 16);
  assert.equal(s3.S3_PREFIX, '');
  const secret = 'do-not-print-this-secret';
  assert.throws(() => loadConfig({ BLOB_STORE: 's3', S3_SECRET_ACCESS_KEY: secret }),
    (e: Error) => /S3_BUCKET: required with BLOB_STORE=s3/.test(e.message) && /S3_ACCESS_KEY_ID: required/.test(e.message) && !e.message.includes(secret));
  assert.throws(() => loadConfig({ BLOB_STORE: 'minio' }), /BLOB_STORE/);
  assert.throws(() => loadConfig({ S3_BUCKET: 'telemed-blobs' }), /BLOB_STORE: S3_BUCKET is set: set BLOB_STORE=s3/);
  const ok = { BLOB_STORE: 's3', S3_BUCKET: 'telemed-blobs', S3_ACCESS_KEY_ID: 'AKIDEXAMPLE', S3_SECRET_ACCESS_KEY: secret };
  assert.throws(() => loadConfig({ ...ok, S3_BUCKET: 'Telemed_Blobs' }), /S3_BUCKET: must be a bucket name/);
  assert.throws(() => loadConfig({ ...ok, S3_ENDPOINT: 'ftp://minio.internal' }), /S3_ENDPOINT/);
  assert.throws(() => loadConfig({ ...ok, S3_ENDPOINT: 'https://user:pw@minio.internal' }), /S3_ENDPOINT: must be a plain origin/);
  assert.throws(() => loadConfig({ ...ok, S3_PART_SIZE_MB: '4' }), /S3_PART_SIZE_MB/);
  assert.throws(() => loadConfig({ ...ok, S3_FORCE_PATH_STYLE: 'yes' }), /S3_FORCE_PATH_STYLE/);
  assert.throws(() => loadConfig({ ...ok, S3_PREFIX: '/blobs' }), /S3_PREFIX/);
  assert.throws(() => loadConfig({ ...ok, S3_SECRET_ACCESS_KEY: 'has a space' }), (e: Error) => /S3_SECRET_ACCESS_KEY/.test(e.message) && !e.message.includes('has a space'));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiTokenCreated, InviteCreated, Patient, SessionInfo, TotpEnrolment } from '@telemed/contracts';
import { carriesSecret, chooseEncoding, isCompressible } from './compression.ts';

test('the encoding follows Accept-Encoding: gzip first, Brotli next, nothing when neither is accepted', () => {
  assert.equal(chooseEncoding('gzip, deflate, br, zstd'), 'gzip');
  assert.equal(chooseEncoding('br'), 'br');
  assert.equal(chooseEncoding('gzip;q=0, br'), 'br');
  assert.equal(chooseEncoding('br;q=0.5, gzip;q=0.8'), 'gzip');
  assert.equal(chooseEncoding('br;q=0.9, gzip;q=0.5'), 'br');
  assert.equal(chooseEncoding('BR'), 'br');
  assert.equal(chooseEncoding('*'), 'gzip');
  assert.equal(chooseEncoding('*;q=0'), null);
  assert.equal(chooseEncoding('identity'), null);
  assert.equal(chooseEncoding('deflate'), null);
  assert.equal(chooseEncoding(''), null);
  assert.equal(chooseEncoding(undefined), null);
  assert.equal(chooseEncoding('gzip;q=nonsense'), null);
});

test('only JSON is compressed here, and answers of the schemas that hold a secret never are', () => {
  assert.ok(isCompressible('application/json; charset=utf-8'));
  assert.ok(isCompressible('application/problem+json; charset=utf-8'));
  assert.ok(!isCompressible('application/pdf'));
  assert.ok(!isCompressible('text/html'));
  assert.ok(!isCompressible(undefined));
  for (const schema of [SessionInfo, TotpEnrolment, ApiTokenCreated, InviteCreated]) assert.ok(carriesSecret({ 200: schema }));
  assert.ok(carriesSecret({ 201: ApiTokenCreated, 400: Patient }));
  assert.ok(!carriesSecret({ 200: Patient }));
  assert.ok(!carriesSecret(undefined));
});

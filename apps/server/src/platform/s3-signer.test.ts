import { test } from 'node:test';
import assert from 'node:assert/strict';
import { amzDate, canonicalQuery, EMPTY_SHA256, encodeKeyPath, sha256Hex, signRequest, uriEncode } from './s3-signer.ts';

// The worked examples of "Signature Calculations for the Authorization Header: Transferring Payload in
// a Single Chunk (AWS Signature Version 4)" in the Amazon S3 API reference: same credentials, time,
// bucket and region in each.
const example = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  region: 'us-east-1',
  host: 'examplebucket.s3.amazonaws.com',
  now: new Date('2013-05-24T00:00:00Z'),
};

test('SigV4: the GET Object example (a byte range)', () => {
  const signed = signRequest({ ...example, method: 'GET', path: '/test.txt', headers: { Range: 'bytes=0-9' }, payloadHash: EMPTY_SHA256 });
  assert.equal(signed.canonicalRequest, ['GET', '/test.txt', '', 'host:examplebucket.s3.amazonaws.com', 'range:bytes=0-9',
    `x-amz-content-sha256:${EMPTY_SHA256}`, 'x-amz-date:20130524T000000Z', '', 'host;range;x-amz-content-sha256;x-amz-date', EMPTY_SHA256].join('\n'));
  assert.equal(signed.stringToSign, ['AWS4-HMAC-SHA256', '20130524T000000Z', '20130524/us-east-1/s3/aws4_request',
    '7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972'].join('\n'));
  assert.equal(signed.headers.authorization, 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,'
    + 'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41');
});

test('SigV4: the PUT Object example (a body, a key that needs encoding, extra headers)', () => {
  const body = Buffer.from('Welcome to Amazon S3.');
  assert.equal(sha256Hex(body), '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072');
  assert.equal(encodeKeyPath('test$file.text'), 'test%24file.text');
  const signed = signRequest({ ...example, method: 'PUT', path: `/${encodeKeyPath('test$file.text')}`, payloadHash: sha256Hex(body),
    headers: { Date: 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-storage-class': 'REDUCED_REDUNDANCY' } });
  assert.equal(sha256Hex(signed.canonicalRequest), '9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d');
  assert.equal(signed.signature, '98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd');
  assert.match(signed.headers.authorization, /SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,/);
});

test('SigV4: the GET Bucket Lifecycle and List Objects examples (query strings)', () => {
  const lifecycle = signRequest({ ...example, method: 'GET', path: '/', query: { lifecycle: '' }, payloadHash: EMPTY_SHA256 });
  assert.equal(lifecycle.signature, 'fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543');
  const list = signRequest({ ...example, method: 'GET', path: '/', query: { prefix: 'J', 'max-keys': '2' }, payloadHash: EMPTY_SHA256 });
  assert.equal(list.signature, '34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7');
});

test('SigV4 encoding: RFC 3986 unreserved characters only, query sorted by encoded name', () => {
  assert.equal(uriEncode("a b/c!'()*~-_."), 'a%20b%2Fc%21%27%28%29%2A~-_.');
  assert.equal(encodeKeyPath('blobs/ab cd'), 'blobs/ab%20cd');
  assert.equal(canonicalQuery({ uploadId: 'x/y', partNumber: '2' }), 'partNumber=2&uploadId=x%2Fy');
  assert.equal(amzDate(new Date('2024-02-29T23:59:58.123Z')), '20240229T235958Z');
});

test('SigV4: another secret or another body gives another signature', () => {
  const base = { ...example, method: 'PUT', path: '/k', payloadHash: sha256Hex('a') };
  const a = signRequest(base).signature;
  assert.notEqual(signRequest({ ...base, secretAccessKey: 'other' }).signature, a);
  assert.notEqual(signRequest({ ...base, payloadHash: sha256Hex('b') }).signature, a);
  assert.ok(!JSON.stringify(signRequest(base).headers).includes(example.secretAccessKey), 'the secret is never sent');
});

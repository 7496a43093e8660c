import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { CHUNK_SIZE, createOpenStream, createSealStream, newDataKey, sealedRange, sealedSize } from './blob-crypto.ts';

const seal = (key: Buffer, data: Buffer, piece = 7777) => buffer(Readable.from(splitInto(data, piece)).pipe(createSealStream(key)));
function* splitInto(data: Buffer, size: number) {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}
function open(key: Buffer, sealed: Buffer, plainSize: number, range?: [number, number]) {
  const r = sealedRange(plainSize, range?.[0] ?? 0, range?.[1] ?? Math.max(0, plainSize - 1));
  return buffer(Readable.from([sealed.subarray(r.from, r.to + 1)]).pipe(createOpenStream(key, { ...r, take: plainSize === 0 ? 0 : r.take })));
}

test('sealed blobs open to the same bytes, for sizes around the chunk boundary', async () => {
  const key = newDataKey();
  for (const size of [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE, 3 * CHUNK_SIZE + 5]) {
    const data = randomBytes(size);
    const sealed = await seal(key, data);
    assert.equal(sealed.length, sealedSize(size), `size on disk for ${size}`);
    assert.ok((await open(key, sealed, size)).equals(data), `round trip of ${size} bytes`);
  }
});

test('the sealed bytes do not depend on how the plaintext arrives (small pieces, a megabyte at a time, all at once)', async () => {
  const key = newDataKey();
  const data = randomBytes(40 * CHUNK_SIZE + 123);
  const bySmall = await seal(key, data, 7777);
  for (const piece of [1024 * 1024, 3 * CHUNK_SIZE + 1, data.length]) {
    const sealed = await seal(key, data, piece);
    assert.ok(sealed.equals(bySmall), `pieces of ${piece} bytes`);
  }
  assert.ok((await open(key, bySmall, data.length)).equals(data));
});

test('a byte range opens only the chunks it covers and returns exactly the range', async () => {
  const key = newDataKey();
  const data = randomBytes(5 * CHUNK_SIZE + 100);
  const sealed = await seal(key, data);
  for (const [a, b] of [[0, 0], [10, CHUNK_SIZE * 2 + 3], [CHUNK_SIZE, CHUNK_SIZE], [data.length - 50, data.length - 1]] as const) {
    assert.ok((await open(key, sealed, data.length, [a, b])).equals(data.subarray(a, b + 1)), `range ${a}-${b}`);
  }
});

test('a changed byte, a dropped last chunk, swapped chunks or another key are detected', async () => {
  const key = newDataKey();
  const data = randomBytes(3 * CHUNK_SIZE + 10);
  const sealed = await seal(key, data);
  const flipped = Buffer.from(sealed);
  flipped[CHUNK_SIZE + 100] ^= 1;
  await assert.rejects(open(key, flipped, data.length));
  const chunk = CHUNK_SIZE + 16;
  const truncated = sealed.subarray(0, 8 + 3 * chunk);
  await assert.rejects(open(key, truncated, 3 * CHUNK_SIZE), 'the cut-off blob claims to be complete');
  const swapped = Buffer.concat([sealed.subarray(0, 8), sealed.subarray(8 + chunk, 8 + 2 * chunk), sealed.subarray(8, 8 + chunk), sealed.subarray(8 + 2 * chunk)]);
  await assert.rejects(open(key, swapped, data.length));
  await assert.rejects(open(newDataKey(), sealed, data.length));
});

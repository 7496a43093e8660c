import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { CHUNK_SIZE, createSealStream, HEADER_SIZE, SEALED_CHUNK, sealedSize } from '../../platform/blob-crypto.ts';
import { appendSealed, createSealedStaging, readSealedStaged, readSealedStagedHead, sealedStagedOffset, tailOf, type RunningHash,
  type SealedStaging } from './sealed-staging.ts';
import { stagingCipher } from './staging-cipher.ts';
import { TooLarge } from './staging-write.ts';

const staging = (): SealedStaging => ({ key: randomBytes(32), tail: stagingCipher(randomBytes(32)) });

async function newUpload(size: number, keys: SealedStaging): Promise<string> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'telemed-sealed-staging-')), 'upload');
  await createSealedStaging(file, size, keys.key);
  return file;
}

/** `plain[from, to)` as a body in pieces of `piece` bytes, optionally breaking off once `breakAt` bytes have gone. */
function body(plain: Buffer, from: number, to: number, piece: number, breakAt?: number): Readable {
  return Readable.from((async function* () {
    for (let at = from; at < to; at += piece) {
      if (breakAt !== undefined && at >= breakAt) throw new Error('aborted');
      yield plain.subarray(at, Math.min(at + piece, to));
    }
  })());
}

/** What the blob store's seal stream makes of the same plaintext with the same key. */
async function sealedByStream(key: Buffer, plain: Buffer): Promise<Buffer> {
  const seal = createSealStream(key);
  seal.end(plain);
  return buffer(seal);
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

test('an upload sent in uneven PATCHes, each in uneven pieces, is staged byte for byte as the blob store seals it', async () => {
  const keys = staging();
  const plain = randomBytes(3 * CHUNK_SIZE * 7 + 12_345);
  const file = await newUpload(plain.length, keys);
  const hash: RunningHash = { hash: createHash('sha256'), offset: 0 };
  // Cuts that fall inside chunks, on a chunk's last byte and on a chunk boundary.
  const cuts = [0, 100_003, CHUNK_SIZE * 3 - 1, CHUNK_SIZE * 5, 1_000_001, plain.length];
  for (let i = 0; i + 1 < cuts.length; i++) {
    assert.equal(await appendSealed(file, body(plain, cuts[i], cuts[i + 1], 65_521), cuts[i], plain.length, keys, hash), cuts[i + 1]);
    assert.equal(await sealedStagedOffset(file, plain.length), cuts[i + 1], 'the offset read back from the files is what arrived');
  }
  const onDisk = fs.readFileSync(file);
  assert.ok(onDisk.equals(await sealedByStream(keys.key, plain)), 'the staging file is already the sealed blob');
  assert.equal(hash.offset, plain.length);
  assert.equal(hash.hash.digest('hex'), sha(plain), 'the running hash is the file\'s SHA-256');
  assert.ok((await buffer(readSealedStaged(file, keys.key, plain.length))).equals(plain));
  assert.ok((await readSealedStagedHead(file, keys.key, plain.length, 64)).equals(plain.subarray(0, 64)), 'type sniffing reads the first bytes');
  for (const sample of [100, 70_000, 1_000_000]) {
    assert.equal(onDisk.indexOf(plain.subarray(sample, sample + 32)), -1, 'no plaintext on the staging disk');
  }
});

test('a body that breaks off keeps what arrived; the tail holds no plaintext and the upload resumes from the byte after it', async () => {
  const keys = staging();
  const plain = randomBytes(5 * CHUNK_SIZE + 999);
  const file = await newUpload(plain.length, keys);
  const broken = body(plain, 0, plain.length, 10_000, 150_000);
  await assert.rejects(appendSealed(file, broken, 0, plain.length, keys, null), /aborted/);
  const offset = await sealedStagedOffset(file, plain.length);
  assert.equal(offset, 150_000);
  assert.equal(fs.statSync(file).size, HEADER_SIZE + 2 * SEALED_CHUNK, 'two whole chunks sealed');
  const tail = fs.readFileSync(tailOf(file));
  assert.equal(tail.length, 8 + 150_000 - 2 * CHUNK_SIZE);
  assert.equal(tail.indexOf(plain.subarray(140_000, 140_032)), -1, 'the tail is encrypted');
  assert.equal(await appendSealed(file, body(plain, offset, plain.length, 4096), offset, plain.length, keys, null), plain.length);
  assert.ok(fs.readFileSync(file).equals(await sealedByStream(keys.key, plain)));
});

test('a chunk cut off by a crash mid-write, or a tail of an earlier chunk, is not counted: the client resends from the chunk', async () => {
  const keys = staging();
  const plain = randomBytes(4 * CHUNK_SIZE + 10);
  const file = await newUpload(plain.length, keys);
  assert.equal(await appendSealed(file, body(plain, 0, 100_000, 30_000), 0, plain.length, keys, null), 100_000);
  // The tail of chunk 1 stays while chunk 1 is later written sealed, cut short (the crash came before the tail was replaced).
  fs.appendFileSync(file, randomBytes(SEALED_CHUNK - 5));
  assert.equal(await sealedStagedOffset(file, plain.length), 100_000, 'half a sealed chunk is not part of the offset');
  fs.appendFileSync(file, randomBytes(5));
  assert.equal(await sealedStagedOffset(file, plain.length), 2 * CHUNK_SIZE, 'the tail of a sealed chunk no longer counts');
  fs.truncateSync(file, HEADER_SIZE + SEALED_CHUNK + 7);
  const offset = await sealedStagedOffset(file, plain.length);
  assert.equal(offset, 100_000);
  assert.equal(await appendSealed(file, body(plain, offset, plain.length, 50_000), offset, plain.length, keys, null), plain.length);
  assert.ok(fs.readFileSync(file).equals(await sealedByStream(keys.key, plain)), 'the half-written chunk was written again, whole');
});

test('empty files, files of whole chunks, and bodies longer than the upload', async () => {
  const keys = staging();
  const empty = await newUpload(0, keys);
  assert.equal(await sealedStagedOffset(empty, 0), 0);
  assert.equal(fs.statSync(empty).size, sealedSize(0));
  assert.ok(fs.readFileSync(empty).equals(await sealedByStream(keys.key, Buffer.alloc(0))));
  assert.equal((await buffer(readSealedStaged(empty, keys.key, 0))).length, 0);

  const whole = randomBytes(2 * CHUNK_SIZE);
  const file = await newUpload(whole.length, keys);
  assert.equal(await sealedStagedOffset(file, whole.length), 0);
  assert.equal(await appendSealed(file, body(whole, 0, whole.length, 65_536), 0, whole.length, keys, null), whole.length);
  assert.equal(await sealedStagedOffset(file, whole.length), whole.length);
  assert.ok(fs.readFileSync(file).equals(await sealedByStream(keys.key, whole)), 'the last whole chunk is sealed as the last');

  const small = randomBytes(5000);
  const tooLong = await newUpload(4000, keys);
  await assert.rejects(appendSealed(tooLong, body(small, 0, 5000, 1000), 0, 4000, keys, null), TooLarge);
  assert.equal(await sealedStagedOffset(tooLong, 4000), 4000, 'the bytes before the piece too many are kept');
});

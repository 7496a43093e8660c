import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { readStaged, readStagedHead, stagingCipher } from './staging-cipher.ts';
import { appendToStaging, TooLarge } from './staging-write.ts';

function staging(prefix: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'telemed-staging-')), 'upload');
  fs.writeFileSync(file, prefix);
  return file;
}

/** A body of `count` chunks of `size` bytes (chunk i filled with i), optionally breaking off after `breakAfter` chunks. */
function body(count: number, size: number, breakAfter?: number): Readable {
  return Readable.from((async function* () {
    for (let i = 0; i < count; i++) {
      if (i === breakAfter) throw new Error('aborted');
      yield Buffer.alloc(size, i);
    }
  })());
}

test('a body is appended at the offset in order, across the 1 MB writes', async () => {
  const file = staging('head');
  const end = await appendToStaging(file, body(40, 64 * 1024 + 3), 4, 10_000_000, null);
  const data = fs.readFileSync(file);
  assert.equal(end, 4 + 40 * (64 * 1024 + 3));
  assert.equal(data.length, end);
  assert.equal(data.subarray(0, 4).toString(), 'head');
  for (let i = 0; i < 40; i++) assert.equal(data[4 + i * (64 * 1024 + 3) + 100], i);
});

test('a body that breaks off keeps every byte that arrived, so the upload resumes from there', async () => {
  const file = staging('');
  await assert.rejects(appendToStaging(file, body(30, 50_000, 23), 0, 10_000_000, null), /aborted/);
  assert.equal(fs.statSync(file).size, 23 * 50_000);
});

test('nothing beyond the declared length is written', async () => {
  const file = staging('');
  await assert.rejects(appendToStaging(file, body(10, 1000), 0, 5500, null), TooLarge);
  assert.equal(fs.statSync(file).size, 5000);
});

test('with a cipher, the staged bytes are not the plaintext, and a body resumed at any offset reads back whole', async () => {
  const cipher = stagingCipher(randomBytes(32));
  const plain = randomBytes(3 * 1024 * 1024 + 77);
  const file = staging('');
  // Three connections, each cut at an offset that is not a multiple of the cipher's 16-byte block.
  const cuts = [0, 1_000_003, 2_500_009, plain.length];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const pieces = Readable.from((function* () {
      for (let at = cuts[i]; at < cuts[i + 1]; at += 65_521) yield plain.subarray(at, Math.min(at + 65_521, cuts[i + 1]));
    })());
    assert.equal(await appendToStaging(file, pieces, cuts[i], plain.length - cuts[i], cipher), cuts[i + 1]);
  }
  const onDisk = fs.readFileSync(file);
  assert.equal(onDisk.length, plain.length, 'the offset tus reports is still the file size');
  assert.equal(onDisk.indexOf(plain.subarray(2_000_000, 2_000_032)), -1, 'no plaintext on the staging disk');
  assert.ok((await buffer(readStaged({ file, cipher }))).equals(plain), 'the commit reads the plaintext back');
  assert.ok((await readStagedHead({ file, cipher }, 64)).equals(plain.subarray(0, 64)), 'type sniffing reads the first bytes');
  const otherKey = await buffer(readStaged({ file, cipher: stagingCipher(randomBytes(32)) }));
  assert.equal(otherKey.indexOf(plain.subarray(100, 132)), -1, 'another key opens nothing');
});

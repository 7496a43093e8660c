import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
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
  const end = await appendToStaging(file, body(40, 64 * 1024 + 3), 4, 10_000_000);
  const data = fs.readFileSync(file);
  assert.equal(end, 4 + 40 * (64 * 1024 + 3));
  assert.equal(data.length, end);
  assert.equal(data.subarray(0, 4).toString(), 'head');
  for (let i = 0; i < 40; i++) assert.equal(data[4 + i * (64 * 1024 + 3) + 100], i);
});

test('a body that breaks off keeps every byte that arrived, so the upload resumes from there', async () => {
  const file = staging('');
  await assert.rejects(appendToStaging(file, body(30, 50_000, 23), 0, 10_000_000), /aborted/);
  assert.equal(fs.statSync(file).size, 23 * 50_000);
});

test('nothing beyond the declared length is written', async () => {
  const file = staging('');
  await assert.rejects(appendToStaging(file, body(10, 1000), 0, 5500), TooLarge);
  assert.equal(fs.statSync(file).size, 5000);
});

import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { startTestS3 } from '../test-support/s3rver.ts';
import type { BlobStore } from './blob-store.ts';
import { createBlobStore } from './blob-stores.ts';
import { loadConfig } from './config.ts';

// One contract, both stores: what the attachment code relies on must hold on the filesystem and on S3 alike.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-store-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const s3 = await startTestS3({ partSizeMb: 5 });
const stores: [string, BlobStore][] = [
  ['filesystem', createBlobStore(loadConfig({ BLOB_DIR: dir }))],
  ['S3', createBlobStore(loadConfig(s3.env))],
];
after(() => stores.forEach(([, s]) => s.close?.()));

const keyOf = () => randomBytes(32).toString('hex');
/** A stream in uneven pieces, as the seal stream delivers them. */
const streamOf = (data: Buffer) => Readable.from(Array.from({ length: Math.ceil(data.length / 70_001) }, (_, i) => data.subarray(i * 70_001, (i + 1) * 70_001)));

for (const [name, store] of stores) {
  describe(`blob store contract: ${name}`, () => {
    test('what is put reads back whole and by inclusive range; a second put of the key keeps the first', async () => {
      for (const size of [1, 100_000, 6 * 1024 * 1024 + 3]) {
        const key = keyOf();
        const data = randomBytes(size);
        let checks = 0;
        assert.equal(await store.has(key), false);
        assert.equal(await store.put(key, streamOf(data), { verify: () => { checks++; } }), true);
        assert.equal(await store.has(key), true);
        assert.ok((await buffer(await store.read(key))).equals(data), `${size} bytes round trip`);
        const end = Math.min(size - 1, 5 * 1024 * 1024 + 10);
        assert.ok((await buffer(await store.read(key, { start: 0, end }))).equals(data.subarray(0, end + 1)));
        assert.ok((await buffer(await store.read(key, { start: size - 1, end: size - 1 }))).equals(data.subarray(size - 1)));
        assert.equal(await store.put(key, streamOf(randomBytes(size)), { verify: () => { checks++; } }), false, 'the key exists');
        assert.equal(checks, 2, 'the check runs for the second writer too');
        assert.ok((await buffer(await store.read(key))).equals(data), 'the first blob is kept');
      }
    });

    test('a blob whose check fails is never visible, small or in parts', async () => {
      for (const size of [10_000, 6 * 1024 * 1024]) {
        const key = keyOf();
        await assert.rejects(store.put(key, streamOf(randomBytes(size)), { verify: () => { throw new Error('hash mismatch'); } }), /hash mismatch/);
        assert.equal(await store.has(key), false);
      }
    });

    test('a file adopted reads back as put would have stored it; a second adoption of the key keeps the first', async () => {
      const key = keyOf();
      const data = randomBytes(6 * 1024 * 1024 + 5);
      const file = path.join(dir, `adopt-${key}`);
      fs.writeFileSync(file, data);
      assert.equal(await store.adopt(key, file), true);
      fs.rmSync(file);
      assert.ok((await buffer(await store.read(key))).equals(data), 'the store holds the bytes once the caller has removed its file');
      assert.ok((await buffer(await store.read(key, { start: 10, end: 20 }))).equals(data.subarray(10, 21)));
      fs.writeFileSync(file, randomBytes(100));
      assert.equal(await store.adopt(key, file), false, 'the key exists');
      assert.ok((await buffer(await store.read(key))).equals(data), 'the first blob is kept');
      await assert.rejects(store.adopt('../etc/passwd', file), /Invalid blob key/);
    });

    test('a missing blob fails to open before any byte; remove deletes, and removing again is harmless', async () => {
      const key = keyOf();
      await assert.rejects(store.read(key));
      await store.put(key, streamOf(randomBytes(1000)));
      await store.remove(key);
      assert.equal(await store.has(key), false);
      await assert.rejects(store.read(key));
      await store.remove(key);
      await assert.rejects(store.put('../etc/passwd', streamOf(Buffer.from('x'))), /Invalid blob key/);
    });
  });
}

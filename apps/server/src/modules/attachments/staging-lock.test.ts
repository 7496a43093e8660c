import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isStagingLocked, LOCK_STALE_MS, lockFileOf, takeStagingLock } from './staging-lock.ts';

const folder = () => fs.mkdtempSync(path.join(os.tmpdir(), 'tm-lock-'));

test('one writer per staged upload: a second is refused until the first releases', async () => {
  const file = path.join(folder(), 'a'.repeat(32));
  const first = await takeStagingLock(file);
  assert.ok(first);
  assert.equal(await isStagingLocked(file), true);
  assert.equal(await takeStagingLock(file), null, 'another writer (another node) is refused');
  await first.release();
  assert.equal(fs.existsSync(lockFileOf(file)), false);
  assert.equal(await isStagingLocked(file), false);
  const second = await takeStagingLock(file);
  assert.ok(second, 'free again');
  await second.release();
});

test('a lock its writer stopped touching (its node stopped) is taken over', async () => {
  const file = path.join(folder(), 'b'.repeat(32));
  const stalled = await takeStagingLock(file);
  assert.ok(stalled);
  const later = () => Date.now() + LOCK_STALE_MS + 1_000;
  assert.equal(await isStagingLocked(file, later), false);
  const next = await takeStagingLock(file, later);
  assert.ok(next, 'taken over');
  assert.equal(await takeStagingLock(file), null, 'and held by the new writer');
  await stalled.release();
  assert.equal(await isStagingLocked(file), true, 'the old writer, only slow, does not remove the lock that replaced its own');
  await next.release();
  assert.equal(await isStagingLocked(file), false);
});

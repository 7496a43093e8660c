import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acquireDataLock } from './embedded-postgres.ts';

test('a data folder is locked against a second server while the first lives', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'telemed-lock-'));
  try {
    const release = acquireDataLock(dir);
    release();
    // Another live process (our parent) holding the lock: this one must refuse.
    fs.writeFileSync(path.join(dir, 'telemed.lock'), String(process.ppid));
    assert.throws(() => acquireDataLock(dir), /in use by another server/);
    // A lock left by a process that is gone is taken over.
    fs.writeFileSync(path.join(dir, 'telemed.lock'), '999999999');
    const again = acquireDataLock(dir);
    assert.equal(fs.readFileSync(path.join(dir, 'telemed.lock'), 'utf8'), String(process.pid));
    again();
    assert.equal(fs.existsSync(path.join(dir, 'telemed.lock')), false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

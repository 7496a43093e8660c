import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acquireDataLock, embeddedUrl, socketDirFor } from './embedded-postgres.ts';

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

test('the app reaches its embedded PostgreSQL over a Unix socket in the database folder, over TCP when that path is too long', async () => {
  const { parse } = await import('pg-connection-string');
  const dir = '/srv/telemed/data/pg';
  const near = socketDirFor(dir, 15432);
  assert.equal(near, dir);
  const socket = parse(embeddedUrl('s3cret', 15432, near));
  assert.equal(socket.host, dir);
  assert.equal(socket.port, '15432');
  assert.equal(socket.password, 's3cret');
  assert.equal(socket.database, 'telemed');
  // 107 bytes is the most a socket path may have: a deeper folder falls back to loopback TCP.
  const deep = path.join('/srv', 'x'.repeat(100), 'pg');
  assert.equal(socketDirFor(deep, 15432), null);
  const tcp = parse(embeddedUrl('s3cret', 15432, null));
  assert.equal(tcp.host, '127.0.0.1');
  assert.equal(tcp.port, '15432');
});

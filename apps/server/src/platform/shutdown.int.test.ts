import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

// A port the kernel never hands out to an outgoing connection (below the ephemeral range,
// 32768–60999 on Linux), so nothing else can take it between this check and the server's listen.
async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const server = net.createServer();
    const free = await new Promise<boolean>((r) => {
      server.once('error', () => r(false));
      server.listen(port, '127.0.0.1', () => r(true));
    });
    if (free) {
      await new Promise((r) => server.close(r));
      return port;
    }
  }
}

test('SIGTERM stops the server gracefully: the app closes first, then its embedded PostgreSQL, exit 0, no errors', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-shutdown-'));
  const port = await freePort();
  const main = path.resolve(import.meta.dirname, '../main.ts');
  const child = spawn(process.execPath, [main], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(await freePort()),
      TELEMED_MODE: 'demo', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
  const guard = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) assert.fail(`server exited before it was ready:\n${out}`);
      const ready = await fetch(`http://127.0.0.1:${port}/api/ready`).then((r) => r.status === 200, () => false);
      if (ready) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGTERM');
    const code = await exited;
    const lines = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { level: number; msg: string });
    const from = lines.findIndex((l) => l.msg === 'shutting down');
    assert.ok(from >= 0, 'the shutdown is logged');
    assert.deepEqual(lines.slice(from).filter((l) => l.level >= 40).map((l) => l.msg), [], 'nothing failed while stopping');
    assert.equal(code, 0);
    assert.equal(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid')), false, 'PostgreSQL shut down cleanly');
    assert.equal(fs.existsSync(path.join(dataDir, 'telemed.lock')), false, 'the data folder is free for the next start');
  } finally {
    clearTimeout(guard);
    if (child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

// The media servers a call needs beside the app: coturn (TURN relay). Started bound to 127.0.0.1
// for development and tests; `npm run media` starts them and prints the app settings to use.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
export const TURNSERVER = process.env.TURNSERVER_PATH ?? '/usr/bin/turnserver';

export interface RunningTurn {
  urls: string;
  secret: string;
  port: number;
  stop(): Promise<void>;
}

/** Whether coturn is installed; if not, the exact command that installs it. */
export function coturnMissing(): string | null {
  return fs.existsSync(TURNSERVER) ? null : 'sudo apt-get install -y coturn';
}

/** Sends one STUN Binding request (RFC 5389) and waits up to 200 ms for its success response. */
export function answersStun(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = dgram.createSocket('udp4');
    const id = randomBytes(12);
    const req = Buffer.concat([Buffer.from([0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42]), id]);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      sock.close();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 200);
    sock.on('message', (msg) => done(msg.readUInt16BE(0) === 0x0101 && msg.subarray(8, 20).equals(id)));
    sock.on('error', () => done(false));
    sock.send(req, port, host);
  });
}

/** Starts coturn on 127.0.0.1 with the shipped configuration, a free port and a fresh secret. */
export async function startCoturn(opts: { port?: number; secret?: string } = {}): Promise<RunningTurn> {
  const port = opts.port ?? 30_000 + Math.floor(Math.random() * 10_000);
  const secret = opts.secret ?? randomBytes(24).toString('base64url');
  const minPort = 50_000 + Math.floor(Math.random() * 100) * 100;
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'telemed-coturn-'));
  const child: ChildProcess = spawn(TURNSERVER, ['-c', path.join(root, 'ops/coturn/turnserver.conf'),
    `--listening-port=${port}`, `--static-auth-secret=${secret}`, `--min-port=${minPort}`, `--max-port=${minPort + 99}`,
    `--pidfile=${path.join(logDir, 'turnserver.pid')}`, '--log-file=stdout', '--no-stdout-log=false'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => { out += String(d); });
  child.stderr!.on('data', (d) => { out += String(d); });
  const deadline = Date.now() + 10_000;
  // Ready when it answers a STUN binding request on its port.
  while (!(await answersStun(port))) {
    if (child.exitCode !== null) throw new Error(`coturn exited: ${out}`);
    if (Date.now() > deadline) throw new Error(`coturn not ready in 10 s: ${out}`);
  }
  return {
    urls: `turn:127.0.0.1:${port}?transport=udp`,
    secret,
    port,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(logDir, { recursive: true, force: true });
    },
  };
}

if (import.meta.main) {
  const missing = coturnMissing();
  if (missing) {
    process.stderr.write(`coturn is not installed. Run:\n  ${missing}\n`);
    process.exit(1);
  }
  const turn = await startCoturn({ port: Number(process.env.TURN_PORT ?? 3478) });
  process.stdout.write(`coturn on 127.0.0.1:${turn.port}. Start the app with:\n  TURN_URLS='${turn.urls}' TURN_SECRET='${turn.secret}' npm start\n`);
  const stop = () => void turn.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  spawnSync('true');
}

// The media servers a call needs beside the app: coturn (TURN relay) and Janus (the VideoRoom SFU
// for calls of three or more). Started bound to 127.0.0.1 for development and tests; `npm run media`
// starts them and prints the app settings to use.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
export const TURNSERVER = process.env.TURNSERVER_PATH ?? '/usr/bin/turnserver';
export const JANUS = process.env.JANUS_PATH ?? '/usr/bin/janus';

export interface RunningTurn {
  urls: string;
  secret: string;
  port: number;
  stop(): Promise<void>;
}

/** The Debian packages the media servers need that are not installed (empty when all are). */
export function missingMediaPackages(): string[] {
  return [[TURNSERVER, 'coturn'], [JANUS, 'janus']].filter(([bin]) => !fs.existsSync(bin!)).map(([, pkg]) => pkg!);
}

export interface RunningJanus {
  url: string;
  apiSecret: string;
  adminKey: string;
  stop(): Promise<void>;
}

/** A media server that is not installed stops its caller at once with the command that installs it. */
function requireBinary(bin: string, pkg: string): void {
  if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: run: sudo apt-get install -y ${pkg}`);
}

/** The interface media should use: Janus does not gather candidates on loopback. */
function mediaInterface(): string {
  for (const [name, addrs] of Object.entries(os.networkInterfaces())) {
    if (addrs?.some((a) => a.family === 'IPv4' && !a.internal)) return name;
  }
  return 'lo';
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1', () => { sock.destroy(); resolve(true); });
    sock.on('error', () => resolve(false));
  });
}

/** Starts Janus with the shipped configuration (ops/janus), its WebSocket API on 127.0.0.1, fresh secrets. */
export async function startJanus(opts: { port?: number } = {}): Promise<RunningJanus> {
  requireBinary(JANUS, 'janus');
  const port = opts.port ?? 20_000 + Math.floor(Math.random() * 9_000);
  const apiSecret = randomBytes(24).toString('base64url');
  const adminKey = randomBytes(24).toString('base64url');
  const rtp = 40_000 + Math.floor(Math.random() * 90) * 100;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'telemed-janus-'));
  const values: Record<string, string> = { CONFIGS: dir, API_SECRET: apiSecret, ADMIN_KEY: adminKey, WS_PORT: String(port),
    RTP_PORTS: `${rtp}-${rtp + 99}`, ICE_INTERFACE: process.env.JANUS_ICE_INTERFACE ?? mediaInterface() };
  for (const file of fs.readdirSync(path.join(root, 'ops/janus'))) {
    const text = fs.readFileSync(path.join(root, 'ops/janus', file), 'utf8').replace(/@([A-Z_]+)@/g, (_, k: string) => values[k] ?? '');
    fs.writeFileSync(path.join(dir, file), text, { mode: 0o600 });
  }
  const child = spawn(JANUS, ['-F', dir, '-C', path.join(dir, 'janus.jcfg'), '-N'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => { out += String(d); });
  child.stderr!.on('data', (d) => { out += String(d); });
  const deadline = Date.now() + 15_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null) throw new Error(`janus exited: ${out.slice(-2000)}`);
    if (Date.now() > deadline) throw new Error(`janus not ready in 15 s: ${out.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `ws://127.0.0.1:${port}/`,
    apiSecret,
    adminKey,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
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
  requireBinary(TURNSERVER, 'coturn');
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
  const missing = missingMediaPackages();
  if (missing.length) {
    process.stderr.write(`Missing Debian packages. Run:\n  sudo apt-get install -y ${missing.join(' ')}\n`);
    process.exit(1);
  }
  const turn = await startCoturn({ port: Number(process.env.TURN_PORT ?? 3478) });
  const janus = await startJanus({ port: Number(process.env.JANUS_WS_PORT ?? 8188) });
  process.stdout.write(`coturn on 127.0.0.1:${turn.port}, Janus on ${janus.url}. Start the app with:\n` +
    `  TURN_URLS='${turn.urls}' TURN_SECRET='${turn.secret}' JANUS_URL='${janus.url}' JANUS_API_SECRET='${janus.apiSecret}' JANUS_ADMIN_KEY='${janus.adminKey}' npm start\n`);
  const stop = () => void Promise.all([turn.stop(), janus.stop()]).then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS } from './browser.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

/**
 * The shared netlab tool (two test hosts A 10.77.1.2 and B 10.77.2.2 behind an impairable link, the
 * server side at 10.77.0.1). It is not part of this repository: CI and the development machines have it
 * in `../shared/netlab` beside the clone; NETLAB points elsewhere.
 */
export const NETLAB = process.env.NETLAB ?? path.resolve(root, '../shared/netlab/netlab');
/** The address of this machine's side of the lab, where the app server listens. */
export const SERVER_SIDE = '10.77.0.1';
const NAMESPACES = ['tm-a', 'tm-b', 'tm-r'];

export type Host = 'a' | 'b';

async function netlab(...args: string[]): Promise<string> {
  try {
    const { stdout } = await run(NETLAB, args, { timeout: 30_000 });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`netlab ${args.join(' ')} failed: ${(e.stderr || e.stdout || e.message).trim()}`);
  }
}

/**
 * Why this machine cannot run the poor-network test, or null when it can. The test fails with this
 * reason (it is never skipped): root, network namespaces, iptables and the netlab tool are all needed.
 */
export async function whyNetlabCannotRun(): Promise<string | null> {
  if (!fs.existsSync(NETLAB)) {
    return `netlab is missing: expected ${NETLAB} (the shared tool beside the clone, ../shared/netlab/netlab; set NETLAB to its path)`;
  }
  if (process.getuid?.() !== 0) return 'the poor-network test needs root (network namespaces, veth, tc and iptables); run npm test as root';
  for (const [bin, pkg] of [['ip', 'iproute2'], ['iptables-legacy', 'iptables'], ['python3', 'python3']]) {
    const found = await run('sh', ['-c', `command -v ${bin}`]).then(() => true, () => false);
    if (!found) return `'${bin}' is missing: apt-get install -y ${pkg}`;
  }
  const { stdout } = await run('ip', ['netns', 'list']).catch((err: { stderr?: string; message: string }) => {
    throw new Error(`this machine has no network namespace support: ip netns list: ${(err.stderr || err.message).trim()}`);
  });
  const present = NAMESPACES.filter((ns) => new RegExp(`^${ns}\\b`, 'm').test(stdout));
  if (present.length > 0) {
    return `netlab is already up on this machine (namespaces ${present.join(', ')} exist): another run is using it; ` +
      `wait for it, or run ${NETLAB} down if it was left behind`;
  }
  // A namespace of our own, made and removed at once, proves the kernel and the permissions allow it.
  const probe = `tm-probe-${process.pid}`;
  try {
    await run('ip', ['netns', 'add', probe]);
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    return `this machine cannot create network namespaces: ip netns add: ${(e.stderr || e.message).trim()}`;
  }
  await run('ip', ['netns', 'del', probe]).catch(() => undefined);
  return null;
}

export interface Netlab {
  /** `limit RATE DELAY_MS LOSS_PCT [QUEUE]`, `cut`, `uncut`, `off`: applies to A<->B only (both directions). */
  shape(...args: string[]): Promise<void>;
  /** Chromium inside host A or B, with the e2e flags, treating the server side's origin as secure. */
  launch(host: Host, origin: string): Promise<Browser>;
  /** Closes the browsers and removes everything netlab made; safe to call twice. */
  down(): Promise<void>;
}

/** Brings netlab up (after checking the machine can), or throws the exact reason it cannot. */
export async function netlabUp(): Promise<Netlab> {
  const why = await whyNetlabCannotRun();
  if (why) throw new Error(why);
  try {
    await netlab('up');
  } catch (err) {
    await netlab('down').catch(() => undefined);
    throw err;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'telemed-netlab-'));
  const browsers: Browser[] = [];
  let isDown = false;
  // A run that ends without reaching down() (an uncaught error, process.exit) still leaves nothing behind.
  const onExit = () => {
    if (isDown) return;
    try {
      execFileSync(NETLAB, ['down'], { stdio: 'ignore', timeout: 20_000 });
    } catch { /* best effort at exit */ }
  };
  process.once('exit', onExit);
  return {
    async shape(...args) {
      await netlab('shape', ...args);
    },
    async launch(host, origin) {
      // Playwright starts its executablePath with its own flags and pipes; this wrapper runs Chromium inside the host's namespace.
      const wrapper = path.join(dir, `chromium-${host}.sh`);
      fs.writeFileSync(wrapper, `#!/bin/sh\nexec ${JSON.stringify(NETLAB)} chromium ${host} "$@"\n`, { mode: 0o755 });
      const browser = await chromium.launch({ executablePath: wrapper,
        args: [...CHROMIUM_ARGS, `--unsafely-treat-insecure-origin-as-secure=${origin}`] });
      browsers.push(browser);
      return browser;
    },
    async down() {
      if (isDown) return;
      isDown = true;
      process.off('exit', onExit);
      await Promise.all(browsers.map((b) => b.close().catch(() => undefined)));
      const out = await netlab('down');
      fs.rmSync(dir, { recursive: true, force: true });
      const left = out.split('\n').filter((l) => l.includes('still inside'));
      if (left.length > 0) throw new Error(`netlab down: ${left.join('; ')}`);
    },
  };
}

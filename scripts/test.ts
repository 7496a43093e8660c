// `npm test`: type-check, build the web app, make sure Chromium is there, then run every unit,
// integration and end-to-end test in Node's test runner (one summary at the end).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules/.bin', name);
const step = (label: string, cmd: string, args: string[]) => {
  process.stdout.write(`== ${label}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TURNSERVER = process.env.TURNSERVER_PATH ?? '/usr/bin/turnserver';
const JANUS = process.env.JANUS_PATH ?? '/usr/bin/janus';
const IPTABLES = process.env.IPTABLES_PATH ?? '/usr/sbin/iptables-legacy';
/**
 * End-to-end tests need Debian's Chromium, coturn (the TURN relay of video calls), Janus (their SFU)
 * and iptables (netlab, ../shared/netlab, builds the poor network of e2e/poor-network.e2e.ts with it).
 */
function ensureDebianPackages(): void {
  const missing = [[CHROMIUM, 'chromium'], [TURNSERVER, 'coturn'], [JANUS, 'janus'], [IPTABLES, 'iptables']].filter(([bin]) => !fs.existsSync(bin)).map(([, pkg]) => pkg);
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    process.stderr.write(`End-to-end tests need Debian packages. Run:\n  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}\n`);
    process.exit(1);
  }
  process.stdout.write(`== installing ${missing.join(', ')} (apt-get)\n`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

step('type-check', bin('tsc'), ['--noEmit', '-p', '.']);
step('type-check e2e', bin('tsc'), ['--noEmit', '-p', 'e2e']);
const hasWeb = fs.existsSync(path.join(root, 'apps/web/index.html'));
if (hasWeb) {
  step('type-check web', bin('tsc'), ['--noEmit', '-p', 'apps/web']);
  step('build web', 'npm', ['run', 'build', '-w', 'apps/web', '--silent']);
}
const entries = ['apps/server/src/test-entry.ts'];
if (hasWeb && fs.existsSync(path.join(root, 'e2e/entry.ts'))) {
  ensureDebianPackages();
  entries.push('e2e/entry.ts');
}
step('tests', process.execPath, ['--test', '--test-concurrency=1', ...entries]);

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Extra Node flags for a server a benchmark spawns (`apps/server/src/main.ts`), for a look inside:
 * BENCH_NODE_FLAGS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` or a V8 heap setting to compare.
 * Empty by default, so the server runs as `npm start` runs it.
 */
export const SERVER_NODE_FLAGS: string[] = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);

const FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/BENCHMARKS.md');
const HEAD = `# Benchmarks

Each section is written by its own script under \`bench/\` with \`--write\` and holds only figures from
that script's last run; the section says when, on what machine and with which command.
`;

/**
 * Replaces one benchmark's section of docs/BENCHMARKS.md (between its markers), keeping the
 * others, so each script can be rerun on its own.
 */
export function writeSection(id: string, markdown: string): void {
  const begin = `<!-- bench:${id} -->`;
  const end = `<!-- /bench:${id} -->`;
  const block = `${begin}\n${markdown.trim()}\n${end}`;
  let doc = fs.existsSync(FILE) ? fs.readFileSync(FILE, 'utf8') : HEAD;
  if (!doc.includes('<!-- bench:')) doc = HEAD;
  const from = doc.indexOf(begin);
  const to = doc.indexOf(end);
  doc = from >= 0 && to > from ? doc.slice(0, from) + block + doc.slice(to + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(FILE, doc.endsWith('\n') ? doc : `${doc}\n`);
}

/** Demotes a report's headings one level, so a whole report fits under the file's title. */
export function asSection(markdown: string, title: string): string {
  const lines = markdown.split('\n');
  const body = lines[0].startsWith('# ') ? lines.slice(1) : lines;
  return [`## ${title}`, ...body.map((l) => (/^#{2,5} /.test(l) ? `#${l}` : l))].join('\n');
}

export function machineLine(): string {
  const cpu = fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown CPU';
  const loadavg = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  return `${(globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? '?'} CPUs (${cpu}), Node ${process.version}, `
    + `reference work ${referenceWorkMs().toFixed(0)} ms (\`bench/report.ts\`, lower is a faster machine), load average at start ${loadavg}`;
}

/**
 * The machine's speed at this moment, as the time of a fixed piece of work like a server's request
 * (build a 50-row page, JSON out and back in, SHA-256 it) done 300 times; the median of 7 rounds.
 * The virtual machine's CPUs are shared with other guests and their speed changes from hour to hour
 * (the same code has measured twice as fast on one day as on another), so a figure is read beside it.
 */
export function referenceWorkMs(): number {
  const round = () => {
    const t0 = performance.now();
    let sink = 0;
    for (let i = 0; i < 300; i++) {
      const rows = Array.from({ length: 50 }, (_, n) => ({ id: `${i}-${n}`, patient: { family: 'Ivanov', given: ['Asan'], birthDate: '1980-02-03' },
        urgency: n % 3 ? 'planned' : 'urgent', status: 'submitted', question: 'Chest pain on exertion '.repeat(4), createdAt: new Date(1.7e12 + n).toISOString() }));
      const text = JSON.stringify({ items: rows, next: null });
      sink += (JSON.parse(text) as { items: unknown[] }).items.length + createHash('sha256').update(text).digest()[0];
    }
    if (sink < 0) throw new Error('unreachable');
    return performance.now() - t0;
  };
  round();
  const times = Array.from({ length: 7 }, round).sort((a, b) => a - b);
  return times[3];
}

/**
 * A sentence for a report whose 1-minute load average (in any of the lines given) was above twice the machine's CPUs: other
 * work then took CPU from the run.
 */
export function busyNote(...lines: string[]): string {
  const cpus = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 2;
  const busy = lines.some((l) => Number(/(\d+\.\d+) \d+\.\d+ \d+\.\d+/.exec(l)?.[1] ?? 0) > 2 * cpus);
  return busy ? ' Other work shared the machine during the run (other engineers\' tests): the figures are noisy; re-run on a quiet machine.' : '';
}

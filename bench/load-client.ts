/**
 * autocannon in a process of its own: `node --single-threaded-gc bench/load-client.ts '<autocannon options JSON>'` prints the
 * figures the benchmarks use as JSON. `flatOut()` below starts it and waits for it.
 *
 * Why not in the benchmark's own process: on this 2-CPU machine a collection there (its heap holds what the benchmark set up
 * and every earlier run's histograms) ran on four V8 worker threads across both CPUs for 20 ms and more (`perf sched
 * timehist`), and the server, runnable all that time, waited behind it, so the load generator's pause was counted as the
 * server's latency. Here the heap is small and the collector has one thread.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';

export interface FlatOutResult {
  rps: number;
  requestsTotal: number;
  bytesTotal: number;
  total2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  p50: number;
  p99: number;
  seconds: number;
}

export interface FlatOutOptions {
  url: string;
  connections: number;
  duration: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  timeout?: number;
}

/** Runs a load script of bench/ in a process of its own with one GC thread and returns the JSON it prints. */
export async function childJson<T>(script: string, args: string[]): Promise<T> {
  const child = spawn(process.execPath, ['--single-threaded-gc', path.join(import.meta.dirname, script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d; });
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  if (code !== 0) throw new Error(`${script} exited with ${code}`);
  return JSON.parse(out) as T;
}

/** Runs autocannon with these options in a child process (one GC thread) and returns its figures. */
export const flatOut = (opts: FlatOutOptions) => childJson<FlatOutResult>('load-client.ts', [JSON.stringify(opts)]);

if (process.argv[1] === import.meta.filename) {
  const opts = JSON.parse(process.argv[2] ?? '{}') as FlatOutOptions;
  const r = await autocannon(opts);
  const result: FlatOutResult = {
    rps: r.requests.average, requestsTotal: r.requests.total, bytesTotal: r.throughput.total, total2xx: r['2xx'], non2xx: r.non2xx,
    errors: r.errors, timeouts: r.timeouts, p50: r.latency.p50, p99: r.latency.p99, seconds: r.duration,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

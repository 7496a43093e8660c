/**
 * An open-loop load at a steady rate, in a process of its own: `node --single-threaded-gc bench/paced-client.ts <url> <headers JSON> <rate> <seconds>`
 * prints `{ rps, p50, p99, errors, lateP99 }` as JSON.
 *
 * One request every 1000/rate ms whatever the answers do (autocannon's own rate limit sends each connection's share of a
 * second at its start, in bursts). Latency is measured from when a request was due, not when it left, so a stalled server
 * is not hidden by requests that simply were not sent (coordinated omission).
 *
 * Why a process of its own, with one GC thread: on this 2-CPU machine a collection in the benchmark's main process (its heap
 * holds the seeded application, autocannon's histograms) ran on four V8 worker threads across both CPUs for 20 ms and more
 * (`perf sched timehist`), and the server, runnable all that time, waited behind it: the load generator's pause was counted
 * as the server's. This process keeps a small heap, writes its figures into preallocated arrays, and collects on one thread.
 */
import http from 'node:http';

const [url, headersJson, rateText, secondsText] = process.argv.slice(2);
const headers = JSON.parse(headersJson ?? '{}') as Record<string, string>;
const rate = Number(rateText);
const seconds = Number(secondsText);
if (!url || !(rate > 0) || !(seconds > 0)) {
  process.stderr.write('usage: paced-client.ts <url> <headers JSON> <rate> <seconds>\n');
  process.exit(64);
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const total = Math.round(rate * seconds);
const latencies = new Float64Array(total);
// How late this process itself sent each request (its timer fired after the request was due): a part of the latency the
// server did not cause, reported beside it and counted in the latency all the same.
const lateness = new Float64Array(total);
let done = 0;
let errors = 0;
const started = performance.now();
await new Promise<void>((finish) => {
  const send = (i: number) => {
    const due = started + (i * 1000) / rate;
    lateness[i] = performance.now() - due;
    const req = http.get(url, { agent, headers }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode !== 200) errors++;
        latencies[i] = performance.now() - due;
        if (++done === total) finish();
      });
    });
    req.on('error', () => {
      errors++;
      latencies[i] = performance.now() - due;
      if (++done === total) finish();
    });
  };
  let next = 0;
  const tick = () => {
    while (next < total && started + (next * 1000) / rate <= performance.now()) send(next++);
    if (next < total) setTimeout(tick, Math.max(0, started + (next * 1000) / rate - performance.now()));
  };
  tick();
});
const elapsed = (performance.now() - started) / 1000;
agent.destroy();
latencies.sort();
lateness.sort();
const pick = (xs: Float64Array, q: number) => Math.round(xs[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0);
process.stdout.write(`${JSON.stringify({ rps: total / elapsed, p50: pick(latencies, 0.5), p99: pick(latencies, 0.99), errors, lateP99: pick(lateness, 0.99) })}\n`);

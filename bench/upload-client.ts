/**
 * The uploading side of bench/upload.ts, in its own process as a browser would be: sends one tus
 * PATCH of a file from an offset (optionally cutting the connection after `cutAt` bytes) and
 * prints `{ offset, ms }` — the server's new offset and the time from the first byte to the answer.
 */
import fs from 'node:fs';
import http from 'node:http';

const job = JSON.parse(process.env.UPLOAD_JOB ?? '{}') as { port: number; location: string; source: string; size: number; offset: number;
  cutAt?: number; headers: Record<string, string> };
const started = performance.now();
const offset = await new Promise<number>((resolve, reject) => {
  const req = http.request({ host: '127.0.0.1', port: job.port, method: 'PATCH', path: job.location, headers: { ...job.headers,
    'content-type': 'application/offset+octet-stream', 'content-length': job.size - job.offset, 'upload-offset': job.offset } });
  req.on('response', (res) => { res.resume(); res.on('end', () => resolve(Number(res.headers['upload-offset']))); });
  req.on('error', (err) => (job.cutAt ? resolve(-1) : reject(err)));
  const file = fs.createReadStream(job.source, { start: job.offset, highWaterMark: 1024 * 1024 });
  let sent = 0;
  file.on('data', (chunk) => {
    sent += chunk.length;
    if (job.cutAt && sent >= job.cutAt) {
      file.destroy();
      req.destroy();
      return;
    }
    if (!req.write(chunk)) file.pause();
  });
  req.on('drain', () => file.resume());
  file.on('end', () => req.end());
});
process.stdout.write(JSON.stringify({ offset, ms: performance.now() - started }));

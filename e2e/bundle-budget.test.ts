import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = path.resolve(import.meta.dirname, '../apps/web/dist');
const BUDGET = 200 * 1024;

test('the first page loads at most 200 KB of gzipped JavaScript', () => {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="([^"]+\.js)"/g)].map((m) => m[1]);
  assert.ok(scripts.length > 0, 'index.html loads at least one script');
  const total = scripts.reduce((sum, src) => sum + gzipSync(fs.readFileSync(path.join(dist, src))).length, 0);
  assert.ok(total <= BUDGET, `initial JS is ${Math.round(total / 1024)} KB gzipped, budget ${BUDGET / 1024} KB`);
});

test('the server sends the bundles compressed (Brotli, else gzip) and the same bytes once decompressed', async () => {
  const { server } = await import('./context.ts');
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const src = html.match(/<script[^>]+src="([^"]+\.js)"/)![1];
  const original = fs.readFileSync(path.join(dist, src));
  const br = await fetch(`${server.url}${src}`, { headers: { 'accept-encoding': 'br, gzip' } });
  assert.equal(br.headers.get('content-encoding'), 'br');
  assert.equal(br.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  const sent = Buffer.from(await br.arrayBuffer());
  // fetch decodes the body itself: what arrives is the original file.
  assert.ok(sent.equals(original), 'decoded Brotli body is the bundle');
  const gz = await fetch(`${server.url}${src}`, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(gz.headers.get('content-encoding'), 'gzip');
  assert.ok(Buffer.from(await gz.arrayBuffer()).equals(original));
  const plain = await fetch(`${server.url}${src}`, { headers: { 'accept-encoding': 'identity' } });
  assert.equal(plain.headers.get('content-encoding'), null);
  assert.equal(Number(plain.headers.get('content-length')), original.length);
});

test('the service worker and the manifest are sent compressed and still looked at afresh', async () => {
  const { server } = await import('./context.ts');
  for (const file of ['/sw.js', '/manifest.webmanifest']) {
    const res = await fetch(`${server.url}${file}`, { headers: { 'accept-encoding': 'br' } });
    assert.equal(res.status, 200, file);
    assert.equal(res.headers.get('cache-control'), 'no-cache', file);
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(fs.readFileSync(path.join(dist, file))), file);
  }
});

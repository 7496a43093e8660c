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

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from './config.ts';

test('defaults give a demo server on 8080 with embedded PostgreSQL', () => {
  const c = loadConfig({});
  assert.equal(c.PORT, 8080);
  assert.equal(c.TELEMED_MODE, 'demo');
  assert.equal(c.DATABASE_URL, undefined);
});

test('a wrong value stops start-up naming the variable', () => {
  assert.throws(() => loadConfig({ PORT: 'eighty' }), (e: Error) => e instanceof ConfigError && /PORT/.test(e.message));
  assert.throws(() => loadConfig({ TELEMED_MODE: 'prod' }), /TELEMED_MODE/);
  assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL/);
  assert.throws(() => loadConfig({ ENCRYPTION_KEY: 'c2hvcnQ=' }), /ENCRYPTION_KEY/);
  assert.throws(() => loadConfig({ TELEMED_MODE: 'production' }), /ENCRYPTION_KEY: required in production mode/);
});

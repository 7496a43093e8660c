import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../app.ts';
import { as, createTestApp, facilityId, signIn, type TestApp } from '../../test-support/app.ts';
import { onRunEnd } from '../../test-support/database.ts';

// Two app nodes on one database, as behind a load balancer.
const a = await createTestApp({ env: { SESSION_CACHE_SECONDS: '60' } });
const nodeB = await buildApp({ config: a.config, databaseUrl: a.databaseUrl, now: a.clock.now, logger: false });
onRunEnd(() => nodeB.close());
const b = { ...a, app: nodeB.app, deps: nodeB.deps } as TestApp;

async function eventually(check: () => Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

test('signing out on one node ends the session on every node, even within the cache interval', async () => {
  const s = await signIn(a, 'nurse.shalkar@demo.telemed');
  assert.equal((await as(b, s)('GET', '/api/auth/session')).statusCode, 200, 'node B has now cached the session');
  assert.equal((await as(a, s)('POST', '/api/auth/sign-out')).statusCode, 200);
  assert.equal((await as(a, s)('GET', '/api/auth/session')).statusCode, 401, 'the node that signed out forgets at once');
  assert.ok(await eventually(async () => (await as(b, s)('GET', '/api/auth/session')).statusCode === 401), 'node B is told');
});

test('a membership removed by an administrator on one node takes effect on the other', async () => {
  const s = await signIn(a, 'doctor.shalkar@demo.telemed');
  assert.equal((await as(b, s)('GET', '/api/patients?q=ivanov')).statusCode, 200);
  const admin = await signIn(a, 'admin@demo.telemed');
  const users = (await as(a, admin)('GET', '/api/users?q=doctor.shalkar')).json().items;
  await as(a, admin)('PATCH', `/api/users/${users[0].id}`, { memberships: [{ facilityId: await facilityId(a, 'KZ-AKT-SHALKAR'), role: 'nurse' }] });
  assert.ok(await eventually(async () => (await as(b, s)('GET', '/api/patients?q=ivanov')).statusCode === 403));
});

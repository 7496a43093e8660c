import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.ts';
import { loadConfig } from '../platform/config.ts';
import { createMemoryNotifier } from '../platform/notifier.ts';
import { seedDemoNetwork } from '../modules/demo/seed.ts';
import { DEMO_PASSWORD } from '../modules/demo/network.ts';
import { createTestDatabase, onRunEnd } from './database.ts';

const TEST_KEY = Buffer.alloc(32, 7).toString('base64');

export interface TestClock {
  now(): Date;
  advance(ms: number): void;
}

/** The real application on its own database, with the demo network loaded; closed after the file's tests. */
export async function createTestApp(opts: { env?: Record<string, string>; seed?: boolean } = {}) {
  const databaseUrl = await createTestDatabase();
  // Errors are logged, so a test that meets an unexpected 500 shows its cause. Every file's app lives
  // until the run ends, all on one PostgreSQL server: a pool of four each keeps the run well inside
  // the server's connection limit.
  const config = loadConfig({ LOG_LEVEL: 'error', ENCRYPTION_KEY: TEST_KEY, AUTH_RATE_LIMIT: '1000', WRITE_RATE_LIMIT: '10000', DB_POOL_SIZE: '4',
    ...opts.env });
  let offset = 0;
  const clock: TestClock = { now: () => new Date(Date.now() + offset), advance: (ms) => { offset += ms; } };
  const notifier = createMemoryNotifier();
  const built = await buildApp({ config, databaseUrl, notifier, now: clock.now });
  if (opts.seed !== false) await seedDemoNetwork({ ...built.deps, config: { ...config, TELEMED_MODE: 'demo' } });
  onRunEnd(() => built.close());
  return { ...built, clock, notifier, databaseUrl, config };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

export interface Session {
  cookie: string;
  csrf: string;
  body: Record<string, unknown>;
}

export async function signIn(t: TestApp, email: string, password = DEMO_PASSWORD): Promise<Session> {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email, password } });
  assert.equal(res.statusCode, 200, `sign-in of ${email} failed: ${res.body}`);
  return sessionFrom(res);
}

export function sessionFrom(res: LightMyRequestResponse): Session {
  const cookie = res.cookies.find((c) => c.name === 'tm_session');
  assert.ok(cookie, 'no session cookie');
  const body = res.json();
  return { cookie: `tm_session=${cookie.value}`, csrf: body.csrfToken, body };
}

/** A request as the signed-in browser makes it: cookie, CSRF header on writes, a language. */
export function as(t: TestApp, s: Session | null, lang = 'en') {
  return (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method,
      url,
      payload: payload as Record<string, unknown> | undefined,
      headers: {
        'accept-language': lang,
        ...(s ? { cookie: s.cookie } : {}),
        ...(s && method !== 'GET' ? { 'x-csrf-token': s.csrf } : {}),
        ...headers,
      },
    });
}

export async function facilityId(t: TestApp, code: string): Promise<string> {
  const row = await t.deps.db.selectFrom('facility').select('id').where('code', '=', code).executeTakeFirstOrThrow();
  return row.id;
}

export async function patientIdByName(t: TestApp, familyName: string): Promise<string> {
  const row = await t.deps.db.selectFrom('patient').select('id').where('family_name', '=', familyName).executeTakeFirstOrThrow();
  return row.id;
}

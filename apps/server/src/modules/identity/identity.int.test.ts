import { test } from 'node:test';
import assert from 'node:assert/strict';
import { as, createTestApp, facilityId, sessionFrom, signIn } from '../../test-support/app.ts';
import { generateTotp } from './totp.ts';

const t = await createTestApp();
const SIGN_IN = '/api/auth/sign-in';

test('sign-in sets an httpOnly SameSite cookie and returns role-aware permissions', async () => {
  const res = await t.app.inject({ method: 'POST', url: SIGN_IN, payload: { email: 'Coordinator@Demo.Telemed', password: 'Demo-Telemed-2026' } });
  assert.equal(res.statusCode, 200);
  const cookie = res.cookies.find((c) => c.name === 'tm_session')!;
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Lax');
  const body = res.json();
  assert.equal(body.activeRole, 'coordinator');
  assert.ok(body.permissions.includes('patient.read'));
  assert.ok(!body.permissions.includes('audit.read'));
});

test('a wrong password and an unknown email get the same answer', async () => {
  const a = await t.app.inject({ method: 'POST', url: SIGN_IN, payload: { email: 'nurse.shalkar@demo.telemed', password: 'nope-nope-nope' }, headers: { 'accept-language': 'ru' } });
  const b = await t.app.inject({ method: 'POST', url: SIGN_IN, payload: { email: 'nobody@demo.telemed', password: 'nope-nope-nope' }, headers: { 'accept-language': 'ru' } });
  assert.equal(a.statusCode, 401);
  assert.deepEqual(a.json(), b.json());
  assert.equal(a.json().title, 'Неверный адрес электронной почты или пароль.');
});

test('five failures lock the account with back-off, and the lockout is audited', async () => {
  const email = 'radiologist@demo.telemed';
  for (let i = 0; i < 5; i++) {
    assert.equal((await t.app.inject({ method: 'POST', url: SIGN_IN, payload: { email, password: 'wrong-password' } })).statusCode, 401);
  }
  const locked = await t.app.inject({ method: 'POST', url: SIGN_IN, payload: { email, password: 'Demo-Telemed-2026' } });
  assert.equal(locked.statusCode, 423, 'even the right password waits out the lock');
  t.clock.advance(61_000);
  assert.equal((await t.app.inject({ method: 'POST', url: SIGN_IN, payload: { email, password: 'wrong-password' } })).statusCode, 401);
  const row = await t.deps.db.selectFrom('app_user').select(['locked_until', 'failed_attempts']).where('email', '=', email).executeTakeFirstOrThrow();
  assert.equal(row.failed_attempts, 6);
  const lockMinutes = (row.locked_until!.getTime() - t.clock.now().getTime()) / 60_000;
  assert.ok(lockMinutes > 1.5 && lockMinutes <= 2, `second lock doubles to 2 minutes, got ${lockMinutes}`);
  t.clock.advance(121_000);
  assert.equal((await t.app.inject({ method: 'POST', url: SIGN_IN, payload: { email, password: 'Demo-Telemed-2026' } })).statusCode, 200);
  await t.deps.audit.settle();
  const lockouts = await t.deps.db.selectFrom('audit_event').select('seq').where('action', '=', 'auth.lockout').execute();
  assert.equal(lockouts.length, 2);
});

test('cookie-authenticated writes need the CSRF token', async () => {
  const s = await signIn(t, 'doctor.shalkar@demo.telemed');
  const res = await t.app.inject({ method: 'PUT', url: '/api/auth/preferences', payload: { language: 'ru' }, headers: { cookie: s.cookie } });
  assert.equal(res.statusCode, 403);
  assert.equal(res.json().type, 'https://telemed.network/problems/csrf');
  const ok = await as(t, s)('PUT', '/api/auth/preferences', { language: 'ru' });
  assert.equal(ok.json().user.language, 'ru');
});

test('the language setting is remembered and used for messages', async () => {
  const s = await signIn(t, 'educator@demo.telemed');
  await as(t, s)('PUT', '/api/auth/preferences', { language: 'uz' });
  const res = await as(t, s, 'en')('GET', '/api/patients?q=ab');
  assert.equal(res.statusCode, 403);
  assert.equal(res.json().title, 'Sizda bunga ruxsat yoʻq.');
});

test('sessions end after the idle limit, and sign-out of all sessions ends every one', async () => {
  const a = await signIn(t, 'nurse.shalkar@demo.telemed');
  const b = await signIn(t, 'nurse.shalkar@demo.telemed');
  assert.equal((await as(t, a)('POST', '/api/auth/sign-out-all')).statusCode, 200);
  assert.equal((await as(t, b)('GET', '/api/auth/session')).statusCode, 401);
  const c = await signIn(t, 'nurse.shalkar@demo.telemed');
  t.clock.advance(31 * 60_000);
  assert.equal((await as(t, c)('GET', '/api/auth/session')).statusCode, 401);
});

test('users in several facilities switch between them, and only into their own', async () => {
  const s = await signIn(t, 'cardiologist@demo.telemed');
  const nsmc = await facilityId(t, 'KZ-NSMC');
  const res = await as(t, s)('POST', '/api/auth/facility', { facilityId: nsmc });
  assert.equal(res.json().activeFacilityId, nsmc);
  const other = await as(t, s)('POST', '/api/auth/facility', { facilityId: await facilityId(t, 'KZ-AKT-SHALKAR') });
  assert.equal(other.statusCode, 403);
});

test('two-factor: enrolment, then sign-in needs the code, and a used code cannot be replayed', async () => {
  const s = await signIn(t, 'educator@demo.telemed');
  const { secret } = (await as(t, s)('POST', '/api/auth/totp/enrolment')).json();
  const stored = await t.deps.db.selectFrom('app_user').select('totp_secret').where('email', '=', 'educator@demo.telemed').executeTakeFirstOrThrow();
  assert.ok(stored.totp_secret && !stored.totp_secret.includes(secret), 'the secret is encrypted at rest');
  assert.equal((await as(t, s)('POST', '/api/auth/totp', { code: '000000' })).statusCode, 400);
  const code = generateTotp(secret, t.clock.now());
  assert.equal((await as(t, s)('POST', '/api/auth/totp', { code })).json().user.totpEnabled, true);

  const half = await signIn(t, 'educator@demo.telemed');
  assert.equal(half.body.state, 'mfa_required');
  assert.equal((await as(t, half)('GET', '/api/facilities')).statusCode, 403, 'nothing before the second factor');
  assert.equal((await as(t, half)('POST', '/api/auth/totp', { code })).statusCode, 400, 'the same code again is a replay');
  t.clock.advance(30_000);
  const done = await as(t, half)('POST', '/api/auth/totp', { code: generateTotp(secret, t.clock.now()) });
  assert.equal(done.json().state, 'active');
  assert.equal((await as(t, half)('GET', '/api/facilities')).statusCode, 200);
});

test('production mode requires staff to enrol in two-factor before anything else', async () => {
  const prod = await createTestApp({ env: { TELEMED_MODE: 'production' } });
  const s = await signIn(prod, 'coordinator@demo.telemed');
  assert.equal(s.body.state, 'mfa_enrolment_required');
  assert.equal((await as(prod, s)('GET', '/api/patients?q=ivanov')).statusCode, 403);
  const { secret } = (await as(prod, s)('POST', '/api/auth/totp/enrolment')).json();
  const done = await as(prod, s)('POST', '/api/auth/totp', { code: generateTotp(secret, prod.clock.now()) });
  assert.equal(done.json().state, 'active');
  const patient = await signIn(prod, 'patient@demo.telemed');
  assert.equal(patient.body.state, 'active', 'patients may choose two-factor');
});

test('password reset by one-time token ends the old sessions', async () => {
  const before = await signIn(t, 'doctor.urgut@demo.telemed');
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { email: 'doctor.urgut@demo.telemed' } })).statusCode, 202);
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { email: 'ghost@demo.telemed' } })).statusCode, 202);
  assert.equal(t.notifier.sent.length, 1);
  const token = new URL(t.notifier.sent[0].body, 'http://localhost').searchParams.get('token')!;
  const complete = (password: string) => t.app.inject({ method: 'POST', url: '/api/auth/password-reset/complete', payload: { token, password } });
  assert.equal((await complete('a-brand-new-passphrase')).statusCode, 200);
  assert.equal((await complete('another-passphrase!')).statusCode, 400, 'single use');
  assert.equal((await as(t, before)('GET', '/api/auth/session')).statusCode, 401);
  await signIn(t, 'doctor.urgut@demo.telemed', 'a-brand-new-passphrase');
});

test('API tokens are scoped to what their owner may do, and revocable', async () => {
  const s = await signIn(t, 'coordinator@demo.telemed');
  const facility = await facilityId(t, 'KZ-AKT-RTC');
  const tooMuch = await as(t, s)('POST', '/api/auth/tokens', { name: 'x', scopes: ['audit.read'], facilityId: facility });
  assert.equal(tooMuch.statusCode, 403);
  const created = await as(t, s)('POST', '/api/auth/tokens', { name: 'Lab integration', scopes: ['facility.read'], facilityId: facility });
  assert.equal(created.statusCode, 201);
  const bearer = { authorization: `Bearer ${created.json().token}` };
  assert.equal((await t.app.inject({ url: '/api/facilities', headers: bearer })).statusCode, 200);
  assert.equal((await t.app.inject({ url: '/api/patients?q=ivanov', headers: bearer })).statusCode, 403, 'outside its scopes');
  assert.equal((await as(t, s)('DELETE', `/api/auth/tokens/${created.json().id}`)).statusCode, 200);
  assert.equal((await t.app.inject({ url: '/api/facilities', headers: bearer })).statusCode, 401);
});

test('a facility administrator manages users of their facility only', async () => {
  const s = await signIn(t, 'facility.admin@demo.telemed');
  const own = await facilityId(t, 'KZ-AKT-RTC');
  const created = await as(t, s)('POST', '/api/users', { email: 'new.consultant@demo.telemed', displayName: 'Жаңа маман', language: 'kk',
    password: 'long-enough-pass', memberships: [{ facilityId: own, role: 'consultant' }] });
  assert.equal(created.statusCode, 201);
  const elsewhere = await as(t, s)('POST', '/api/users', { email: 'x@demo.telemed', displayName: 'X', language: 'kk',
    password: 'long-enough-pass', memberships: [{ facilityId: await facilityId(t, 'KZ-NSMC'), role: 'consultant' }] });
  assert.equal(elsewhere.statusCode, 403);
  const escalate = await as(t, s)('PATCH', `/api/users/${created.json().id}`, { memberships: [{ facilityId: own, role: 'network_admin' }] });
  assert.equal(escalate.statusCode, 403);
  const listed = (await as(t, s)('GET', '/api/users')).json().items.map((u: { email: string }) => u.email);
  assert.ok(listed.includes('new.consultant@demo.telemed'));
  assert.ok(!listed.includes('doctor.shalkar@demo.telemed'));
  const fresh = await sessionFrom(await t.app.inject({ method: 'POST', url: SIGN_IN, payload: { email: 'new.consultant@demo.telemed', password: 'long-enough-pass' } }));
  await as(t, s)('PATCH', `/api/users/${created.json().id}`, { active: false });
  assert.equal((await as(t, fresh)('GET', '/api/auth/session')).statusCode, 401, 'deactivation ends sessions');
});

test('a facility administrator cannot switch off someone who also works elsewhere', async () => {
  const s = await signIn(t, 'facility.admin@demo.telemed');
  const users = (await as(t, s)('GET', '/api/users?q=cardiologist')).json().items;
  assert.equal(users.length, 1, 'the cardiologist works at the regional centre too');
  assert.equal((await as(t, s)('PATCH', `/api/users/${users[0].id}`, { active: false })).statusCode, 403);
  const network = await signIn(t, 'admin@demo.telemed');
  assert.equal((await as(t, network)('PATCH', `/api/users/${users[0].id}`, { displayName: 'Марат Қасымов' })).statusCode, 200);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { as, createTestApp, facilityId, sessionFrom, signIn, type TestApp } from '../../test-support/app.ts';
import { iinCheckDigit } from '../patients/national-id.ts';
import { hashPassword } from './passwords.ts';

const t = await createTestApp();
const PASSWORD = 'a long enough passphrase';

/** A valid IIN for a birth date (YYMMDD), century+sex digit and serial. */
function iin(prefix10: string): string {
  for (let d = 0; d < 10; d++) {
    const check = iinCheckDigit(`${prefix10}${d}`);
    if (check !== null) return `${prefix10}${d}${check}`;
  }
  throw new Error('no valid IIN');
}

let serial = 100;
/** A new person: born 12 May 1990 (male), a fresh IIN and email each time. */
function person(over: Record<string, unknown> = {}) {
  serial++;
  return { familyName: 'Серікбаев', givenName: 'Арман', birthDate: '1990-05-12', nationalId: iin(`9005123${serial}`),
    email: `arman.${serial}@example.kz`, password: PASSWORD, language: 'kk', ...over };
}

/** One browser: it keeps the cookies the server gives it, as Chromium does. */
function browser(app: TestApp = t) {
  const jar = new Map<string, string>();
  const keep = (res: LightMyRequestResponse) => {
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) jar.delete(c.name);
      else jar.set(c.name, c.value);
    }
    return res;
  };
  const post = async (url: string, payload: unknown, lang = 'en') => keep(await app.app.inject({ method: 'POST', url, payload: payload as object,
    headers: { 'accept-language': lang, ...(jar.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {}) } }));
  return {
    signUp: (body: unknown, lang?: string) => post('/api/portal/sign-up', body, lang),
    resend: (email: string) => post('/api/portal/sign-up/resend', { email }),
    verify: (email: string, code: string, lang?: string) => post('/api/portal/verify', { email, code }, lang),
  };
}

function codesFor(email: string, app: TestApp = t): string[] {
  return app.notifier.sent.filter((m) => m.to === email && m.kind === 'sign_up_code').map((m) => /\b(\d{6})\b/.exec(m.body)![1]);
}
const lastCode = (email: string) => codesFor(email).at(-1)!;
const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

async function auditActions(action: string) {
  await t.deps.audit.settle();
  return t.deps.db.selectFrom('audit_event').select(['outcome', 'patient_id', 'details']).where('action', '=', action).orderBy('seq').execute();
}

test('a patient signs up, gets a code in their language, verifies, and is signed in to a record of their own', async () => {
  const b = browser();
  const p = person({ middleName: 'Болатұлы' });
  const res = await b.signUp(p);
  assert.equal(res.statusCode, 202);
  assert.deepEqual(res.json(), { ok: true, codeMinutes: 15, resendAfterSeconds: 60 });
  const [notice] = t.notifier.sent.filter((m) => m.to === p.email);
  assert.equal(notice.kind, 'sign_up_code');
  assert.match(notice.body, /^Телемедициналық желіге арналған кодыңыз: \d{6}\. .* 15 минут/, 'in Kazakh, the language chosen');
  const stored = await t.deps.db.selectFrom('patient_sign_up').selectAll().where('email', '=', p.email).executeTakeFirstOrThrow();
  assert.ok(!stored.details!.includes('Серікбаев') && !stored.details!.includes(p.nationalId), 'the details are sealed');
  assert.ok(!stored.code_hash!.toString('hex').includes(lastCode(p.email)), 'only a hash of the code is kept');

  const verified = await b.verify(p.email, lastCode(p.email));
  assert.equal(verified.statusCode, 200);
  const session = sessionFrom(verified);
  const body = session.body as { state: string; activeRole: string; permissions: string[]; user: { patientId: string; language: string; displayName: string } };
  assert.equal(body.state, 'active');
  assert.equal(body.activeRole, 'patient');
  assert.ok(body.permissions.includes('patient.self') && body.permissions.includes('appointment.book'));
  assert.equal(body.user.language, 'kk');
  assert.equal(body.user.displayName, 'Арман Серікбаев');

  const mine = await as(t, session)('GET', `/api/patients/${body.user.patientId}`);
  assert.equal(mine.statusCode, 200);
  assert.equal(mine.json().familyName, 'Серікбаев');
  assert.equal(mine.json().middleName, 'Болатұлы');
  assert.equal(mine.json().sex, 'male', 'from the IIN');
  assert.equal(mine.json().email, p.email);
  assert.equal(mine.json().homeFacilityId, null);
  assert.equal(mine.json().selfRegistered, true);

  // No facility registered the record: staff do not see it, by id or by search, without a care relationship.
  const coordinator = await signIn(t, 'coordinator@demo.telemed');
  assert.equal((await as(t, coordinator)('GET', `/api/patients/${body.user.patientId}`)).statusCode, 403);
  assert.deepEqual((await as(t, coordinator)('GET', `/api/patients?q=${p.nationalId}`)).json().items, []);

  // The code is spent, and the password signs in from now on.
  assert.equal((await b.verify(p.email, lastCode(p.email))).statusCode, 400);
  await signIn(t, p.email, PASSWORD);

  const signUps = await auditActions('auth.sign_up');
  assert.ok(signUps.some((e) => e.outcome === 'success' && (e.details as { result: string }).result === 'code_sent'));
  const verifies = await auditActions('auth.sign_up_verify');
  assert.ok(verifies.some((e) => e.outcome === 'success' && e.patient_id === body.user.patientId));
  const created = await auditActions('patient.create');
  assert.ok(created.some((e) => e.patient_id === body.user.patientId));
  await t.deps.audit.settle();
  const leaks = await t.deps.db.selectFrom('audit_event').select('seq').where('action', 'like', 'auth.sign_up%')
    .where((eb) => eb.or([eb(eb.cast('details', 'text'), 'like', `%${p.nationalId}%`), eb(eb.cast('details', 'text'), 'like', '%Серікбаев%')]))
    .execute();
  assert.deepEqual(leaks, [], 'no personal details in the audit trail of sign-ups');
});

test('details that do not add up are refused field by field, in the language of the page', async () => {
  const b = browser();
  const p = person();
  const badCheck = p.nationalId.slice(0, 11) + String((Number(p.nationalId[11]) + 1) % 10);
  const checksum = await b.signUp({ ...p, nationalId: badCheck }, 'ru');
  assert.equal(checksum.statusCode, 422);
  assert.equal(checksum.json().errors[0].path, 'body.nationalId');
  assert.equal(checksum.json().type, 'https://telemed.network/problems/national-id-checksum');
  const mismatch = await b.signUp({ ...p, birthDate: '1990-05-13' }, 'ru');
  assert.equal(mismatch.json().type, 'https://telemed.network/problems/national-id-mismatch');
  const short = await b.signUp({ ...p, password: 'short' }, 'ru');
  assert.equal(short.statusCode, 400);
  assert.deepEqual(short.json().errors.map((e: { path: string }) => e.path), ['body.password']);
  assert.equal(codesFor(p.email).length, 0, 'nothing was sent');
});

test('a wrong code is refused, five wrong codes use up the code, and a new code a minute later works', async () => {
  const b = browser();
  const p = person();
  await b.signUp(p);
  const code = lastCode(p.email);
  for (let i = 1; i <= 4; i++) {
    const res = await b.verify(p.email, wrongCode(code), 'ru');
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().type, 'https://telemed.network/problems/sign-up-code-wrong');
    assert.equal(res.json().errors[0].path, 'body.code');
  }
  assert.equal((await b.verify(p.email, wrongCode(code))).json().type, 'https://telemed.network/problems/sign-up-code-exhausted');
  const late = await b.verify(p.email, code, 'ru');
  assert.equal(late.json().type, 'https://telemed.network/problems/sign-up-code-exhausted', 'even the right code, after five wrong ones');
  assert.equal(late.json().title, 'Слишком много неверных попыток. Запросите новый код.');

  // Not sooner than a minute after the last code.
  assert.equal((await b.resend(p.email)).statusCode, 202);
  assert.equal(codesFor(p.email).length, 1);
  t.clock.advance(61_000);
  assert.equal((await b.resend(p.email)).statusCode, 202);
  assert.equal(codesFor(p.email).length, 2);
  assert.notEqual(lastCode(p.email), code);
  assert.equal((await b.verify(p.email, code)).statusCode, 400, 'the old code no longer works');
  assert.equal((await b.verify(p.email, lastCode(p.email))).statusCode, 200);
});

test('a code older than 15 minutes is refused', async () => {
  const b = browser();
  const p = person();
  await b.signUp(p);
  t.clock.advance(15 * 60_000 + 1_000);
  const res = await b.verify(p.email, lastCode(p.email));
  assert.equal(res.statusCode, 400);
  assert.equal(res.json().type, 'https://telemed.network/problems/sign-up-code-expired');
  assert.equal(await t.deps.db.selectFrom('app_user').select('id').where('email', '=', p.email).executeTakeFirst(), undefined);
});

test('only the browser that signed up can finish it, and a stranger cannot use up its tries', async () => {
  const mine = browser();
  const stranger = browser();
  const p = person();
  await mine.signUp(p);
  const code = lastCode(p.email);
  for (let i = 0; i < 6; i++) assert.equal((await stranger.verify(p.email, code)).json().type, 'https://telemed.network/problems/sign-up-code-wrong');
  // A second sign-up with the same email from elsewhere within the minute changes nothing and sends nothing.
  await stranger.signUp({ ...p, password: 'the stranger’s own passphrase' });
  assert.equal(codesFor(p.email).length, 1);
  const res = await mine.verify(p.email, code);
  assert.equal(res.statusCode, 200);
  await signIn(t, p.email, PASSWORD);
});

test('an email that already has an account gets the same answer and no second account; its owner is told', async () => {
  const fresh = browser();
  const taken = browser();
  const a = await fresh.signUp(person());
  const b = await taken.signUp(person({ email: 'patient@demo.telemed' }));
  assert.equal(a.statusCode, b.statusCode);
  assert.deepEqual(a.json(), b.json());
  assert.deepEqual(a.cookies.map((c) => [c.name, c.path, c.httpOnly, c.sameSite]), b.cookies.map((c) => [c.name, c.path, c.httpOnly, c.sameSite]));
  assert.equal(codesFor('patient@demo.telemed').length, 0, 'no code is sent');
  const told = t.notifier.sent.filter((m) => m.to === 'patient@demo.telemed');
  assert.equal(told.length, 1);
  assert.equal(told[0].kind, 'security_alert');
  assert.match(told[0].body, /тіркелгісі бар/, 'in the owner’s language (kk)');

  // The code step behaves as for a new email: wrong, wrong, … then used up.
  const answers = [];
  for (let i = 0; i < 5; i++) answers.push((await taken.verify('patient@demo.telemed', '123456')).json().type);
  assert.deepEqual(answers, [...Array(4).fill('https://telemed.network/problems/sign-up-code-wrong'), 'https://telemed.network/problems/sign-up-code-exhausted']);
  const users = await t.deps.db.selectFrom('app_user').select('id').where('email', '=', 'patient@demo.telemed').execute();
  assert.equal(users.length, 1);

  // Another try soon after does not tell the owner again.
  t.clock.advance(61_000);
  await taken.signUp(person({ email: 'patient@demo.telemed' }));
  assert.equal(t.notifier.sent.filter((m) => m.to === 'patient@demo.telemed').length, 1);
});

test('linking: a facility’s record is linked only when identifier, birth date and email all match, and never to a second account', async () => {
  const shalkar = await facilityId(t, 'KZ-AKT-SHALKAR');
  const nurse = await signIn(t, 'nurse.shalkar@demo.telemed');
  const register = async (p: ReturnType<typeof person>, email: string | undefined) => {
    const res = await as(t, nurse)('POST', '/api/patients', { familyName: p.familyName, givenName: p.givenName, birthDate: p.birthDate,
      sex: 'male', preferredLanguage: 'kk', homeFacilityId: shalkar, nationalIdType: 'KZ-IIN', nationalId: p.nationalId,
      confirmNotDuplicate: true, ...(email ? { email } : {}) });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  };
  const signUpAndVerify = async (p: ReturnType<typeof person>) => {
    const b = browser();
    await b.signUp(p);
    const res = await b.verify(p.email, lastCode(p.email));
    assert.equal(res.statusCode, 200, res.body);
    return sessionFrom(res);
  };

  // All three match (the email in another case on the record): linked, and the patient sees what the facility wrote.
  const matching = person();
  const recordId = await register(matching, matching.email.toUpperCase());
  const linked = await signUpAndVerify(matching);
  assert.equal((linked.body.user as { patientId: string }).patientId, recordId);
  assert.equal((await as(t, linked)('GET', `/api/patients/${recordId}`)).json().selfRegistered, false);
  assert.equal((await as(t, linked)('GET', `/api/patients/${recordId}`)).json().homeFacilityId, shalkar);

  // The identifier and birth date match, the email does not: a record of their own, the facility's untouched.
  const other = person();
  const otherRecord = await register(other, 'someone.else@example.kz');
  const separate = await signUpAndVerify(other);
  const separateId = (separate.body.user as { patientId: string }).patientId;
  assert.notEqual(separateId, otherRecord);
  assert.equal((await as(t, separate)('GET', `/api/patients/${otherRecord}`)).statusCode, 403);
  assert.equal((await as(t, separate)('GET', `/api/patients/${separateId}`)).json().selfRegistered, true);

  // No email on the record: nothing to prove the person's claim against, so not linked.
  const noEmail = person();
  const noEmailRecord = await register(noEmail, undefined);
  assert.notEqual(((await signUpAndVerify(noEmail)).body.user as { patientId: string }).patientId, noEmailRecord);

  // A record someone already signs in to is not given to a second account.
  const held = person();
  const heldRecord = await register(held, held.email);
  await t.deps.db.insertInto('app_user').values({ email: `staff.made.${serial}@example.kz`, display_name: 'Staff-made account',
    language: 'kk', password_hash: await hashPassword(PASSWORD), patient_id: heldRecord }).execute();
  const second = await signUpAndVerify(held);
  assert.notEqual((second.body.user as { patientId: string }).patientId, heldRecord);
  const holders = await t.deps.db.selectFrom('app_user').select('id').where('patient_id', '=', heldRecord).execute();
  assert.equal(holders.length, 1);

  // The self-made records with a facility's identifier do not keep the facility from registering others, nor show up as duplicates.
  const stranger = person({ familyName: 'Төлеубаев', givenName: 'Ерлан' });
  await signUpAndVerify(stranger);
  const res = await as(t, nurse)('POST', '/api/patients', { familyName: stranger.familyName, givenName: stranger.givenName,
    birthDate: stranger.birthDate, sex: 'male', preferredLanguage: 'kk', homeFacilityId: shalkar, nationalIdType: 'KZ-IIN',
    nationalId: stranger.nationalId });
  assert.equal(res.statusCode, 201, 'the real holder of the number is registered; no duplicate from the portal is shown');
});

test('sign-up, resend and verify are rate limited like sign-in', async () => {
  const limited = await createTestApp({ env: { AUTH_RATE_LIMIT: '3' }, seed: false });
  const b = browser(limited);
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await b.signUp(person())).statusCode);
  assert.deepEqual(statuses, [202, 202, 202, 429]);
  const verifies = [];
  for (let i = 0; i < 4; i++) verifies.push((await b.verify('nobody@example.kz', '000000')).statusCode);
  assert.deepEqual(verifies, [400, 400, 400, 429]);
});

test('the sign-up routes are public and described in the OpenAPI document', async () => {
  const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { 'x-access': string }>> };
  for (const path of ['/api/portal/sign-up', '/api/portal/sign-up/resend', '/api/portal/verify']) {
    assert.equal(doc.paths[path]?.post?.['x-access'], 'public', path);
  }
});

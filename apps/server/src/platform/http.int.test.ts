import { test } from 'node:test';
import net from 'node:net';
import assert from 'node:assert/strict';
import { as, createTestApp, signIn } from '../test-support/app.ts';

const t = await createTestApp();

test('liveness and readiness answer once migrations are applied', async () => {
  const health = await t.app.inject({ url: '/api/health' });
  assert.equal(health.statusCode, 200);
  const ready = await t.app.inject({ url: '/api/ready' });
  assert.deepEqual(ready.json(), { status: 'ready' });
});

test('OpenAPI 3.1 document lists every API route with its access rule', async () => {
  const res = await t.app.inject({ url: '/api/openapi.json' });
  const doc = res.json();
  assert.equal(doc.openapi, '3.1.0');
  assert.equal(doc.paths['/api/patients/{id}'].get['x-access'], 'authenticated');
  assert.equal(doc.paths['/api/patients'].post['x-access'], 'patient.write');
  assert.ok(doc.paths['/api/patients'].post.requestBody.content['application/json'].schema.properties.nationalId);
});

test('malformed JSON is a 400 problem in the caller language, never a 500', async () => {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', body: '{"email": ',
    headers: { 'content-type': 'application/json', 'accept-language': 'ru' } });
  assert.equal(res.statusCode, 400);
  assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  assert.equal(res.json().title, 'Тело запроса не является корректным JSON.');
  assert.doesNotMatch(res.body, /at .*\.ts:\d+/);
});

test('wrong types give field-level errors', async () => {
  const s = await signIn(t, 'doctor.shalkar@demo.telemed');
  const res = await as(t, s, 'en')('POST', '/api/patients', { familyName: 42, givenName: 'A', birthDate: 'yesterday' });
  assert.equal(res.statusCode, 400);
  const body = res.json();
  assert.equal(body.type, 'https://telemed.network/problems/validation');
  const paths = body.errors.map((e: { path: string }) => e.path);
  assert.ok(paths.includes('body.familyName'));
  assert.ok(paths.includes('body.birthDate'));
  assert.ok(body.errors.every((e: { message: string }) => e.message.length > 0));
});

test('a field left empty is "required" (in the user’s language), whatever rule it then breaks; a wrong value keeps its own message', async () => {
  const s = await signIn(t, 'doctor.shalkar@demo.telemed');
  const res = await as(t, s)('POST', '/api/patients', { familyName: '  ', givenName: 'Aliya', birthDate: '', sex: '', preferredLanguage: 'xx' });
  assert.equal(res.statusCode, 400);
  const byPath = new Map(res.json().errors.map((e: { path: string; code: string; message: string }) => [e.path, e]));
  for (const path of ['body.familyName', 'body.birthDate', 'body.sex', 'body.homeFacilityId']) {
    assert.deepEqual(byPath.get(path), { path, code: 'required', message: 'Міндетті өріс.' }, path);
  }
  assert.equal((byPath.get('body.preferredLanguage') as { code: string }).code, 'invalid_value');
  assert.ok(!byPath.has('body.givenName'));
  assert.equal(res.json().title, 'Кейбір өрістер дұрыс толтырылмаған.', 'a wrong value among them: "not filled in correctly"');

  const empty = await as(t, s)('POST', '/api/patients', { familyName: '', givenName: 'Aliya', birthDate: '', sex: '' });
  assert.equal(empty.statusCode, 400);
  assert.ok(empty.json().errors.every((e: { code: string }) => e.code === 'required'));
  assert.equal(empty.json().title, 'Төменде белгіленген өрістерді толтырыңыз.', 'only empty fields: the title asks to fill them in');
  assert.equal(empty.json().type, 'https://telemed.network/problems/validation');
});

test('a NUL character in any text, in the body or the query, is a 400 naming the field, never a 500 from the database', async () => {
  const doctor = as(t, await signIn(t, 'doctor.shalkar@demo.telemed'), 'en');
  const body = await doctor('POST', '/api/patients', { familyName: 'Ali\u0000ev', givenName: 'Aliya', birthDate: '1990-01-01', sex: 'female' });
  assert.equal(body.statusCode, 400);
  assert.deepEqual(body.json().errors, [{ path: 'body.familyName', code: 'control_character',
    message: 'Сақтауға болмайтын таңба бар (нөлдік байт).' }], 'in the user’s language (kk)');
  const analyst = as(t, await signIn(t, 'analyst@demo.telemed'), 'en');
  const query = await analyst('GET', '/api/reports/consultations?by=facility&period=month&region=%00');
  assert.equal(query.statusCode, 400);
  assert.equal(query.json().errors[0].path, 'querystring.region');
  const search = await doctor('GET', '/api/patients?q=%00');
  assert.equal(search.statusCode, 400);
});

test('an oversized body is refused with 413', async () => {
  const s = await signIn(t, 'doctor.shalkar@demo.telemed');
  const res = await as(t, s)('POST', '/api/patients', { familyName: 'x'.repeat(2 * 1024 * 1024) });
  assert.equal(res.statusCode, 413);
  assert.equal(res.json().type, 'https://telemed.network/problems/body-too-large');
});

test('unknown API routes are a 404 problem', async () => {
  const res = await t.app.inject({ url: '/api/nothing-here', headers: { 'accept-language': 'kk' } });
  assert.equal(res.statusCode, 404);
  assert.equal(res.json().title, 'Табылмады.');
});

test('security headers: CSP with frame-ancestors none, no sniffing', async () => {
  const res = await t.app.inject({ url: '/api/health' });
  assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/);
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.equal(res.headers['strict-transport-security'], undefined);
});

test('HSTS is sent when the server is behind TLS', async () => {
  const tls = await createTestApp({ env: { TLS: 'true' }, seed: false });
  const res = await tls.app.inject({ url: '/api/health' });
  assert.match(String(res.headers['strict-transport-security']), /max-age=31536000/);
});

test('authentication routes are rate limited', async () => {
  const limited = await createTestApp({ env: { AUTH_RATE_LIMIT: '3' }, seed: false });
  const codes: number[] = [];
  for (let i = 0; i < 5; i++) {
    const res = await limited.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'x@y.kz', password: 'wrong' } });
    codes.push(res.statusCode);
  }
  assert.deepEqual(codes, [401, 401, 401, 429, 429]);
});

test('a request Node cannot parse still gets a problem document', async () => {
  const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = new URL(address);
  const raw = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write('GET /api/patients?q=\u0000 HTTP/1.1\r\nHost: x\r\n\r\n'));
    let data = '';
    socket.on('data', (d) => { data += String(d); });
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
  assert.match(raw, /^HTTP\/1.1 400/);
  assert.match(raw, /Content-Type: application\/problem\+json/);
});

test('write routes are rate limited per user', async () => {
  const limited = await createTestApp({ env: { WRITE_RATE_LIMIT: '2' } });
  const s = await signIn(limited, 'coordinator@demo.telemed');
  const codes: number[] = [];
  for (let i = 0; i < 3; i++) codes.push((await as(limited, s)('PUT', '/api/auth/preferences', { language: 'ru' })).statusCode);
  assert.deepEqual(codes, [200, 200, 429]);
  assert.equal((await as(limited, s)('GET', '/api/facilities')).statusCode, 200, 'reads are not limited');
});

test('JSON answers of 1 KB and more travel compressed when the client accepts it; small ones and answers with a secret never do', async () => {
  const { brotliDecompressSync, gunzipSync } = await import('node:zlib');
  const plain = await t.app.inject({ url: '/api/openapi.json' });
  assert.equal(plain.headers['content-encoding'], undefined, 'a client that asks for nothing gets plain JSON');
  const gz = await t.app.inject({ url: '/api/openapi.json', headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gz.headers.vary, 'accept-encoding');
  assert.equal(Number(gz.headers['content-length']), gz.rawPayload.length);
  assert.ok(gz.rawPayload.length * 5 < plain.rawPayload.length, `${gz.rawPayload.length} bytes for ${plain.rawPayload.length}`);
  assert.deepEqual(JSON.parse(gunzipSync(gz.rawPayload).toString('utf8')), plain.json());
  const br = await t.app.inject({ url: '/api/openapi.json', headers: { 'accept-encoding': 'gzip;q=0, br' } });
  assert.equal(br.headers['content-encoding'], 'br');
  assert.deepEqual(JSON.parse(brotliDecompressSync(br.rawPayload).toString('utf8')), plain.json());
  assert.equal((await t.app.inject({ url: '/api/openapi.json', headers: { 'accept-encoding': 'identity' } })).headers['content-encoding'], undefined);
  assert.equal((await t.app.inject({ url: '/api/health', headers: { 'accept-encoding': 'gzip, br' } })).headers['content-encoding'], undefined, 'small');

  // The session answer holds the CSRF token: never compressed, whatever its size (BREACH). An
  // educator who teaches at every facility of the network has a session answer well over 1 KB.
  const educator = await t.deps.db.selectFrom('app_user').select('id').where('email', '=', 'educator@demo.telemed').executeTakeFirstOrThrow();
  const facilities = await t.deps.db.selectFrom('facility').select('id').execute();
  await t.deps.db.insertInto('membership').values(facilities.map((f) => ({ user_id: educator.id, facility_id: f.id, role: 'educator' })))
    .onConflict((oc) => oc.doNothing()).execute();
  const s = await signIn(t, 'educator@demo.telemed');
  const session = await as(t, s, 'en')('GET', '/api/auth/session', undefined, { 'accept-encoding': 'gzip, br' });
  assert.equal(session.statusCode, 200);
  assert.ok(session.rawPayload.length > 1024, `session answer of ${session.rawPayload.length} bytes`);
  assert.equal(session.headers['content-encoding'], undefined);
  assert.ok(session.json().csrfToken);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, createApiClient, toQuery } from './api.ts';

test('field errors are keyed by the form field they belong to', () => {
  const err = new ApiError(400, {
    type: 'https://telemed.network/problems/validation', title: 'Некоторые поля заполнены неверно.', status: 400,
    errors: [
      { path: 'body.nationalId', code: 'national_id_checksum', message: 'Неверная контрольная цифра' },
      { path: 'body.name.kk', code: 'too_small', message: 'Слишком коротко' },
      { path: 'body.nationalId', code: 'other', message: 'second message is not shown' },
    ],
  });
  assert.deepEqual(err.fieldErrors(), { nationalId: 'Неверная контрольная цифра', 'name.kk': 'Слишком коротко' });
  assert.equal(err.isType('validation'), true);
  assert.equal(err.message, 'Некоторые поля заполнены неверно.');
});

test('query strings leave out empty values', () => {
  assert.equal(toQuery({ q: 'Иванов', limit: 20, facilityId: undefined, flagged: '' }), '?q=%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2&limit=20');
  assert.equal(toQuery({ q: null }), '');
});

test('writes carry the CSRF token and language; a 401 returns the user to sign-in', async (t) => {
  const calls: { url: string; init: RequestInit }[] = [];
  t.mock.method(globalThis, 'fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    if (url === '/api/gone') {
      return new Response(JSON.stringify({ type: 'x/unauthenticated', title: 'Войдите', status: 401 }), {
        status: 401, headers: { 'content-type': 'application/problem+json' } });
    }
    return new Response(JSON.stringify({ ok: true }), { headers: { 'content-type': 'application/json' } });
  });
  let signedOut = 0;
  const api = createApiClient({ language: () => 'kk', onUnauthorized: () => { signedOut++; } });
  api.setCsrfToken('token-1');
  await api.get('/api/facilities');
  await api.post('/api/patients', { familyName: 'A' }, { purpose: 'emergency' });
  const [get, post] = calls.map((c) => c.init.headers as Record<string, string>);
  assert.equal(get['X-CSRF-Token'], undefined);
  assert.equal(get['Accept-Language'], 'kk');
  assert.equal(post['X-CSRF-Token'], 'token-1');
  assert.equal(post['X-Purpose-Of-Use'], 'emergency');
  await assert.rejects(api.get('/api/gone'), (e: ApiError) => e.status === 401 && e.problem?.title === 'Войдите');
  assert.equal(signedOut, 1);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSignUp, formatWait } from './sign-up-form.ts';

const valid = { familyName: 'Серікбаев', givenName: 'Арман', birthDate: '1990-05-12', nationalIdType: 'KZ-IIN', nationalId: '900512 300 123',
  email: 'arman@example.kz', password: 'a long enough passphrase', passwordConfirm: 'a long enough passphrase' };

test('a complete form passes; an empty one names every required field', () => {
  assert.deepEqual(checkSignUp(valid, '2026-01-01'), {});
  assert.deepEqual(Object.keys(checkSignUp({}, '2026-01-01')).sort(),
    ['birthDate', 'email', 'familyName', 'givenName', 'nationalId', 'password', 'passwordConfirm']);
});

test('each wrong field gets a message that says how to put it right', () => {
  assert.deepEqual(checkSignUp({ ...valid, nationalId: '90051230012' }, '2026-01-01').nationalId,
    { key: 'signUp.error.nationalId', params: { digits: 12 } });
  assert.deepEqual(checkSignUp({ ...valid, nationalIdType: 'UZ-PINFL' }, '2026-01-01').nationalId,
    { key: 'signUp.error.nationalId', params: { digits: 14 } });
  assert.equal(checkSignUp({ ...valid, email: 'arman@example' }, '2026-01-01').email?.key, 'signUp.error.email');
  assert.equal(checkSignUp({ ...valid, birthDate: '2026-01-02' }, '2026-01-01').birthDate?.key, 'signUp.error.birthDateFuture');
  assert.equal(checkSignUp({ ...valid, password: 'short', passwordConfirm: 'short' }, '2026-01-01').password?.key, 'signUp.error.passwordShort');
  assert.equal(checkSignUp({ ...valid, passwordConfirm: 'another long phrase' }, '2026-01-01').passwordConfirm?.key, 'auth.passwordMismatch');
});

test('the wait before a new code reads as minutes and seconds', () => {
  assert.equal(formatWait(60_000), '1:00');
  assert.equal(formatWait(41_200), '0:42');
  assert.equal(formatWait(-5), '0:00');
});

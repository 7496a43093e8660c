import { test } from 'node:test';
import assert from 'node:assert/strict';
import { negotiateLanguage, translate } from './i18n.ts';

test('Accept-Language picks the best supported language by q-value', () => {
  assert.equal(negotiateLanguage('kk-KZ,ru;q=0.8'), 'kk');
  assert.equal(negotiateLanguage('de-DE,uz;q=0.5,en;q=0.9'), 'en');
  assert.equal(negotiateLanguage('fr'), 'ru');
  assert.equal(negotiateLanguage(undefined, 'en'), 'en');
});

test('messages exist in all four languages with parameters filled', () => {
  for (const lang of ['kk', 'ru', 'uz', 'en'] as const) {
    assert.ok(translate('account_locked', lang, { until: '12:30' }).includes('12:30'));
  }
});

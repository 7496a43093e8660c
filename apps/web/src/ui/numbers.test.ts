import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createNumberFormat } from './numbers.ts';

test('numbers use each language\'s own group and decimal marks', () => {
  assert.equal(createNumberFormat('en').format(2401.5), '2,401.5');
  for (const lang of ['kk', 'ru', 'uz'] as const) {
    assert.equal(createNumberFormat(lang).format(2401.5).replace(/\s/g, ' '), '2 401,5', lang);
  }
});

test('a browser without a language\'s number data still writes its separators', (t) => {
  // Reduced ICU data (as in Chromium) resolves Kazakh to English: simulate that here.
  const Real = Intl.NumberFormat;
  t.mock.method(Intl, 'NumberFormat', function (this: unknown, locale: string, options?: Intl.NumberFormatOptions) {
    return new Real(locale === 'kk' ? 'en' : locale, options);
  });
  const kk = createNumberFormat('kk');
  assert.equal(kk.format(1234567.25), '1\u00a0234\u00a0567,25');
  assert.equal(kk.format(-12), '-12');
});

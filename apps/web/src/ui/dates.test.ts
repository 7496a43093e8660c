import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ageInYears, createDateFormats } from './dates.ts';
import kk from './locales/kk.ts';
import uz from './locales/uz.ts';

/** Reduced ICU data (as in Chromium) has no Kazakh or Uzbek names: simulate that here. */
function withoutData(t: import('node:test').TestContext) {
  const Real = Intl.DateTimeFormat;
  t.mock.method(Intl, 'DateTimeFormat', function (this: unknown, locale: string, options?: Intl.DateTimeFormatOptions) {
    // What Chromium prints for a month name it does not have.
    if (locale === 'kk' || locale === 'uz') return { format: () => 'M07', formatToParts: () => [], resolvedOptions: () => ({ locale: 'en' }) };
    return new Real(locale, options);
  });
}

test('appointment times in a zone read in Kazakh and Uzbek without the browser having their calendar data', (t) => {
  withoutData(t);
  const at = '2026-12-04T05:00:00Z'; // 10:00 in Aqtobe (UTC+5), a Friday
  const kkDates = createDateFormats('kk', kk);
  assert.equal(kkDates.inZone(at, 'Asia/Aqtobe', { dateStyle: 'full', timeStyle: 'short' }), 'Жұма, 2026 ж. 4 желтоқсан, 10:00');
  assert.equal(kkDates.inZone(at, 'Asia/Aqtobe', { timeStyle: 'short' }), '10:00');
  assert.equal(kkDates.inZone('2026-12-07T12:00:00Z', 'UTC', { weekday: 'long', day: 'numeric', month: 'long' }), 'Дүйсенбі, 7 желтоқсан');
  const uzDates = createDateFormats('uz', uz);
  assert.equal(uzDates.inZone(at, 'Asia/Tashkent', { dateStyle: 'medium' }), '4-dekabr, 2026');
  assert.equal(uzDates.inZone('2026-12-07T12:00:00Z', 'UTC', { weekday: 'long', day: 'numeric', month: 'long' }), 'Dushanba, 7-dekabr');
  assert.equal(uzDates.inZone(at, 'Asia/Tashkent', { hour: '2-digit', minute: '2-digit' }), '10:00');
});

test('with the data present, the browser formats the zone itself', () => {
  const en = createDateFormats('en', kk);
  assert.match(en.inZone('2026-12-04T05:00:00Z', 'Asia/Aqtobe', { dateStyle: 'full', timeStyle: 'short' }), /Friday.*10:00/);
});

test('age in whole years turns on the birthday itself', () => {
  assert.equal(ageInYears('1980-03-15', new Date(2026, 2, 14)), 45);
  assert.equal(ageInYears('1980-03-15', new Date(2026, 2, 15)), 46);
  assert.equal(ageInYears('2026-01-10', new Date(2026, 11, 4)), 0);
});

import fs from 'node:fs';
import path from 'node:path';
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

test('Uzbek text the server writes (errors, reports, PDFs, demo names) spells oʻ, gʻ and ʼ as the alphabet does', async () => {
  const { uzbekApostropheSlips } = await import('../../../web/src/ui/uzbek-spelling.ts');
  const roots = [path.resolve(import.meta.dirname, '..'), path.resolve(import.meta.dirname, '../../../../packages/contracts/src')];
  // Every Uzbek string sits in a four-language record as `uz: '…'` or, in generated tables, `"uz":"…"`.
  const UZ = /\buz"?\s*:\s*(?:'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\]|\\.)*)`)/g;
  const slips: string[] = [];
  let strings = 0;
  for (const root of roots) {
    for (const file of fs.readdirSync(root, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
      for (const m of fs.readFileSync(path.join(root, file), 'utf8').matchAll(UZ)) {
        strings++;
        for (const slip of uzbekApostropheSlips(m[1] ?? m[2] ?? m[3] ?? '')) slips.push(`${file}: ${slip}`);
      }
    }
  }
  assert.ok(strings > 100, `found only ${strings} Uzbek strings: the pattern no longer matches the sources`);
  assert.deepEqual(slips, []);
});

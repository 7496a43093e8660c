import { test } from 'node:test';
import assert from 'node:assert/strict';
import en from './en.ts';
import kk from './kk.ts';
import ru from './ru.ts';
import uz from './uz.ts';
import { uzbekApostropheSlips } from '../uzbek-spelling.ts';
import { SHARED_LABELS } from '../../../../server/src/modules/reports/shared-labels.ts';

const locales = { en, kk, ru, uz } as const;

test('every message is filled in, in every language', () => {
  const empty: string[] = [];
  for (const [lang, messages] of Object.entries(locales)) {
    for (const [key, value] of Object.entries(messages)) {
      const forms = typeof value === 'string' ? [value] : Object.values(value);
      if (forms.some((f) => typeof f !== 'string' || f.trim() === '')) empty.push(`${lang}:${key}`);
    }
  }
  assert.deepEqual(empty, []);
});

test('plural messages give every form the language needs', () => {
  const missing: string[] = [];
  for (const [lang, messages] of Object.entries(locales)) {
    const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
    for (const [key, value] of Object.entries(messages)) {
      if (typeof value === 'string') continue;
      // Russian needs one/few/many/other ("1 пациент", "2 пациента", "5 пациентов"); the others one/other.
      for (const c of categories) if (!(c in value)) missing.push(`${lang}:${key}:${c}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('placeholders match across languages', () => {
  const names = (v: unknown) => [...new Set([...JSON.stringify(v).matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
  const mismatched: string[] = [];
  for (const key of Object.keys(en) as (keyof typeof en)[]) {
    const expected = names(en[key]);
    for (const [lang, messages] of Object.entries(locales)) {
      const got = names(messages[key]);
      // A language may leave a count out of a singular form, never invent a placeholder.
      if (got.some((n) => !expected.includes(n))) mismatched.push(`${lang}:${key}: ${got.join(',')} vs ${expected.join(',')}`);
    }
  }
  assert.deepEqual(mismatched, []);
});

test('Uzbek writes oʻ and gʻ with ʻ (U+02BB) and the tutuq belgisi with ʼ (U+02BC), never a typed apostrophe', () => {
  const slips: string[] = [];
  for (const [key, value] of Object.entries(uz)) {
    for (const form of typeof value === 'string' ? [value] : Object.values(value)) {
      for (const slip of uzbekApostropheSlips(form)) slips.push(`${key}: ${slip}`);
    }
  }
  assert.deepEqual(slips, []);
  assert.deepEqual(uzbekApostropheSlips("O'zbekcha ma’lumot, Tug‘ilgan"), ["O'z", 'a’l', 'g‘i']);
});

test('the printed forms name profiles and months exactly as the app does', () => {
  const differ: string[] = [];
  for (const [key, names] of Object.entries(SHARED_LABELS)) {
    for (const [lang, text] of Object.entries(names)) {
      if (locales[lang as keyof typeof locales][key as keyof typeof en] !== text) differ.push(`${lang}:${key}`);
    }
  }
  assert.deepEqual(differ, []);
});

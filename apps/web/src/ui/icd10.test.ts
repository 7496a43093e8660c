import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ICD10, toLatinIcd10 } from './icd10.ts';

test('Cyrillic look-alikes typed on a Kazakh or Russian keyboard become the Latin code', () => {
  // І (U+0406, Kazakh), С and Е (Russian), lower-case Latin.
  assert.equal(toLatinIcd10(' І20.0 '), 'I20.0');
  assert.equal(toLatinIcd10('с34.1'), 'C34.1');
  assert.equal(toLatinIcd10('Е11'), 'E11');
  assert.equal(toLatinIcd10('i21.0'), 'I21.0');
  for (const code of ['І20.0', 'с34.1', 'Е11', 'і21.0']) assert.match(toLatinIcd10(code), ICD10);
  // A letter with no Latin twin stays, and the check refuses it.
  assert.doesNotMatch(toLatinIcd10('Ж20.0'), ICD10);
  assert.doesNotMatch(toLatinIcd10('heart attack'), ICD10);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ageGroupOf, ageInYears } from './age-group.ts';

test('age counts whole years at the request date: the day before the 18th birthday is still an adolescent', () => {
  assert.equal(ageInYears('2008-12-02', '2026-12-01'), 17);
  assert.equal(ageGroupOf(ageInYears('2008-12-02', '2026-12-01')), 'adolescent');
  assert.equal(ageGroupOf(ageInYears('2008-12-01', '2026-12-01')), 'adult');
  assert.equal(ageInYears('2008-02-29', '2026-02-28'), 17);
});

test('group edges: 15 adolescent, 14 child, 1 child, under 1 newborn', () => {
  assert.deepEqual([18, 17, 15, 14, 1, 0].map(ageGroupOf), ['adult', 'adolescent', 'adolescent', 'child', 'child', 'newborn']);
});

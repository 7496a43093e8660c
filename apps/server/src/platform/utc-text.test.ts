import { test } from 'node:test';
import assert from 'node:assert/strict';
import { utcTextToIso } from './utc-text.ts';

test('UTC timestamp text reads as the same ISO string a Date would give, whatever the fraction', () => {
  for (const [text, iso] of [
    ['2026-12-02 01:02:03.123456', '2026-12-02T01:02:03.123Z'],
    ['2026-12-02 01:02:03.999999', '2026-12-02T01:02:03.999Z'],
    ['2026-12-02 01:02:03.12', '2026-12-02T01:02:03.120Z'],
    ['2026-12-02 01:02:03.5', '2026-12-02T01:02:03.500Z'],
    ['2026-12-02 01:02:03', '2026-12-02T01:02:03.000Z'],
    ['0999-01-01 00:00:00.000001', '0999-01-01T00:00:00.000Z'],
    ['10000-01-01 00:00:00', '+010000-01-01T00:00:00.000Z'],
  ]) {
    assert.equal(utcTextToIso(text), iso, text);
  }
  assert.equal(utcTextToIso(null), null);
});

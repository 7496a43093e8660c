import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zoneLabel } from '@telemed/contracts/zones';

test('time zones are named by their city in the reader’s language, with the offset', () => {
  const winter = new Date('2026-12-04T10:00:00Z');
  assert.equal(zoneLabel('Asia/Aqtobe', 'kk', winter), 'Ақтөбе, UTC+5');
  assert.equal(zoneLabel('Asia/Samarkand', 'uz', winter), 'Samarqand, UTC+5');
  assert.equal(zoneLabel('Europe/Istanbul', 'ru', winter), 'Стамбул, UTC+3');
  // A zone the network does not list: its city from the identifier; summer time moves the offset.
  assert.equal(zoneLabel('America/New_York', 'en', winter), 'New York, UTC-5');
  assert.equal(zoneLabel('America/New_York', 'en', new Date('2026-07-01T12:00:00Z')), 'New York, UTC-4');
});

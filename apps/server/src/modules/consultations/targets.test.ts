import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addWorkingDays, responseTarget } from './targets.ts';

const config = { TARGET_EMERGENCY_ACCEPT_MINUTES: 30, TARGET_URGENT_ACCEPT_MINUTES: 240, TARGET_PLANNED_CONCLUDE_WORKING_DAYS: 3 };

test('emergency and urgent requests are due for acceptance 30 minutes and 4 hours after submission', () => {
  const at = new Date('2026-11-20T10:00:00Z');
  assert.deepEqual(responseTarget(config, 'emergency', at, 'Asia/Almaty'), { dueFor: 'accept', dueAt: new Date('2026-11-20T10:30:00Z') });
  assert.deepEqual(responseTarget(config, 'urgent', at, 'Asia/Almaty'), { dueFor: 'accept', dueAt: new Date('2026-11-20T14:00:00Z') });
});

test('planned requests are due for conclusion three working days later, weekends in the hub’s time zone skipped', () => {
  // Friday 10:00 in Almaty (UTC+5) → Wednesday 10:00.
  assert.deepEqual(addWorkingDays(new Date('2026-11-20T05:00:00Z'), 3, 'Asia/Almaty'), new Date('2026-11-25T05:00:00Z'));
  // Friday 23:30 UTC is already Saturday 04:30 in Almaty: counting starts when Monday begins there,
  // so it is due when Wednesday ends (Thursday 00:00 in Almaty, Wednesday 19:00 UTC).
  assert.deepEqual(addWorkingDays(new Date('2026-11-20T23:30:00Z'), 3, 'Asia/Almaty'), new Date('2026-11-25T19:00:00Z'));
  // Sunday afternoon is the same: three whole working days.
  assert.deepEqual(addWorkingDays(new Date('2026-11-22T10:00:00Z'), 3, 'Asia/Almaty'), new Date('2026-11-25T19:00:00Z'));
  // The same instant is still Friday in UTC: one working day later is Monday.
  assert.deepEqual(addWorkingDays(new Date('2026-11-20T23:30:00Z'), 1, 'UTC'), new Date('2026-11-23T23:30:00Z'));
  const t = responseTarget(config, 'planned', new Date('2026-11-16T05:00:00Z'), 'Asia/Almaty');
  assert.equal(t.dueFor, 'conclude');
  assert.deepEqual(t.dueAt, new Date('2026-11-19T05:00:00Z'));
});

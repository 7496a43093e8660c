import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandSlots, freeSlots, type WeeklyRule } from './slots.ts';
import { isoWeekday, zoneClock } from './zoned-time.ts';

const rule = (over: Partial<WeeklyRule> = {}): WeeklyRule => ({ clinicianId: 'c1', facilityId: 'f1', profile: 'cardiology', weekday: 1,
  startTime: '09:00', endTime: '11:00', slotMinutes: 30, validFrom: '2026-01-01', validTo: null, ...over });
const iso = (slots: { start: Date }[]) => slots.map((s) => s.start.toISOString());

test('ISO weekdays', () => {
  assert.equal(isoWeekday('2026-03-23'), 1, 'a Monday');
  assert.equal(isoWeekday('2026-03-29'), 7, 'a Sunday');
});

test('Europe/Berlin: Monday 09:00 stays 09:00 local across the spring change (UTC+1 → UTC+2)', () => {
  const slots = expandSlots({ timeZone: 'Europe/Berlin', from: '2026-03-23', to: '2026-03-30', rules: [rule({ endTime: '10:00' })], exceptions: [] });
  assert.deepEqual(iso(slots), ['2026-03-23T08:00:00.000Z', '2026-03-23T08:30:00.000Z', '2026-03-30T07:00:00.000Z', '2026-03-30T07:30:00.000Z']);
});

test('Europe/Berlin: the hour skipped in spring has no slots; the hour repeated in autumn gives its first occurrence', () => {
  const spring = expandSlots({ timeZone: 'Europe/Berlin', from: '2026-03-29', to: '2026-03-29',
    rules: [rule({ weekday: 7, startTime: '01:00', endTime: '04:00', slotMinutes: 60 })], exceptions: [] });
  assert.deepEqual(iso(spring), ['2026-03-29T00:00:00.000Z', '2026-03-29T01:00:00.000Z'], '01:00 CET and 03:00 CEST; 02:00 does not exist');
  const autumn = expandSlots({ timeZone: 'Europe/Berlin', from: '2026-10-25', to: '2026-10-25',
    rules: [rule({ weekday: 7, startTime: '01:00', endTime: '04:00', slotMinutes: 60 })], exceptions: [] });
  assert.deepEqual(iso(autumn), ['2026-10-24T23:00:00.000Z', '2026-10-25T00:00:00.000Z', '2026-10-25T02:00:00.000Z'],
    '01:00 CEST, 02:00 CEST (first of two), 03:00 CET');
});

test('Asia/Almaty and Asia/Tashkent (no daylight saving): UTC+5 all year', () => {
  for (const timeZone of ['Asia/Almaty', 'Asia/Tashkent']) {
    const slots = expandSlots({ timeZone, from: '2026-06-29', to: '2026-06-29', rules: [rule({ endTime: '10:00', slotMinutes: 60 })], exceptions: [] });
    assert.deepEqual(iso(slots), ['2026-06-29T04:00:00.000Z'], timeZone);
    const winter = expandSlots({ timeZone, from: '2026-12-28', to: '2026-12-28', rules: [rule({ endTime: '10:00', slotMinutes: 60 })], exceptions: [] });
    assert.deepEqual(iso(winter), ['2026-12-28T04:00:00.000Z'], timeZone);
  }
});

test('a window that does not divide into slots ends with the last whole slot; validity dates bound the rule', () => {
  const slots = expandSlots({ timeZone: 'Asia/Tashkent', from: '2026-06-01', to: '2026-06-15',
    rules: [rule({ startTime: '09:00', endTime: '10:10', slotMinutes: 20, validFrom: '2026-06-08', validTo: '2026-06-14' })], exceptions: [] });
  assert.deepEqual(iso(slots), ['2026-06-08T04:00:00.000Z', '2026-06-08T04:20:00.000Z', '2026-06-08T04:40:00.000Z']);
});

test('time off removes overlapping slots; extra hours add slots on one day', () => {
  const slots = expandSlots({ timeZone: 'Asia/Almaty', from: '2026-06-01', to: '2026-06-09', rules: [rule()], exceptions: [
    { clinicianId: 'c1', facilityId: 'f1', kind: 'off', localStart: '2026-06-01T09:45', localEnd: '2026-06-01T10:15', slotMinutes: null, profile: null },
    { clinicianId: 'c1', facilityId: 'f1', kind: 'off', localStart: '2026-06-08T00:00', localEnd: '2026-06-09T00:00', slotMinutes: null, profile: null },
    { clinicianId: 'c1', facilityId: 'f1', kind: 'extra', localStart: '2026-06-06T14:00', localEnd: '2026-06-06T15:00', slotMinutes: 30, profile: 'cardiology' },
  ] });
  assert.deepEqual(iso(slots), ['2026-06-01T04:00:00.000Z', '2026-06-01T05:30:00.000Z', '2026-06-06T09:00:00.000Z', '2026-06-06T09:30:00.000Z']);
});

test('booked and past slots are not free', () => {
  const slots = expandSlots({ timeZone: 'Asia/Almaty', from: '2026-06-01', to: '2026-06-01', rules: [rule()], exceptions: [] });
  const booked = [{ clinicianId: 'c1', start: new Date('2026-06-01T04:30:00Z'), end: new Date('2026-06-01T05:00:00Z') },
    { clinicianId: 'other', start: new Date('2026-06-01T05:00:00Z'), end: new Date('2026-06-01T05:30:00Z') }];
  assert.deepEqual(iso(freeSlots(slots, booked, new Date('2026-06-01T04:00:00Z'))), ['2026-06-01T05:00:00.000Z', '2026-06-01T05:30:00.000Z']);
});

test('the zone clock converts back and forth', () => {
  const clock = zoneClock('Europe/Berlin');
  assert.deepEqual(clock.toLocal(new Date('2026-07-01T07:00:00Z')), { date: '2026-07-01', minuteOfDay: 9 * 60 });
  assert.equal(clock.toInstant('2026-03-29', 150), null);
});

import { addDays, daysBetween, isoWeekday, minutesOf, zoneClock } from './zoned-time.ts';

/** A weekly rule: wall-clock hours on one weekday, in the facility's zone. */
export interface WeeklyRule {
  clinicianId: string;
  facilityId: string;
  profile: string;
  weekday: number;
  startTime: string;
  endTime: string;
  slotMinutes: number;
  validFrom: string;
  validTo: string | null;
}

/** Time off, or extra hours on one day; local_start/local_end are 'YYYY-MM-DDTHH:MM' wall-clock in the facility's zone. */
export interface AvailabilityException {
  clinicianId: string;
  facilityId: string;
  kind: 'off' | 'extra';
  localStart: string;
  localEnd: string;
  slotMinutes: number | null;
  profile: string | null;
}

export interface Slot {
  clinicianId: string;
  facilityId: string;
  profile: string;
  start: Date;
  end: Date;
}

interface Window {
  clinicianId: string;
  facilityId: string;
  profile: string;
  date: string;
  from: number;
  to: number;
  slotMinutes: number;
}

const splitLocal = (local: string) => ({ date: local.slice(0, 10), minute: minutesOf(local.slice(11, 16)) });

/**
 * The slots of one facility's rules and exceptions for the local dates from … to (inclusive),
 * in that facility's zone. Slots step in wall-clock time from the start of each window; a slot
 * whose local start does not exist (the hour skipped in spring) is left out, and one whose local
 * start happens twice (autumn) is the first of the two. Time off removes every slot it overlaps.
 */
export function expandSlots(input: {
  timeZone: string;
  from: string;
  to: string;
  rules: readonly WeeklyRule[];
  exceptions: readonly AvailabilityException[];
}): Slot[] {
  const clock = zoneClock(input.timeZone);
  const windows: Window[] = [];
  for (let i = 0, n = daysBetween(input.from, input.to); i <= n; i++) {
    const date = addDays(input.from, i);
    const weekday = isoWeekday(date);
    for (const r of input.rules) {
      if (r.weekday !== weekday || date < r.validFrom || (r.validTo !== null && date > r.validTo)) continue;
      windows.push({ clinicianId: r.clinicianId, facilityId: r.facilityId, profile: r.profile, date,
        from: minutesOf(r.startTime), to: minutesOf(r.endTime), slotMinutes: r.slotMinutes });
    }
  }
  for (const e of input.exceptions) {
    if (e.kind !== 'extra' || !e.slotMinutes || !e.profile) continue;
    const s = splitLocal(e.localStart);
    const end = splitLocal(e.localEnd);
    if (s.date < input.from || s.date > input.to) continue;
    // Extra hours lie within one day; an end at midnight is the day's end.
    const to = end.date === s.date ? end.minute : 24 * 60;
    windows.push({ clinicianId: e.clinicianId, facilityId: e.facilityId, profile: e.profile, date: s.date, from: s.minute, to, slotMinutes: e.slotMinutes });
  }

  const off = input.exceptions.filter((e) => e.kind === 'off').map((e) => ({
    clinicianId: e.clinicianId,
    start: instantOf(clock, e.localStart),
    end: instantOf(clock, e.localEnd),
  }));

  const byKey = new Map<string, Slot>();
  for (const w of windows) {
    for (let m = w.from; m + w.slotMinutes <= w.to; m += w.slotMinutes) {
      const start = clock.toInstant(w.date, m);
      if (!start) continue;
      const end = new Date(start.getTime() + w.slotMinutes * 60_000);
      if (off.some((o) => o.clinicianId === w.clinicianId && o.start < end && start < o.end)) continue;
      const key = `${w.clinicianId}|${start.toISOString()}`;
      if (!byKey.has(key)) byKey.set(key, { clinicianId: w.clinicianId, facilityId: w.facilityId, profile: w.profile, start, end });
    }
  }
  return [...byKey.values()].sort((a, b) => a.start.getTime() - b.start.getTime() || a.clinicianId.localeCompare(b.clinicianId));
}

/** A wall-clock time to an instant; a time inside a spring gap moves to the end of the gap. */
function instantOf(clock: ReturnType<typeof zoneClock>, local: string): Date {
  const { date, minute } = splitLocal(local);
  if (minute >= 24 * 60) return clock.toInstant(addDays(date, 1), 0)!;
  for (let m = minute; m < minute + 180; m++) {
    const t = m >= 24 * 60 ? clock.toInstant(addDays(date, 1), m - 24 * 60) : clock.toInstant(date, m);
    if (t) return t;
  }
  throw new Error(`No instant for ${local}`);
}

/** Slots that no live appointment of the same clinician overlaps, and that start after `now`. */
export function freeSlots(slots: readonly Slot[], booked: readonly { clinicianId: string; start: Date; end: Date }[], now: Date): Slot[] {
  return slots.filter((s) => s.start > now
    && !booked.some((b) => b.clinicianId === s.clinicianId && b.start < s.end && s.start < b.end));
}

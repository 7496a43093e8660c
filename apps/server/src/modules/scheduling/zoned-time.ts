/**
 * Wall-clock time in an IANA zone ↔ instants, with the platform's own time-zone data (Intl), so a
 * clinic's "09:00" is 09:00 on both sides of a daylight-saving change.
 */

export interface ZoneClock {
  /** The instant of a local date and minute of the day, or null when that wall-clock time does not exist (a DST gap). */
  toInstant(date: string, minuteOfDay: number): Date | null;
  /** The local date ('YYYY-MM-DD') and minute of the day of an instant. */
  toLocal(instant: Date): { date: string; minuteOfDay: number };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function zoneClock(timeZone: string): ZoneClock {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
  const fields = (ms: number) => {
    const parts: Record<string, number> = {};
    for (const p of format.formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
    return parts as { year: number; month: number; day: number; hour: number; minute: number; second: number };
  };
  /** The zone's offset from UTC at an instant, in milliseconds. */
  const offsetAt = (ms: number) => {
    const f = fields(ms);
    return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - Math.floor(ms / 1000) * 1000;
  };
  const toLocal = (instant: Date) => {
    const f = fields(instant.getTime());
    return { date: `${f.year}-${pad(f.month)}-${pad(f.day)}`, minuteOfDay: f.hour * 60 + f.minute };
  };
  return {
    toLocal,
    toInstant(date, minuteOfDay) {
      const [y, m, d] = date.split('-').map(Number);
      const asUtc = Date.UTC(y, m - 1, d, 0, minuteOfDay);
      // Two candidates: the offsets just before and just after; a time that happens twice (autumn) takes the earlier one.
      const candidates = [...new Set([offsetAt(asUtc - 86_400_000 / 2), offsetAt(asUtc + 86_400_000 / 2)])]
        .map((off) => asUtc - off).sort((a, b) => a - b);
      for (const ms of candidates) {
        const local = toLocal(new Date(ms));
        if (local.date === date && local.minuteOfDay === minuteOfDay) return new Date(ms);
      }
      return null;
    },
  };
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** 'HH:MM' or 'HH:MM:SS' → minutes after midnight. */
export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h * 60 + m;
}

export function timeOf(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
export function isoWeekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

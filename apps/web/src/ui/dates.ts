import type { Language } from '@telemed/contracts';
import type { Messages } from './locales/types.ts';

/** A bare ISO date (a birth date) is a calendar day, not an instant: it is formatted in UTC so it never shifts a day. */
function toDate(v: string | Date): { date: Date; isDay: boolean } {
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return { date: new Date(`${v}T12:00:00Z`), isDay: true };
  return { date: typeof v === 'string' ? new Date(v) : v, isDay: false };
}

/**
 * Dates in the user's language. Browsers built with reduced ICU data (Chromium among them) have no
 * Kazakh or Uzbek calendar names and print "1958 M07 21"; for those the locale's own month names and
 * pattern (`date.months`, `date.pattern`) are used instead.
 */
export function createDateFormats(lang: Language, messages: Messages) {
  const hasData = !/\d/.test(new Intl.DateTimeFormat(lang, { month: 'long' }).format(new Date(2020, 6, 15)));
  if (hasData) {
    const day = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' });
    const dayTime = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
    return {
      date: (v: string | Date, opts?: Intl.DateTimeFormatOptions) => {
        const { date, isDay } = toDate(v);
        if (opts) return new Intl.DateTimeFormat(lang, { ...opts, ...(isDay ? { timeZone: 'UTC' } : {}) }).format(date);
        return isDay ? day.format(date) : new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }).format(date);
      },
      dateTime: (v: string | Date) => dayTime.format(toDate(v).date),
      inZone: (v: string | Date, timeZone: string, opts: Intl.DateTimeFormatOptions) =>
        new Intl.DateTimeFormat(lang, { ...opts, timeZone }).format(toDate(v).date),
    };
  }
  const months = String(messages['date.months']).split(',');
  const pattern = String(messages['date.pattern']);
  const two = (n: number) => String(n).padStart(2, '0');
  const dateOf = (v: string | Date) => {
    const { date, isDay } = toDate(v);
    const [y, m, d] = isDay
      ? [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()]
      : [date.getFullYear(), date.getMonth(), date.getDate()];
    return pattern.replace('{year}', String(y)).replace('{month}', months[m] ?? two(m + 1)).replace('{day}', String(d));
  };
  // An instant in a zone, built from numeric parts (which every ICU build has) and the locale's names.
  const weekdays = [1, 2, 3, 4, 5, 6, 7].map((d) => String(messages[`scheduling.weekday.${d}` as keyof Messages]));
  const dayPattern = pattern.replace(/,?\s*\{year\}( ж\.)?\s*/, '');
  const inZone = (v: string | Date, timeZone: string, opts: Intl.DateTimeFormatOptions) => {
    const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'short',
      hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(toDate(v).date);
    const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    const month = months[Number(part('month')) - 1] ?? part('month');
    const out: string[] = [];
    if (opts.dateStyle === 'full' || opts.weekday) out.push(weekdays[['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(part('weekday'))] ?? '');
    if (opts.dateStyle || opts.day || opts.month) {
      out.push((opts.dateStyle || opts.year ? pattern : dayPattern).replace('{year}', part('year')).replace('{month}', month).replace('{day}', String(Number(part('day')))));
    }
    if (opts.timeStyle || opts.hour) out.push(`${part('hour')}:${part('minute')}`);
    return out.filter(Boolean).join(', ');
  };
  return {
    inZone,
    date: (v: string | Date) => dateOf(v),
    dateTime: (v: string | Date) => {
      const { date } = toDate(v);
      return `${dateOf(date)}, ${two(date.getHours())}:${two(date.getMinutes())}`;
    },
  };
}


/** Whole years from a birth date (YYYY-MM-DD, a calendar day) to the local day of `on`. */
export function ageInYears(birthDate: string, on: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number);
  const years = on.getFullYear() - y;
  return on.getMonth() + 1 < m || (on.getMonth() + 1 === m && on.getDate() < d) ? years - 1 : years;
}

import type { Config } from '../../platform/config.ts';

export type Urgency = 'planned' | 'urgent' | 'emergency';

export interface ResponseTarget {
  /** What must have happened by then: acceptance, or the signed conclusion. */
  dueFor: 'accept' | 'conclude';
  dueAt: Date;
}

const WEEKDAY = new Map([['Mon', 1], ['Tue', 2], ['Wed', 3], ['Thu', 4], ['Fri', 5], ['Sat', 6], ['Sun', 7]]);

/** Day of the week (1 = Monday) of an instant, in a facility's time zone. */
export function weekdayIn(at: Date, timeZone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone }).format(at);
  return WEEKDAY.get(name) ?? 1;
}

/** Milliseconds since local midnight of an instant in a time zone. */
function sinceLocalMidnight(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return ((n('hour') * 60 + n('minute')) * 60 + n('second')) * 1000 + at.getUTCMilliseconds();
}

/**
 * Adds working days (Monday to Friday in the hub's time zone) at the same time of day: a request
 * submitted on Friday at 10:00 with three working days is due on Wednesday at 10:00. One that
 * arrives on a Saturday or Sunday starts counting when Monday begins, so it too gets three whole
 * working days (due when Wednesday ends), not the weekend's hours counted as Wednesday's.
 */
export function addWorkingDays(from: Date, days: number, timeZone: string): Date {
  let at = from.getTime();
  if (weekdayIn(from, timeZone) > 5) {
    while (weekdayIn(new Date(at), timeZone) > 5) at += 24 * 3600_000;
    at -= sinceLocalMidnight(new Date(at), timeZone);
  }
  let left = days;
  while (left > 0) {
    at += 24 * 3600_000;
    if (weekdayIn(new Date(at), timeZone) <= 5) left--;
  }
  return new Date(at);
}

/** The target a request is held to from the moment it reaches a hub (configurable per urgency). */
export function responseTarget(config: Pick<Config, 'TARGET_EMERGENCY_ACCEPT_MINUTES' | 'TARGET_URGENT_ACCEPT_MINUTES'
  | 'TARGET_PLANNED_CONCLUDE_WORKING_DAYS'>, urgency: Urgency, submittedAt: Date, hubTimeZone: string): ResponseTarget {
  if (urgency === 'emergency') return { dueFor: 'accept', dueAt: new Date(submittedAt.getTime() + config.TARGET_EMERGENCY_ACCEPT_MINUTES * 60_000) };
  if (urgency === 'urgent') return { dueFor: 'accept', dueAt: new Date(submittedAt.getTime() + config.TARGET_URGENT_ACCEPT_MINUTES * 60_000) };
  return { dueFor: 'conclude', dueAt: addWorkingDays(submittedAt, config.TARGET_PLANNED_CONCLUDE_WORKING_DAYS, hubTimeZone) };
}

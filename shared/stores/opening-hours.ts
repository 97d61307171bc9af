// Domain: opening hours in a store's own time zone, DST-correct (luxon does the zone
// arithmetic). Pure functions over a Store and instants.

import { DateTime, Interval } from 'luxon';
import type { Store, TimeRange, Weekday } from './schemas.ts';
import { weekdays } from './schemas.ts';

type Hours = Pick<Store, 'timeZone' | 'openingHours' | 'exceptions'>;

/** The ranges a store is open on one local calendar date (exceptions win over the week). */
export function hoursOn(store: Hours, localDate: string): TimeRange[] {
  const exception = store.exceptions.find((e) => e.date === localDate);
  if (exception) return exception.hours;
  return store.openingHours[weekdayOf(localDate)] ?? [];
}

/** The weekday of a calendar date (YYYY-MM-DD); plain date arithmetic, no zone needed. */
export function weekdayOf(localDate: string): Weekday {
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  return weekdays[(new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7] as Weekday;
}

function at(localDate: string, hhmm: string, zone: string): DateTime {
  if (hhmm === '24:00') return DateTime.fromISO(localDate, { zone }).plus({ days: 1 }).startOf('day');
  // A wall time that does not exist (spring-forward gap) moves forward, as luxon does.
  return DateTime.fromISO(`${localDate}T${hhmm}`, { zone });
}

/** The open intervals, as instants, that overlap [from, to). */
export function openIntervals(store: Hours, from: Date, to: Date): Interval[] {
  const zone = store.timeZone;
  const out: Interval[] = [];
  let day = DateTime.fromJSDate(from, { zone }).startOf('day').minus({ days: 1 });
  const last = DateTime.fromJSDate(to, { zone }).startOf('day');
  const window = Interval.fromDateTimes(DateTime.fromJSDate(from), DateTime.fromJSDate(to));
  for (; day <= last; day = day.plus({ days: 1 })) {
    const date = day.toISODate() as string;
    for (const range of hoursOn(store, date)) {
      const interval = Interval.fromDateTimes(at(date, range.open, zone), at(date, range.close, zone));
      const overlap = interval.isValid ? interval.intersection(window) : null;
      if (overlap && !overlap.isEmpty()) out.push(overlap);
    }
  }
  return out;
}

export function isOpenAt(store: Hours & Pick<Store, 'status'>, instant: Date): boolean {
  if (store.status === 'closed') return false;
  const probeEnd = new Date(instant.getTime() + 1);
  return openIntervals(store, instant, probeEnd).length > 0;
}

/**
 * The first instant at or after `from` by which `minutes` of opening time have passed
 * (a pickup lead time counted in opening hours), or undefined if not within `horizonDays`.
 */
export function addOpenMinutes(store: Hours, from: Date, minutes: number, horizonDays = 14): Date | undefined {
  let remaining = minutes * 60_000;
  const horizon = new Date(from.getTime() + horizonDays * 86_400_000);
  for (const interval of openIntervals(store, from, horizon)) {
    const length = interval.toDuration().toMillis();
    if (remaining === 0) return interval.start!.toJSDate();
    if (length >= remaining) return new Date(interval.start!.toMillis() + remaining);
    remaining -= length;
  }
  return undefined;
}

// Domain: opening hours in a store's own time zone, DST-correct. Pure functions over a Store
// and instants. The zone arithmetic is the runtime's Intl (shared/runtime/zoned-time.ts).

import { instantOf, wallClock } from '../runtime/zoned-time.ts';
import type { Store, TimeRange } from './schemas.ts';

/** Here rather than in schemas.ts, so what needs only the calendar does not carry the store API's schemas. */
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

type Hours = Pick<Store, 'timeZone' | 'openingHours' | 'exceptions'>;
/** An open interval, [start, end) in epoch milliseconds. */
type OpenInterval = { start: number; end: number };

const MINUTE = 60_000;
const DAY = 86_400_000;

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

/** A wall date (YYYY-MM-DD) and time (HH:MM, 24:00 the next midnight) as epoch ms read as UTC. */
function wallOf(localDate: string, hhmm: string): number {
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  const [h, mi] = hhmm.split(':').map(Number) as [number, number];
  return Date.UTC(y, m - 1, d, h, mi);
}

const isoDate = (wall: number) => new Date(wall).toISOString().slice(0, 10);

/** The open intervals that overlap [from, to), clipped to it. */
export function openIntervals(store: Hours, from: Date, to: Date): OpenInterval[] {
  const zone = store.timeZone;
  const out: OpenInterval[] = [];
  const first = Math.floor(wallClock(zone, from.getTime()) / DAY) * DAY - DAY;
  const last = Math.floor(wallClock(zone, to.getTime()) / DAY) * DAY;
  for (let day = first; day <= last; day += DAY) {
    const date = isoDate(day);
    for (const range of hoursOn(store, date)) {
      const start = Math.max(instantOf(zone, wallOf(date, range.open)), from.getTime());
      const end = Math.min(instantOf(zone, wallOf(date, range.close)), to.getTime());
      if (start < end) out.push({ start, end });
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
  let remaining = minutes * MINUTE;
  const horizon = new Date(from.getTime() + horizonDays * DAY);
  for (const { start, end } of openIntervals(store, from, horizon)) {
    if (remaining === 0) return new Date(start);
    if (end - start >= remaining) return new Date(start + remaining);
    remaining -= end - start;
  }
  return undefined;
}

// Domain: free appointment slots and the busy cells that make double booking impossible.
// Pure functions over instants (epoch ms). Schedules are wall-clock ranges in the store's
// time zone; they are combined per local date in minutes and turned into instants once,
// so the result is right across DST changes without a time-zone call per slot.
//
// Semantics, stated once:
// - A stylist works on a local date during (weekly hours ∪ extra shifts) − breaks − days
//   off/sick, intersected with the store's opening hours that date.
// - A wall time becomes the first instant whose local time is at or after it: a time in
//   the spring-forward gap starts when the gap ends; a repeated autumn time is its first
//   occurrence.
// - Slot starts are on a wall-clock grid: local minute-of-day divisible by the interval
//   (both occurrences of a repeated time qualify; times in the gap do not exist).
// - The appointment [start, start+duration) lies inside working time; the stylist is then
//   occupied for [start, start+duration+buffer), which may not overlap another booking's.

import { offsetMinutes, offsetSuffix } from '../runtime/zoned-time.ts';
import type { Store, TimeRange } from '../stores/index.ts';
import { hoursOn, weekdayOf } from '../stores/index.ts';
import type { StylistException, WeeklyRanges } from './catalogue-schemas.ts';
import { CELL_MINUTES } from './schemas.ts';

const MIN = 60_000;
const DAY = 86_400_000;

/** [start, end) in minutes of one local day. */
type Range = [number, number];
/** [start, end) in epoch ms. */
export type Span = { start: number; end: number };

export type StylistSchedule = {
  stylistId: string;
  weeklyHours: WeeklyRanges;
  breaks: WeeklyRanges;
  exceptions: StylistException[];
};

export type Busy = { stylistId: string; start: number; end: number };

export type SlotRules = { slotIntervalMinutes: number; minNoticeMinutes: number; maxHorizonDays: number };

export type SlotSearch = {
  store: Pick<Store, 'timeZone' | 'openingHours' | 'exceptions' | 'status'>;
  rules: SlotRules;
  durationMinutes: number;
  bufferAfterMinutes: number;
  stylists: StylistSchedule[];
  /** Occupied intervals (appointment + its buffer) of the stylists above. */
  busy: Busy[];
  now: number;
  from: number;
  to: number;
  /** Store staff booking a walk-in: no minimum notice, and the running slot is still bookable. */
  walkIn?: boolean;
};

export type Slot = { start: number; offsetMinutes: number; stylistIds: string[] };

// ── minute ranges ────────────────────────────────────────────────────────────────────

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const rangesOf = (list: TimeRange[] | undefined): Range[] => (list ?? []).map((r) => [toMinutes(r.open), toMinutes(r.close)]);

export function union(ranges: Range[]): Range[] {
  const sorted = ranges.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: Range[] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

export function intersect(x: Range[], y: Range[]): Range[] {
  const out: Range[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const a = Math.max(x[i]![0], y[j]![0]);
    const b = Math.min(x[i]![1], y[j]![1]);
    if (b > a) out.push([a, b]);
    if (x[i]![1] < y[j]![1]) i++;
    else j++;
  }
  return out;
}

export function subtract(x: Range[], y: Range[]): Range[] {
  let out = x;
  for (const [c, d] of y) {
    out = out.flatMap(([a, b]): Range[] => {
      if (d <= a || c >= b) return [[a, b]];
      return (
        [
          [a, c],
          [d, b],
        ] as Range[]
      ).filter(([p, q]) => q > p);
    });
  }
  return out;
}

/** A stylist's working minutes on one local date, before the store's hours are applied. */
export function stylistRangesOn(stylist: StylistSchedule, localDate: string, exceptions = stylist.exceptions): Range[] {
  const weekday = weekdayOf(localDate);
  const today = exceptions.filter((e) => e.date === localDate);
  let ranges = union([
    ...rangesOf(stylist.weeklyHours[weekday]),
    ...today.filter((e) => e.kind === 'shift').flatMap((e) => rangesOf(e.hours)),
  ]);
  ranges = subtract(ranges, rangesOf(stylist.breaks[weekday]));
  for (const e of today) {
    if (e.kind !== 'shift') ranges = subtract(ranges, e.hours ? rangesOf(e.hours) : [[0, 1440]]);
  }
  return ranges;
}

// ── the time zone, as offset segments ──────────────────────────────────────────────

type Segment = { start: number; end: number; offset: number };

/**
 * The zone's UTC offset (minutes) over [from, to), as constant-offset segments. One
 * offset lookup per day plus a binary search per change: a few dozen calls for 90 days.
 */
export function offsetSegments(timeZone: string, from: number, to: number): Segment[] {
  const off = (t: number) => offsetMinutes(timeZone, t);
  const segments: Segment[] = [];
  let start = from;
  let offset = off(from);
  for (let probe = from; probe < to; ) {
    const next = Math.min(probe + DAY / 2, to);
    if (off(next) !== offset) {
      // The change is in (probe, next]: find its exact instant.
      let lo = probe;
      let hi = next;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (off(mid) === offset) lo = mid;
        else hi = mid;
      }
      segments.push({ start, end: hi, offset });
      start = hi;
      offset = off(hi);
    }
    probe = next;
  }
  segments.push({ start, end: to, offset });
  return segments;
}

class ZoneClock {
  readonly segments: Segment[];
  constructor(segments: Segment[]) {
    this.segments = segments;
  }

  offsetAt(t: number): number {
    for (const s of this.segments) if (t < s.end) return s.offset;
    return this.segments[this.segments.length - 1]!.offset;
  }

  /** The first instant whose local wall time is at or after `naive` (wall time written as if UTC). */
  wallToInstant(naive: number): number {
    let best: number | undefined;
    for (const s of this.segments) {
      const u = naive - s.offset * MIN;
      if (u >= s.start && u < s.end && (best === undefined || u < best)) best = u;
    }
    if (best !== undefined) return best;
    // In a spring-forward gap (or outside the segments): the first segment whose wall start is later.
    for (const s of this.segments) if (s.start + s.offset * MIN > naive) return s.start;
    return naive - this.segments[this.segments.length - 1]!.offset * MIN;
  }

  localDate(t: number): string {
    return new Date(t + this.offsetAt(t) * MIN).toISOString().slice(0, 10);
  }
}

const naiveOf = (localDate: string) => Date.parse(`${localDate}T00:00:00Z`);
const addDays = (localDate: string, days: number) => new Date(naiveOf(localDate) + days * DAY).toISOString().slice(0, 10);

/** Every local date touching [from, to), one extra on each side. */
function datesCovering(clock: ZoneClock, from: number, to: number): string[] {
  const last = addDays(clock.localDate(to), 1);
  const out: string[] = [];
  for (let d = addDays(clock.localDate(from), -1); d <= last; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Merges spans that touch or overlap (working time that runs past midnight stays one span). */
function mergeSpans(spans: Span[]): Span[] {
  spans.sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else if (s.end > s.start) out.push({ ...s });
  }
  return out;
}

// ── slots ────────────────────────────────────────────────────────────────────────────

/** Working spans (instants) per stylist over the search window, store hours applied. */
export function workingSpans(
  search: Pick<SlotSearch, 'store' | 'stylists'>,
  from: number,
  to: number,
  clock = new ZoneClock(offsetSegments(search.store.timeZone, from - 2 * DAY, to + 2 * DAY)),
): Map<string, Span[]> {
  const out = new Map<string, Span[]>();
  if (search.store.status === 'closed') return out;
  const dates = datesCovering(clock, from, to);
  const storeRanges = new Map(dates.map((d) => [d, union(rangesOf(hoursOn(search.store, d)))]));
  for (const stylist of search.stylists) {
    const dateSet = new Set(dates);
    const relevant = stylist.exceptions.filter((e) => dateSet.has(e.date));
    const spans: Span[] = [];
    for (const date of dates) {
      const ranges = intersect(stylistRangesOn(stylist, date, relevant), storeRanges.get(date)!);
      const naive = naiveOf(date);
      for (const [a, b] of ranges) {
        spans.push({ start: clock.wallToInstant(naive + a * MIN), end: clock.wallToInstant(naive + b * MIN) });
      }
    }
    out.set(
      stylist.stylistId,
      mergeSpans(spans).filter((s) => s.end > from && s.start < to),
    );
  }
  return out;
}

/** The smallest local minute (since the epoch) at or after `local` that is on the grid. */
function nextGrid(local: number, interval: number): number {
  const md = ((local % 1440) + 1440) % 1440;
  const k = Math.ceil(md / interval) * interval;
  return k >= 1440 ? local - md + 1440 : local - md + k;
}

/** The earliest and latest start the rules allow (ms), before `from`/`to` are applied. */
export function bookableWindow(rules: SlotRules, now: number, walkIn = false): { earliest: number; latest: number } {
  const earliest = walkIn ? now - rules.slotIntervalMinutes * MIN : now + rules.minNoticeMinutes * MIN;
  return { earliest, latest: now + rules.maxHorizonDays * DAY };
}

/**
 * Free start times in [from, to) with the stylists free at each, in start order.
 * Cost: O(days × stylists + candidates), with a handful of time-zone lookups per call.
 */
export function computeSlots(search: SlotSearch): Slot[] {
  const { rules, durationMinutes } = search;
  const interval = rules.slotIntervalMinutes;
  const duration = durationMinutes * MIN;
  const occupied = (durationMinutes + search.bufferAfterMinutes) * MIN;
  const window = bookableWindow(rules, search.now, search.walkIn);
  const lo = Math.max(search.from, window.earliest);
  const hiExclusive = Math.min(search.to, window.latest + 1);
  if (hiExclusive <= lo) return [];

  const clock = new ZoneClock(offsetSegments(search.store.timeZone, lo - 2 * DAY, hiExclusive + 2 * DAY));
  const spansByStylist = workingSpans(search, lo, hiExclusive + duration, clock);
  const busyByStylist = new Map<string, Span[]>();
  for (const b of search.busy) {
    const list = busyByStylist.get(b.stylistId) ?? [];
    list.push({ start: b.start, end: b.end });
    busyByStylist.set(b.stylistId, list);
  }

  const slots = new Map<number, Slot>();
  for (const stylist of search.stylists) {
    const busy = mergeSpans(busyByStylist.get(stylist.stylistId) ?? []);
    let j = 0;
    for (const span of spansByStylist.get(stylist.stylistId) ?? []) {
      // Split the span where the offset changes: the grid is in wall time.
      for (const seg of clock.segments) {
        const p = Math.max(span.start, seg.start, lo);
        const q = Math.min(span.end, seg.end, hiExclusive);
        if (q <= p) continue;
        const offset = seg.offset;
        let local = nextGrid(Math.ceil(p / MIN) + offset, interval);
        for (;;) {
          const t = (local - offset) * MIN;
          if (t >= q || t + duration > span.end) break;
          while (j < busy.length && busy[j]!.end <= t) j++;
          const clash = j < busy.length && busy[j]!.start < t + occupied;
          if (!clash) {
            const slot = slots.get(t);
            if (slot) slot.stylistIds.push(stylist.stylistId);
            else slots.set(t, { start: t, offsetMinutes: offset, stylistIds: [stylist.stylistId] });
          }
          local = nextGrid(local + 1, interval);
        }
      }
    }
  }
  return [...slots.values()].sort((a, b) => a.start - b.start);
}

// ── instants in the store's zone ─────────────────────────────────────────────────────

export const offsetAt = (timeZone: string, t: number): number => offsetMinutes(timeZone, t);

/** "2026-11-24T10:00:00+01:00" — ISO 8601 with the store's offset. */
export function formatInZone(t: number, offsetMinutes: number): string {
  return `${new Date(t + offsetMinutes * MIN).toISOString().slice(0, 19)}${offsetSuffix(offsetMinutes)}`;
}

export const isoInZone = (t: number, timeZone: string) => formatInZone(t, offsetAt(timeZone, t));

/** The store's calendar date of an instant. */
export const localDateOf = (t: number, timeZone: string) => new Date(t + offsetAt(timeZone, t) * MIN).toISOString().slice(0, 10);

/** The instants a store's calendar date starts and ends. */
export function localDayBounds(localDate: string, timeZone: string): Span {
  const clock = new ZoneClock(offsetSegments(timeZone, naiveOf(localDate) - 2 * DAY, naiveOf(localDate) + 3 * DAY));
  return { start: clock.wallToInstant(naiveOf(localDate)), end: clock.wallToInstant(naiveOf(addDays(localDate, 1))) };
}

/** Whether an instant is on the slot grid (whole minute, local minute-of-day divisible by the interval). */
export function isOnGrid(t: number, timeZone: string, intervalMinutes: number): boolean {
  if (t % MIN !== 0) return false;
  const local = t / MIN + offsetAt(timeZone, t);
  return nextGrid(local, intervalMinutes) === local;
}

// ── busy cells (the locks) ───────────────────────────────────────────────────────────

/**
 * The 5-minute cells an interval covers, grouped by UTC date: { "2026-11-24": ["c0900", …] }.
 * Rounded outwards, so cells of two intervals intersect whenever the intervals overlap.
 */
export function busyCells(start: number, end: number): Map<string, string[]> {
  const cell = CELL_MINUTES * MIN;
  const out = new Map<string, string[]>();
  for (let c = Math.floor(start / cell) * cell; c < end; c += cell) {
    const iso = new Date(c).toISOString();
    const date = iso.slice(0, 10);
    const list = out.get(date) ?? [];
    list.push(`c${iso.slice(11, 13)}${iso.slice(14, 16)}`);
    out.set(date, list);
  }
  return out;
}

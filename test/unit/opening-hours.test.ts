import fc from 'fast-check';
import { DateTime, Interval } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addOpenMinutes, hoursOn, isOpenAt, openIntervals, weekdays } from '#shared/stores/opening-hours.ts';
import { type Store, storeSchema } from '#shared/stores/schemas.ts';

const madrid: Store = storeSchema.parse({
  storeId: 'mad-sol',
  name: 'Sol',
  timeZone: 'Europe/Madrid',
  address: { line1: 'Calle Preciados 1', city: 'Madrid', postalCode: '28013', country: 'ES' },
  location: { lat: 40.4169, lon: -3.7035 },
  openingHours: {
    mon: [{ open: '10:00', close: '21:00' }],
    tue: [{ open: '10:00', close: '21:00' }],
    wed: [{ open: '10:00', close: '21:00' }],
    thu: [{ open: '10:00', close: '21:00' }],
    fri: [{ open: '10:00', close: '21:00' }],
    sat: [{ open: '10:00', close: '21:00' }],
    sun: [{ open: '02:00', close: '04:00' }],
  },
  exceptions: [{ date: '2026-12-25', hours: [] }],
});

describe('opening hours', () => {
  it('reads the week in the store time zone, exceptions first', () => {
    expect(hoursOn(madrid, '2026-11-23')).toEqual([{ open: '10:00', close: '21:00' }]);
    expect(hoursOn(madrid, '2026-12-25')).toEqual([]);
  });

  it('knows whether the store is open at an instant', () => {
    expect(isOpenAt(madrid, new Date('2026-11-23T09:30:00Z'))).toBe(true); // 10:30 in Madrid (UTC+1)
    expect(isOpenAt(madrid, new Date('2026-11-23T08:30:00Z'))).toBe(false); // 09:30 in Madrid
    expect(isOpenAt(madrid, new Date('2026-12-25T12:00:00Z'))).toBe(false);
    expect(isOpenAt({ ...madrid, status: 'closed' }, new Date('2026-11-23T12:00:00Z'))).toBe(false);
  });

  it('keeps wall-clock hours across the spring DST change (a Sunday 02:00–04:00 that loses an hour)', () => {
    // 2026-03-29: clocks jump 02:00 → 03:00 in Madrid; 02:00 does not exist, so the day has 1 open hour.
    const intervals = openIntervals(madrid, new Date('2026-03-28T23:00:00Z'), new Date('2026-03-29T23:00:00Z'));
    expect(intervals).toHaveLength(1);
    expect((intervals[0]!.end - intervals[0]!.start) / 3_600_000).toBe(1);
    // Summer: 10:00 local is 08:00Z.
    expect(isOpenAt(madrid, new Date('2026-03-30T08:00:00Z'))).toBe(true);
    expect(isOpenAt(madrid, new Date('2026-03-30T07:59:00Z'))).toBe(false);
  });

  it('counts a pickup lead time in opening hours only', () => {
    // Reserved 20:30 Madrid on Monday, 60 minutes lead: 30 minutes that evening, 30 the next morning.
    const ready = addOpenMinutes(madrid, new Date('2026-11-23T19:30:00Z'), 60);
    expect(ready?.toISOString()).toBe('2026-11-24T09:30:00.000Z');
    // Reserved before opening: ready an hour after it opens.
    expect(addOpenMinutes(madrid, new Date('2026-11-24T07:00:00Z'), 60)?.toISOString()).toBe('2026-11-24T10:00:00.000Z');
    // Zero lead while closed: when it next opens.
    expect(addOpenMinutes(madrid, new Date('2026-11-24T07:00:00Z'), 0)?.toISOString()).toBe('2026-11-24T09:00:00.000Z');
  });
});

/** The open intervals as luxon computes them: the reference the Intl arithmetic is checked against. */
function luxonIntervals(store: Store, from: Date, to: Date): Array<{ start: number; end: number }> {
  const zone = store.timeZone;
  const at = (date: string, hhmm: string) =>
    hhmm === '24:00' ? DateTime.fromISO(date, { zone }).plus({ days: 1 }).startOf('day') : DateTime.fromISO(`${date}T${hhmm}`, { zone });
  const window = Interval.fromDateTimes(DateTime.fromJSDate(from), DateTime.fromJSDate(to));
  const out: Array<{ start: number; end: number }> = [];
  for (
    let day = DateTime.fromJSDate(from, { zone }).startOf('day').minus({ days: 1 });
    day <= DateTime.fromJSDate(to, { zone }).startOf('day');
    day = day.plus({ days: 1 })
  ) {
    const date = day.toISODate() as string;
    for (const range of hoursOn(store, date)) {
      const overlap = Interval.fromDateTimes(at(date, range.open), at(date, range.close)).intersection(window);
      if (overlap && !overlap.isEmpty()) out.push({ start: overlap.start!.toMillis(), end: overlap.end!.toMillis() });
    }
  }
  return out;
}

describe('opening hours in any zone', () => {
  it('match what luxon computes, across DST changes and odd offsets (property)', () => {
    const zones = [
      'Europe/Madrid',
      'America/New_York',
      'Australia/Lord_Howe',
      'Asia/Kolkata',
      'Pacific/Chatham',
      'America/Sao_Paulo',
      'UTC',
    ];
    const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    // Hours from 04:00 (wall times that exist once in every zone here), closing up to 24:00.
    const range = fc.tuple(fc.integer({ min: 16, max: 94 }), fc.integer({ min: 1, max: 40 })).map(([a, len]) => ({
      open: hhmm(a * 15),
      close: hhmm(Math.min(96, a + len) * 15),
    }));
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.array(fc.option(range, { nil: undefined }), { minLength: 7, maxLength: 7 }),
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) }),
        fc.integer({ min: 1, max: 10 * 24 * 60 }),
        (timeZone, week, fromMs, spanMinutes) => {
          const store = storeSchema.parse({
            ...madrid,
            timeZone,
            openingHours: Object.fromEntries(weekdays.flatMap((d, i) => (week[i] ? [[d, [week[i]]]] : []))),
            exceptions: [],
          });
          const from = new Date(fromMs);
          const to = new Date(fromMs + spanMinutes * 60_000);
          expect(openIntervals(store, from, to)).toEqual(luxonIntervals(store, from, to));
          expect(isOpenAt(store, from)).toBe(luxonIntervals(store, from, new Date(fromMs + 1)).length > 0);
        },
      ),
      { numRuns: 400 },
    );
  });
});

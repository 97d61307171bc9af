import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  anyCovers,
  deliveryPromise,
  dispatchDay,
  earliestPromise,
  nextDate,
  normalizePostalCode,
  transitRuleFor,
} from '#shared/fulfilment/promise-rules.ts';
import type { Warehouse } from '#shared/fulfilment/schemas.ts';
import { type Weekday, weekdayOf, weekdays } from '#shared/stores/index.ts';

const madrid = (overrides: Partial<Warehouse> = {}): Warehouse => ({
  warehouseId: 'wh-mad',
  name: 'Getafe',
  location: { lat: 40.3, lon: -3.7 },
  timeZone: 'Europe/Madrid',
  cutoffTime: '14:00',
  handlingDays: 1,
  transit: [
    { postalCodePrefix: '28', days: 1, holidays: [] },
    { postalCodePrefix: '0', days: 2, holidays: ['2026-12-10'] },
  ],
  nonDeliveryWeekdays: ['sat', 'sun'],
  holidays: ['2026-12-08'],
  ...overrides,
});

/** An instant from a local wall time in a zone. */
const local = (iso: string, zone = 'Europe/Madrid') => DateTime.fromISO(iso, { zone }).toJSDate();

describe('deliveryPromise (examples, Madrid, cut-off 14:00, 1 handling day)', () => {
  it.each([
    ['Tuesday morning', '2026-11-24T10:00', '28013', { shipsOn: '2026-11-25', arrivesBy: '2026-11-26' }],
    ['Tuesday after the cut-off', '2026-11-24T14:00', '28013', { shipsOn: '2026-11-26', arrivesBy: '2026-11-27' }],
    ['Tuesday, a minute before the cut-off', '2026-11-24T13:59', '28013', { shipsOn: '2026-11-25', arrivesBy: '2026-11-26' }],
    ['Friday morning: delivered over no weekend', '2026-11-27T09:00', '28013', { shipsOn: '2026-11-30', arrivesBy: '2026-12-01' }],
    ['Saturday', '2026-11-28T09:00', '28013', { shipsOn: '2026-12-01', arrivesBy: '2026-12-02' }],
    ['the day before a warehouse holiday', '2026-12-07T09:00', '28013', { shipsOn: '2026-12-09', arrivesBy: '2026-12-10' }],
    ['to a region with its own holiday', '2026-12-07T09:00', '08001', { shipsOn: '2026-12-09', arrivesBy: '2026-12-14' }],
  ])('%s', (_what, at, postal, expected) => {
    expect(deliveryPromise(madrid(), postal, local(at))).toEqual(expected);
  });

  it('reads the cut-off in local time across DST (summer: 14:00 is 12:00 UTC; winter: 13:00 UTC)', () => {
    expect(dispatchDay(madrid(), new Date('2026-07-07T12:30:00Z'))).toBe('2026-07-08');
    expect(dispatchDay(madrid(), new Date('2026-11-24T12:30:00Z'))).toBe('2026-11-24');
  });

  it('has no promise where no transit rule covers the postal code; the longest prefix wins', () => {
    expect(deliveryPromise(madrid(), '99999', local('2026-11-24T10:00'))).toBeUndefined();
    expect(transitRuleFor(madrid().transit, '28 013')?.postalCodePrefix).toBe('28');
    expect(transitRuleFor(madrid().transit, '08001')?.postalCodePrefix).toBe('0');
    expect(anyCovers([madrid()], '9')).toBe(false);
    expect(normalizePostalCode('sw1a-1aa')).toBe('SW1A1AA');
  });
});

describe('earliestPromise', () => {
  const barcelona = madrid({ warehouseId: 'wh-bcn', transit: [{ postalCodePrefix: '0', days: 1, holidays: [] }], handlingDays: 0 });
  it('takes the warehouse that arrives first among those with the units', () => {
    const at = local('2026-11-24T10:00');
    const units = (w: Warehouse) => (w.warehouseId === 'wh-bcn' ? 5 : 50);
    expect(earliestPromise([madrid(), barcelona], '08001', at, units)?.warehouse.warehouseId).toBe('wh-bcn');
    expect(earliestPromise([madrid(), barcelona], '08001', at, units, 6)?.warehouse.warehouseId).toBe('wh-mad');
    expect(earliestPromise([madrid(), barcelona], '08001', at, units, 51)).toBeUndefined();
    expect(earliestPromise([barcelona], '28013', at, units)).toBeUndefined();
  });
});

// ── properties ────────────────────────────────────────────────────────────────────────

const zones = ['Europe/Madrid', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'UTC'];
const dateIn2026 = fc.integer({ min: 0, max: 729 }).map((d) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10));
const hhmm = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const calendar = fc.record({
  timeZone: fc.constantFrom(...zones),
  cutoffTime: hhmm,
  handlingDays: fc.integer({ min: 0, max: 3 }),
  days: fc.integer({ min: 1, max: 5 }),
  nonDeliveryWeekdays: fc.subarray([...weekdays] as Weekday[], { maxLength: 3 }),
  holidays: fc.array(dateIn2026, { maxLength: 12 }),
  regionHolidays: fc.array(dateIn2026, { maxLength: 6 }),
});
type Cal = typeof calendar extends fc.Arbitrary<infer T> ? T : never;
const warehouseOf = (c: Cal): Warehouse =>
  madrid({
    timeZone: c.timeZone,
    cutoffTime: c.cutoffTime,
    handlingDays: c.handlingDays,
    transit: [{ postalCodePrefix: '1', days: c.days, holidays: c.regionHolidays }],
    nonDeliveryWeekdays: c.nonDeliveryWeekdays,
    holidays: c.holidays,
  });
const instant = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 1) }).map((ms) => new Date(ms));

const runs = (c: Cal, d: string) => !c.nonDeliveryWeekdays.includes(weekdayOf(d));
const working = (c: Cal, d: string) => runs(c, d) && !c.holidays.includes(d);
const delivering = (c: Cal, d: string) => runs(c, d) && !c.regionHolidays.includes(d);
/** Days in (from, to] that satisfy `ok`. */
function countBetween(from: string, to: string, ok: (d: string) => boolean) {
  let n = 0;
  for (let d = nextDate(from); d <= to; d = nextDate(d)) if (ok(d)) n++;
  return n;
}

describe('deliveryPromise (properties)', () => {
  it('dispatches on a working day, hands over after the handling days, arrives on a delivery day after exactly the transit days', () => {
    fc.assert(
      fc.property(calendar, instant, (c, at) => {
        const w = warehouseOf(c);
        const today = DateTime.fromJSDate(at, { zone: c.timeZone }).toISODate() as string;
        const dispatch = dispatchDay(w, at);
        const promise = deliveryPromise(w, '10001', at)!;
        expect(working(c, dispatch)).toBe(true);
        expect(dispatch >= today).toBe(true);
        expect(countBetween(today, dispatch, (d) => working(c, d) && d !== dispatch)).toBe(0); // no working day skipped
        expect(working(c, promise.shipsOn)).toBe(true);
        expect(countBetween(dispatch, promise.shipsOn, (d) => working(c, d))).toBe(c.handlingDays);
        expect(delivering(c, promise.arrivesBy)).toBe(true);
        expect(countBetween(promise.shipsOn, promise.arrivesBy, (d) => delivering(c, d))).toBe(c.days);
        expect(promise.arrivesBy > today).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('follows the cut-off as a local wall time on every day of the year, across DST in every zone', () => {
    fc.assert(
      fc.property(calendar, dateIn2026, (c, date) => {
        fc.pre(c.cutoffTime !== '00:00');
        const w = warehouseOf(c);
        const wall = (hm: string) => DateTime.fromISO(`${date}T${hm}`, { zone: c.timeZone });
        const before = wall(c.cutoffTime).minus({ minutes: 1 });
        const at = wall(c.cutoffTime);
        // A wall time skipped by a spring-forward gap moves on; only compare real local times of that date.
        fc.pre(before.toISODate() === date && at.toISODate() === date && at.toFormat('HH:mm') === c.cutoffTime);
        const early = dispatchDay(w, before.toJSDate());
        const late = dispatchDay(w, at.toJSDate());
        if (working(c, date)) expect(early).toBe(date);
        expect(late > date).toBe(true);
        expect(deliveryPromise(w, '1', at.toJSDate())!.arrivesBy >= deliveryPromise(w, '1', before.toJSDate())!.arrivesBy).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('never promises earlier for a later order', () => {
    fc.assert(
      fc.property(calendar, instant, fc.integer({ min: 0, max: 10 * 86_400_000 }), (c, at, later) => {
        const w = warehouseOf(c);
        const a = deliveryPromise(w, '1', at)!;
        const b = deliveryPromise(w, '1', new Date(at.getTime() + later))!;
        expect(b.arrivesBy >= a.arrivesBy).toBe(true);
        expect(b.shipsOn >= a.shipsOn).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never promises earlier when a holiday is added (warehouse or destination)', () => {
    fc.assert(
      fc.property(calendar, instant, dateIn2026, fc.boolean(), (c, at, holiday, atWarehouse) => {
        const base = deliveryPromise(warehouseOf(c), '1', at)!;
        const more = atWarehouse ? { ...c, holidays: [...c.holidays, holiday] } : { ...c, regionHolidays: [...c.regionHolidays, holiday] };
        const withHoliday = deliveryPromise(warehouseOf(more), '1', at)!;
        expect(withHoliday.arrivesBy >= base.arrivesBy).toBe(true);
        // …and the same promise when the holiday is not on its way
        if (holiday > base.arrivesBy) expect(withHoliday).toEqual(base);
      }),
      { numRuns: 300 },
    );
  });

  it('treats an order on a non-working day like one at the start of the next working day', () => {
    fc.assert(
      fc.property(calendar, dateIn2026, hhmm, (c, date, time) => {
        fc.pre(!working(c, date));
        const w = warehouseOf(c);
        const at = DateTime.fromISO(`${date}T${time}`, { zone: c.timeZone });
        fc.pre(at.toISODate() === date);
        let next = nextDate(date);
        while (!working(c, next)) next = nextDate(next);
        const morning = DateTime.fromISO(next, { zone: c.timeZone }).startOf('day');
        fc.pre(c.cutoffTime > morning.toFormat('HH:mm'));
        expect(deliveryPromise(w, '1', at.toJSDate())).toEqual(deliveryPromise(w, '1', morning.toJSDate()));
      }),
      { numRuns: 300 },
    );
  });
});

// The runtime's Intl zone arithmetic (shared/runtime/zoned-time.ts) and every rule that moved
// to it from luxon, each checked against what luxon computes (luxon stays a devDependency for
// these references only), over zones with DST, odd offsets and none. Instants within three
// hours of an offset change are left out of the comparisons: there a wall time can be missing
// or doubled, and luxon's answer depends on its first guess (the gap is tested on its own).

import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { dispatchDay } from '#shared/fulfilment/promise-rules.ts';
import { appointmentReminders, deliveryTime, inQuietHours } from '#shared/notifications/rules.ts';
import { render } from '#shared/notifications/templates.ts';
import { extendedDeadline, latestExtension } from '#shared/orders/pickup-change-rules.ts';
import { pickupDeadline } from '#shared/orders/pickup-rules.ts';
import { capWindowEnd, storeDay } from '#shared/proximity/offer-rules.ts';
import { instantOf, isoWithOffset, isTimeZone, offsetMinutes, plusLocalDays, wallClock } from '#shared/runtime/zoned-time.ts';

const zones = ['Europe/Madrid', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham', 'America/Sao_Paulo', 'UTC'];
const zone = fc.constantFrom(...zones);
const instant = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 11, 31) });
const HOUR = 3_600_000;

/** Whether the zone's offset is the same for `hours` either side of each instant given. */
const steady = (tz: string, hours: number, ...ts: number[]) =>
  ts.every(
    (t) => DateTime.fromMillis(t - hours * HOUR, { zone: tz }).offset === DateTime.fromMillis(t + hours * HOUR, { zone: tz }).offset,
  );

describe('zoned time (Intl) against luxon', () => {
  it('reads the wall clock and offset of any instant (property)', () => {
    fc.assert(
      fc.property(zone, instant, (tz, t) => {
        const l = DateTime.fromMillis(t, { zone: tz });
        expect(offsetMinutes(tz, t)).toBe(l.offset);
        expect(wallClock(tz, t)).toBe(t + l.offset * 60_000);
      }),
      { numRuns: 400 },
    );
  });

  it('answers an instant read again as luxon does, past the number of wall clocks it keeps', () => {
    // Three passes over 3,000 instants (more than the 2,048 kept): the second and third read
    // what was kept or dropped, and each in a zone other than the first pass's.
    const ts = Array.from({ length: 3000 }, (_, i) => Date.UTC(2026, 2, 1) + i * 7_919_000);
    for (let pass = 0; pass < 3; pass++) {
      for (const [i, t] of ts.entries()) {
        const tz = zones[(i + pass) % zones.length]!;
        expect(wallClock(tz, t)).toBe(t + DateTime.fromMillis(t, { zone: tz }).offset * 60_000);
      }
    }
  });

  it('finds the instant of a wall time, and moves one in the spring gap forward by the gap (property)', () => {
    fc.assert(
      fc.property(zone, instant, (tz, t) => {
        fc.pre(steady(tz, 3, t));
        const wall = wallClock(tz, t);
        expect(instantOf(tz, wall)).toBe(t);
        const w = new Date(wall);
        const l = DateTime.fromObject(
          { year: w.getUTCFullYear(), month: w.getUTCMonth() + 1, day: w.getUTCDate(), hour: w.getUTCHours(), minute: w.getUTCMinutes() },
          { zone: tz },
        );
        expect(instantOf(tz, Math.floor(wall / 60_000) * 60_000)).toBe(l.toMillis());
      }),
      { numRuns: 400 },
    );
    // 29 March 2026, 02:30 in Madrid does not exist: 03:30 CEST (01:30Z).
    expect(new Date(instantOf('Europe/Madrid', Date.UTC(2026, 2, 29, 2, 30))).toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('writes ISO 8601 with the offset as luxon does, Z for UTC, milliseconds only when asked to keep them (property)', () => {
    fc.assert(
      fc.property(zone, instant, fc.boolean(), (tz, t, suppress) => {
        const l = DateTime.fromMillis(t, { zone: tz });
        expect(isoWithOffset(t, tz, { suppressMilliseconds: suppress })).toBe(l.toISO({ suppressMilliseconds: suppress }));
      }),
      { numRuns: 300 },
    );
  });

  it('moves days on the calendar at the same wall time (property)', () => {
    fc.assert(
      fc.property(zone, instant, fc.integer({ min: -30, max: 30 }), (tz, t, days) => {
        const expected = DateTime.fromMillis(t, { zone: tz }).plus({ days }).toMillis();
        fc.pre(steady(tz, 3, t, expected));
        expect(plusLocalDays(tz, t, days)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('knows the IANA zones luxon knows', () => {
    for (const tz of [...zones, 'Atlantic/Canary', 'Etc/GMT+3']) expect(isTimeZone(tz)).toBe(true);
    for (const tz of ['', 'Mars/Olympus', 'GMT+25', 'Europe/Madird']) expect(isTimeZone(tz)).toBe(false);
  });
});

describe('rules moved from luxon to zoned time, against their luxon originals', () => {
  it('a pickup deadline: holdDays later on the store calendar, with the store offset (property)', () => {
    fc.assert(
      fc.property(zone, instant, fc.integer({ min: 1, max: 30 }), (tz, t, holdDays) => {
        const luxon = DateTime.fromMillis(t, { zone: tz }).plus({ days: holdDays });
        fc.pre(steady(tz, 3, t, luxon.toMillis()));
        const policy = { holdDays, reminderHoursBefore: 24, maxExtensionDays: 7 };
        expect(pickupDeadline(new Date(t), policy, tz)).toBe(luxon.toISO({ suppressMilliseconds: true }));
      }),
      { numRuns: 300 },
    );
  });

  it('quiet hours: whether an instant is inside them, and when they end (property)', () => {
    const hhmm = fc
      .integer({ min: 0, max: 95 })
      .map((q) => `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`);
    fc.assert(
      fc.property(zone, instant, hhmm, hhmm, (tz, t, start, end) => {
        const local = DateTime.fromMillis(t, { zone: tz });
        let luxonEnd = local.set({ hour: Number(end.slice(0, 2)), minute: Number(end.slice(3, 5)), second: 0, millisecond: 0 });
        if (luxonEnd <= local) luxonEnd = luxonEnd.plus({ days: 1 });
        fc.pre(steady(tz, 3, t, luxonEnd.toMillis()));
        const m = local.hour * 60 + local.minute;
        const [s, e] = [start, end].map((x) => Number(x.slice(0, 2)) * 60 + Number(x.slice(3, 5))) as [number, number];
        const inside = s !== e && (s < e ? m >= s && m < e : m >= s || m < e);
        const quiet = { start, end };
        expect(inQuietHours(new Date(t), quiet, tz)).toBe(inside);
        const when = deliveryTime(new Date(t), { quietHours: quiet, timeZone: tz });
        expect(when).toEqual({ sendAt: inside ? luxonEnd.toJSDate() : new Date(t) });
      }),
      { numRuns: 400 },
    );
  });

  it("an appointment's reminders: the day before at the same wall time, and 2 hours before (property)", () => {
    fc.assert(
      fc.property(zone, instant, (tz, t) => {
        const start = DateTime.fromMillis(Math.floor(t / 60_000) * 60_000, { zone: tz });
        fc.pre(steady(tz, 3, start.toMillis(), start.minus({ days: 1 }).toMillis()));
        expect(appointmentReminders(start.toISO() as string, tz)).toEqual([
          { which: '24h', at: start.minus({ days: 1 }).toUTC().toISO() },
          { which: '2h', at: start.minus({ hours: 2 }).toUTC().toISO() },
        ]);
      }),
      { numRuns: 300 },
    );
  });

  it('the dispatch day: the local date, and whether the local time is before the cut-off (property)', () => {
    const calendar = (tz: string, cutoffTime: string) => ({ timeZone: tz, cutoffTime, nonDeliveryWeekdays: [], holidays: [] });
    fc.assert(
      fc.property(zone, instant, fc.integer({ min: 0, max: 95 }), (tz, t, q) => {
        const cutoffTime = `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`;
        const local = DateTime.fromMillis(t, { zone: tz });
        const today = local.toISODate() as string;
        const expected = local.toFormat('HH:mm') < cutoffTime ? today : (local.plus({ days: 1 }).toISODate() as string);
        expect(dispatchDay(calendar(tz, cutoffTime) as never, new Date(t))).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("an offer's cap window and the store's day (property)", () => {
    fc.assert(
      fc.property(zone, instant, fc.constantFrom('day', 'week', 'hours'), fc.integer({ min: 1, max: 72 }), (tz, t, per, hours) => {
        const local = DateTime.fromMillis(t, { zone: tz });
        const end =
          per === 'day'
            ? local.startOf('day').plus({ days: 1 })
            : per === 'week'
              ? local.startOf('week').plus({ weeks: 1 })
              : local.plus({ hours });
        const dayStart = local.startOf('day');
        fc.pre(steady(tz, 3, end.toMillis(), dayStart.toMillis(), dayStart.plus({ days: 1 }).toMillis()));
        const cap = { times: 1, per, ...(per === 'hours' ? { hours } : {}) };
        expect(capWindowEnd(cap as never, new Date(t), tz)).toBe(Math.floor(end.toMillis() / 1000));
        expect(storeDay(new Date(t), tz)).toEqual({ start: dayStart.toJSDate(), end: dayStart.plus({ days: 1 }).toJSDate() });
      }),
      { numRuns: 300 },
    );
  });

  it('a message names times in the store zone and dates as luxon wrote them (medium format, es and en)', () => {
    // For a fixed-offset zone (UTC) luxon joins formatToParts, which keeps ICU's narrow no-break
    // space before AM/PM; format() gives a plain space, which is also what an SMS wants (GSM-7).
    const plain = (s: string) => s.replace(/\u202f/g, ' ');
    for (const language of ['es', 'en'] as const) {
      for (const tz of zones) {
        const start = '2026-11-24T10:00:00+01:00';
        const text = render('appointment.reminder', language, { storeName: 'Sol', timeZone: tz, start }).text;
        expect(text).toContain(plain(DateTime.fromISO(start, { zone: tz }).setLocale(language).toLocaleString(DateTime.DATETIME_MED)));
        const placed = render('order.placed-in-store', language, { storeName: 'Sol', timeZone: tz, arrivesBy: '2026-11-30' }).text;
        expect(placed).toContain(DateTime.fromISO('2026-11-30').setLocale(language).toLocaleString(DateTime.DATE_MED));
      }
    }
  });
});

describe("the contact center's pickup extension (moved from luxon)", () => {
  it('latest extension and stored deadline: as luxon computes them, on the store calendar (property)', () => {
    fc.assert(
      fc.property(zone, instant, fc.integer({ min: 1, max: 14 }), (tz, t, days) => {
        fc.pre(steady(tz, 3, t, t + days * 24 * HOUR));
        const original = DateTime.fromMillis(Math.floor(t / 1000) * 1000, { zone: tz }).toISO({ suppressMilliseconds: true }) as string;
        const order = {
          status: 'ready_for_pickup' as const,
          pickupDeadline: original,
          pickupTerms: { holdDays: 7, reminderHoursBefore: 24, maxExtensionDays: days },
        };
        const expected = DateTime.fromISO(original, { zone: tz }).plus({ days }).toISO({ suppressMilliseconds: true });
        expect(latestExtension(order as never, tz)).toBe(expected);
        expect(extendedDeadline(new Date(t - (t % 1000)).toISOString(), tz)).toBe(original);
      }),
      { numRuns: 300 },
    );
  });
});

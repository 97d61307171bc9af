import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { WeeklyRanges } from '#shared/appointments/catalogue-schemas.ts';
import {
  busyCells,
  computeSlots,
  formatInZone,
  isOnGrid,
  localDayBounds,
  type SlotSearch,
  type StylistSchedule,
  stylistRangesOn,
} from '#shared/appointments/slots.ts';
import { hoursOn, weekdays } from '#shared/stores/opening-hours.ts';
import { type Store, storeSchema } from '#shared/stores/schemas.ts';

const MIN = 60_000;
const everyDay = (open: string, close: string): WeeklyRanges =>
  Object.fromEntries(weekdays.map((d) => [d, [{ open, close }]])) as WeeklyRanges;

const store = (timeZone: string, hours = everyDay('10:00', '20:00')): Store =>
  storeSchema.parse({
    storeId: 's1',
    name: 'S',
    timeZone,
    openingHours: hours,
    address: { line1: 'x', city: 'x', postalCode: 'x', country: 'ES' },
    location: { lat: 0, lon: 0 },
  });

const stylist = (stylistId: string, over: Partial<StylistSchedule> = {}): StylistSchedule => ({
  stylistId,
  weeklyHours: everyDay('09:00', '21:00'),
  breaks: {},
  exceptions: [],
  ...over,
});

const search = (over: Partial<SlotSearch>): SlotSearch => ({
  store: store('Europe/Madrid'),
  rules: { slotIntervalMinutes: 30, minNoticeMinutes: 0, maxHorizonDays: 365 },
  durationMinutes: 60,
  bufferAfterMinutes: 0,
  stylists: [stylist('a')],
  busy: [],
  now: Date.parse('2026-01-01T00:00:00Z'),
  from: Date.parse('2026-11-24T00:00:00+01:00'),
  to: Date.parse('2026-11-25T00:00:00+01:00'),
  ...over,
});
const starts = (slots: { start: number; offsetMinutes: number }[]) =>
  slots.map((s) => formatInZone(s.start, s.offsetMinutes).slice(11, 16));

describe('computeSlots', () => {
  it('offers grid starts inside store hours ∩ working hours, ending in time', () => {
    const slots = computeSlots(search({}));
    expect(starts(slots)[0]).toBe('10:00');
    expect(starts(slots).at(-1)).toBe('19:00');
    expect(slots).toHaveLength(19);
    expect(formatInZone(slots[0]!.start, slots[0]!.offsetMinutes)).toBe('2026-11-24T10:00:00+01:00');
  });

  it('keeps a booking plus its buffer free and lists which stylists are free', () => {
    const busyStart = Date.parse('2026-11-24T12:00:00+01:00');
    const slots = computeSlots(
      search({
        stylists: [stylist('a'), stylist('b')],
        bufferAfterMinutes: 15,
        busy: [{ stylistId: 'a', start: busyStart, end: busyStart + 75 * MIN }],
      }),
    );
    const at = (hhmm: string) => slots.find((s) => formatInZone(s.start, s.offsetMinutes).slice(11, 16) === hhmm)?.stylistIds;
    expect(at('10:30')).toEqual(['a', 'b']); // 10:30–11:30 + 15 min buffer ends 11:45
    expect(at('11:00')).toEqual(['b']); // buffer would run into 12:00
    expect(at('13:00')).toEqual(['b']); // the booking's buffer runs until 13:15
    expect(at('13:30')).toEqual(['a', 'b']);
  });

  it('applies breaks, days off, partial sick leave and extra shifts', () => {
    const s = stylist('a', {
      breaks: { tue: [{ open: '14:00', close: '15:00' }] },
      exceptions: [
        { date: '2026-11-24', kind: 'sick', hours: [{ open: '10:00', close: '12:00' }] },
        { date: '2026-11-25', kind: 'off' },
      ],
    });
    expect(stylistRangesOn(s, '2026-11-24')).toEqual([
      [540, 600],
      [720, 840],
      [900, 1260],
    ]);
    expect(stylistRangesOn(s, '2026-11-25')).toEqual([]);
    const shift = stylist('a', {
      weeklyHours: {},
      exceptions: [{ date: '2026-11-29', kind: 'shift', hours: [{ open: '16:00', close: '18:00' }] }],
    });
    expect(stylistRangesOn(shift, '2026-11-29')).toEqual([[960, 1080]]);
    const slots = computeSlots(search({ stylists: [s] }));
    expect(starts(slots)).toEqual([
      '12:00',
      '12:30',
      '13:00',
      '15:00',
      '15:30',
      '16:00',
      '16:30',
      '17:00',
      '17:30',
      '18:00',
      '18:30',
      '19:00',
    ]);
  });

  it('honours minimum notice, the horizon and a closed store', () => {
    const now = Date.parse('2026-11-24T11:10:00+01:00');
    expect(starts(computeSlots(search({ now, rules: { slotIntervalMinutes: 30, minNoticeMinutes: 60, maxHorizonDays: 30 } })))[0]).toBe(
      '12:30',
    );
    expect(
      computeSlots(
        search({ now: Date.parse('2026-11-20T00:00:00Z'), rules: { slotIntervalMinutes: 30, minNoticeMinutes: 0, maxHorizonDays: 2 } }),
      ),
    ).toEqual([]);
    expect(computeSlots(search({ store: { ...store('Europe/Madrid'), status: 'closed' } }))).toEqual([]);
  });

  it('lets a walk-in take the slot that is running now', () => {
    const now = Date.parse('2026-11-24T11:10:00+01:00');
    expect(
      starts(computeSlots(search({ now, walkIn: true, rules: { slotIntervalMinutes: 30, minNoticeMinutes: 120, maxHorizonDays: 30 } })))[0],
    ).toBe('11:00');
  });

  it('resets the grid at local midnight for intervals that do not divide a day', () => {
    const slots = computeSlots(
      search({ rules: { slotIntervalMinutes: 45, minNoticeMinutes: 0, maxHorizonDays: 365 }, durationMinutes: 30 }),
    );
    expect(starts(slots).slice(0, 3)).toEqual(['10:30', '11:15', '12:00']);
  });

  it('gives 90 days for 20 stylists quickly', () => {
    const stylists = Array.from({ length: 20 }, (_, i) => stylist(`s${i}`));
    const from = Date.parse('2026-11-24T00:00:00+01:00');
    const t0 = performance.now();
    const slots = computeSlots(
      search({
        stylists,
        from,
        to: from + 90 * 86_400_000,
        now: from,
        rules: { slotIntervalMinutes: 15, minNoticeMinutes: 0, maxHorizonDays: 365 },
      }),
    );
    expect(performance.now() - t0).toBeLessThan(500);
    expect(slots.length).toBeGreaterThan(3000);
  });
});

describe('DST', () => {
  it('Madrid spring forward: the 02:00–03:00 hour does not exist', () => {
    const night = store('Europe/Madrid', everyDay('00:00', '06:00'));
    const slots = computeSlots(
      search({
        store: night,
        stylists: [stylist('a', { weeklyHours: everyDay('00:00', '06:00') })],
        from: Date.parse('2026-03-29T00:00:00+01:00'),
        to: Date.parse('2026-03-29T06:00:00+02:00'),
      }),
    );
    expect(slots.map((s) => formatInZone(s.start, s.offsetMinutes).slice(11, 25))).toEqual([
      '00:00:00+01:00',
      '00:30:00+01:00',
      '01:00:00+01:00',
      '01:30:00+01:00',
      '03:00:00+02:00',
      '03:30:00+02:00',
      '04:00:00+02:00',
      '04:30:00+02:00',
      '05:00:00+02:00',
    ]);
    // 01:30 + 60 minutes ends at 03:30 local: still inside the day's working time.
  });

  it('New York fall back: 01:00–02:00 happens twice and both are offered', () => {
    const night = store('America/New_York', everyDay('00:00', '04:00'));
    const slots = computeSlots(
      search({
        store: night,
        stylists: [stylist('a', { weeklyHours: everyDay('00:00', '04:00') })],
        durationMinutes: 30,
        from: Date.parse('2026-11-01T00:00:00-04:00'),
        to: Date.parse('2026-11-01T04:00:00-05:00'),
      }),
    );
    expect(slots.map((s) => formatInZone(s.start, s.offsetMinutes).slice(11, 25))).toEqual([
      '00:00:00-04:00',
      '00:30:00-04:00',
      '01:00:00-04:00',
      '01:30:00-04:00',
      '01:00:00-05:00',
      '01:30:00-05:00',
      '02:00:00-05:00',
      '02:30:00-05:00',
      '03:00:00-05:00',
      '03:30:00-05:00',
    ]);
  });

  it('keeps 10:00 local the day after the change', () => {
    const slots = computeSlots(search({ from: Date.parse('2026-03-30T00:00:00+02:00'), to: Date.parse('2026-03-31T00:00:00+02:00') }));
    expect(formatInZone(slots[0]!.start, slots[0]!.offsetMinutes)).toBe('2026-03-30T10:00:00+02:00');
  });

  it('knows day bounds and the grid across changes', () => {
    const day = localDayBounds('2026-10-25', 'Europe/Madrid');
    expect((day.end - day.start) / 3_600_000).toBe(25);
    expect(isOnGrid(Date.parse('2026-10-25T02:30:00+02:00'), 'Europe/Madrid', 30)).toBe(true);
    expect(isOnGrid(Date.parse('2026-10-25T02:30:00+01:00'), 'Europe/Madrid', 30)).toBe(true);
    expect(isOnGrid(Date.parse('2026-10-25T02:40:00+01:00'), 'Europe/Madrid', 30)).toBe(false);
  });
});

describe('busyCells', () => {
  it('covers an interval with 5-minute cells grouped by UTC day, rounding outwards', () => {
    const cells = busyCells(Date.parse('2026-11-24T23:50:00Z'), Date.parse('2026-11-25T00:07:00Z'));
    expect(Object.fromEntries(cells)).toEqual({ '2026-11-24': ['c2350', 'c2355'], '2026-11-25': ['c0000', 'c0005'] });
  });

  it('intersects exactly when two intervals overlap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 1, max: 100 }),
        (a, la, b, lb) => {
          const base = Date.parse('2026-11-24T20:00:00Z');
          const x = busyCells(base + a * 5 * MIN, base + (a + la) * 5 * MIN);
          const y = busyCells(base + b * 5 * MIN, base + (b + lb) * 5 * MIN);
          const flat = (m: Map<string, string[]>) => new Set([...m].flatMap(([d, cs]) => cs.map((c) => `${d}${c}`)));
          const fy = flat(y);
          const shared = [...flat(x)].some((c) => fy.has(c));
          expect(shared).toBe(a < b + lb && b < a + la);
        },
      ),
    );
  });
});

// ── property tests against a slow, obviously-right oracle ─────────────────────────────
// The oracle looks at every 5-minute instant with luxon: its local date and wall time,
// whether the store is open and the stylist works then, pointwise. It shares no code
// with computeSlots except hoursOn (the store's hours for a date).

const transitions = [
  { zone: 'Europe/Madrid', day: '2026-03-29' },
  { zone: 'Europe/Madrid', day: '2026-10-25' },
  { zone: 'America/New_York', day: '2026-03-08' },
  { zone: 'America/New_York', day: '2026-11-01' },
];

// Whole hours, so no range boundary falls inside a repeated or missing hour (where a
// pointwise reading and an interval reading of a wall-clock schedule legitimately differ).
const hourRange = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 1, max: 8 })).map(([h, len]) => ({
  open: `${String(h).padStart(2, '0')}:00`,
  close: h + len >= 24 ? '24:00' : `${String(h + len).padStart(2, '0')}:00`,
}));
const week = fc.array(hourRange, { maxLength: 2 }).map((day) => Object.fromEntries(weekdays.map((d) => [d, day])) as WeeklyRanges);
const weekVarying = fc
  .tuple(...weekdays.map(() => fc.array(hourRange, { maxLength: 2 })))
  .map((days) => Object.fromEntries(weekdays.map((d, i) => [d, days[i]])) as WeeklyRanges);

const scenario = fc.record({
  t: fc.constantFrom(...transitions),
  storeHours: fc.oneof(week, weekVarying),
  stylists: fc.array(
    fc.record({
      weeklyHours: fc.oneof(week, weekVarying),
      breaks: fc.oneof(fc.constant({} as WeeklyRanges), week),
      offDay: fc.option(fc.integer({ min: -1, max: 1 })),
      shift: fc.option(fc.tuple(fc.integer({ min: -1, max: 1 }), hourRange)),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  interval: fc.constantFrom(5, 10, 15, 20, 30, 45, 60, 90),
  duration: fc.integer({ min: 1, max: 24 }).map((n) => n * 5),
  buffer: fc.integer({ min: 0, max: 6 }).map((n) => n * 5),
  notice: fc.integer({ min: 0, max: 600 }),
  nowOffsetHours: fc.integer({ min: -30, max: 30 }),
  bookings: fc.array(fc.tuple(fc.nat(2), fc.integer({ min: 0, max: 3 * 288 }), fc.integer({ min: 1, max: 36 })), { maxLength: 8 }),
});

describe('computeSlots property tests (DST in Madrid and New York)', () => {
  it('returns exactly the starts the pointwise oracle finds', () => {
    fc.assert(
      fc.property(scenario, (sc) => {
        const zone = sc.t.zone;
        const st = store(zone, sc.storeHours as Store['openingHours']);
        const dayStart = DateTime.fromISO(sc.t.day, { zone }).minus({ days: 1 }).toMillis();
        const from = dayStart;
        const to = dayStart + 3 * 86_400_000;
        const dateAt = (k: number) => DateTime.fromISO(sc.t.day).plus({ days: k }).toISODate()!;
        const stylists = sc.stylists.map((s, i) =>
          stylist(`s${i}`, {
            weeklyHours: s.weeklyHours,
            breaks: s.breaks,
            exceptions: [
              ...(s.offDay === null ? [] : [{ date: dateAt(s.offDay), kind: 'off' as const }]),
              ...(s.shift === null ? [] : [{ date: dateAt(s.shift[0]), kind: 'shift' as const, hours: [s.shift[1]] }]),
            ],
          }),
        );
        const busy = sc.bookings
          .filter(([who]) => who < stylists.length)
          .map(([who, cell, len]) => ({ stylistId: `s${who}`, start: from + cell * 5 * MIN, end: from + (cell + len) * 5 * MIN }));
        const now = Date.parse(`${sc.t.day}T00:00:00Z`) + sc.nowOffsetHours * 3_600_000;
        const rules = { slotIntervalMinutes: sc.interval, minNoticeMinutes: sc.notice, maxHorizonDays: 1 };
        const input: SlotSearch = {
          store: st,
          rules,
          durationMinutes: sc.duration,
          bufferAfterMinutes: sc.buffer,
          stylists,
          busy,
          now,
          from,
          to,
        };

        const got = computeSlots(input)
          .flatMap((s) => s.stylistIds.map((id) => `${new Date(s.start).toISOString()} ${id}`))
          .sort();
        const expected = oracle(input).sort();
        expect(got).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });
});

function oracle(input: SlotSearch): string[] {
  const zone = input.store.timeZone;
  const step = 5 * MIN;
  const inRanges = (m: number, list: { open: string; close: string }[] | undefined) =>
    (list ?? []).some((r) => m >= toM(r.open) && m < toM(r.close));
  const working = new Map<string, Set<number>>();
  const limit = input.to + input.durationMinutes * MIN + step;
  for (const s of input.stylists) {
    const set = new Set<number>();
    for (let u = input.from - 12 * 3_600_000; u < limit; u += step) {
      const local = DateTime.fromMillis(u, { zone });
      const date = local.toISODate()!;
      const m = local.hour * 60 + local.minute;
      const weekday = weekdays[local.weekday - 1]!;
      const today = s.exceptions.filter((e) => e.date === date);
      const works =
        (inRanges(m, s.weeklyHours[weekday]) || today.some((e) => e.kind === 'shift' && inRanges(m, e.hours))) &&
        !inRanges(m, s.breaks[weekday]) &&
        !today.some((e) => e.kind !== 'shift' && (e.hours ? inRanges(m, e.hours) : true)) &&
        inRanges(m, hoursOn(input.store, date));
      if (works) set.add(u);
    }
    working.set(s.stylistId, set);
  }
  const out: string[] = [];
  const earliest = input.now + input.rules.minNoticeMinutes * MIN;
  const latest = input.now + input.rules.maxHorizonDays * 86_400_000;
  for (let t = input.from; t < input.to; t += step) {
    if (t < earliest || t > latest) continue;
    const local = DateTime.fromMillis(t, { zone });
    if ((local.hour * 60 + local.minute) % input.rules.slotIntervalMinutes !== 0) continue;
    for (const s of input.stylists) {
      const set = working.get(s.stylistId)!;
      let ok = true;
      for (let u = t; u < t + input.durationMinutes * MIN; u += step)
        if (!set.has(u)) {
          ok = false;
          break;
        }
      const end = t + (input.durationMinutes + input.bufferAfterMinutes) * MIN;
      if (ok && input.busy.some((b) => b.stylistId === s.stylistId && b.start < end && b.end > t)) ok = false;
      if (ok) out.push(`${new Date(t).toISOString()} ${s.stylistId}`);
    }
  }
  return out;
}

function toM(hhmm: string) {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

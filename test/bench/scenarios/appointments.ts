// Bench scenarios: the appointments context — slot search for a store with 20 stylists
// over 30 and 90 days (with bookings on the calendar), booking latency, and the agenda.

import * as appointments from '#shared/appointments/index.ts';
import { isoInZone, localDateOf, offsetAt, policyBodySchema, serviceBodySchema, stylistBodySchema } from '#shared/appointments/index.ts';
import { putStore } from '#shared/stores/repository.ts';
import { storeSchema } from '#shared/stores/schemas.ts';
import { atScale, type BenchContext, type BenchScenario } from '#test/bench/scenario.ts';

const STORE = 'mad-bench';
const ZONE = 'Europe/Madrid';
const STYLISTS = 20;
const everyDay = (open: string, close: string) =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ open, close }]]));
const dayAfter = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** A store open every day 10–21 with 20 stylists (fewer at a smaller scale), one 45-minute service (+15 buffer) and the default policy. */
async function seedStore(ctx: BenchContext) {
  await putStore(
    ctx.deps,
    storeSchema.parse({
      storeId: STORE,
      name: 'Bench',
      timeZone: ZONE,
      openingHours: everyDay('10:00', '21:00'),
      services: ['stylist'],
      address: { line1: 'x', city: 'Madrid', postalCode: '28013', country: 'ES' },
      location: { lat: 40.42, lon: -3.7 },
    }),
  );
  const ids = Array.from({ length: atScale(ctx, STYLISTS) }, (_, i) => `st-${String(i).padStart(2, '0')}`);
  await Promise.all(
    ids.map((id, i) =>
      appointments.putStylist(
        ctx.deps,
        STORE,
        id,
        stylistBodySchema.parse({
          name: `Stylist ${i}`,
          weeklyHours: everyDay(i % 2 ? '10:00' : '13:00', i % 2 ? '18:00' : '21:00'),
          breaks: everyDay(i % 2 ? '14:00' : '16:00', i % 2 ? '14:30' : '16:30'),
          exceptions: [{ date: dayAfter(today(ctx), 7 + i), kind: 'off' }],
        }),
      ),
    ),
  );
  await appointments.putService(
    ctx.deps,
    STORE,
    'cut',
    serviceBodySchema.parse({
      name: 'Cut',
      durationMinutes: 45,
      bufferAfterMinutes: 15,
      price: { amountMinor: 3500, currency: 'EUR' },
      stylistIds: ids,
    }),
  );
  await appointments.putPolicy(
    ctx.deps,
    STORE,
    policyBodySchema.parse({ minNoticeMinutes: 60, maxHorizonDays: 120, maxPerCustomerPerDay: 5 }),
  );
  return ids;
}

const today = (ctx: BenchContext) => localDateOf(ctx.deps.clock.now().getTime(), ZONE);

/** Two bookings per stylist per day for `days` days (as the API writes them), in parallel batches. */
async function seedBookings(ctx: BenchContext, days: number) {
  const ids = await seedStore(ctx);
  const jobs: (() => Promise<unknown>)[] = [];
  for (let d = 1; d <= days; d++) {
    for (const [k, id] of ids.entries()) {
      for (const hour of k % 2 ? ['11', '15'] : ['13', '18']) {
        const naive = Date.parse(`${dayAfter(today(ctx), d)}T${hour}:00:00Z`);
        const start = isoInZone(naive - offsetAt(ZONE, naive) * 60_000, ZONE);
        jobs.push(() =>
          appointments
            .book(ctx.deps, {
              storeId: STORE,
              serviceId: 'cut',
              start,
              stylistId: id,
              customerId: `bench-${d}-${k}-${hour}`,
              bookedBy: 'customer',
            })
            .catch(() => undefined),
        );
      }
    }
  }
  for (let i = 0; i < jobs.length; i += 16) await Promise.all(jobs.slice(i, i + 16).map((j) => j()));
}

let bookingStarts: string[] = [];
let staffToken = '';

const slotsScenario = (days: number): BenchScenario => ({
  name: `GET /stores/{id}/appointment-slots (20 stylists, ${days} days, 2 bookings/stylist/day for 30 days)`,
  setup: (ctx) => seedBookings(ctx, Math.ceil(30 * ctx.scale)),
  request: (ctx) => ({
    method: 'GET',
    path: `/stores/${STORE}/appointment-slots?serviceId=cut&from=${dayAfter(today(ctx), 1)}&to=${dayAfter(today(ctx), days)}`,
  }),
  iterations: 40,
  warmup: 5,
  // The catalogue (one Query) and the bookings in the range (one Query).
  floorCalls: 2,
});

export const scenarios: BenchScenario[] = [
  slotsScenario(30),
  slotsScenario(90),
  {
    name: 'POST /appointments (book "any" stylist)',
    setup: async (ctx) => {
      await seedStore(ctx);
      const found = await appointments.findSlots(ctx.deps, STORE, {
        serviceId: 'cut',
        from: dayAfter(today(ctx), 1),
        to: dayAfter(today(ctx), 30),
      });
      // Starts an hour apart: each booking (45 + 15 minutes) is over before the next starts.
      bookingStarts = [];
      let last = 0;
      for (const s of found.slots) {
        if (Date.parse(s.start) - last < 3_600_000) continue;
        bookingStarts.push(s.start);
        last = Date.parse(s.start);
      }
    },
    request: async (ctx, i) => ({
      method: 'POST',
      path: '/appointments',
      token: await ctx.customer(`bench-booker-${i}`),
      body: { storeId: STORE, serviceId: 'cut', start: bookingStarts[i], stylistId: 'any' },
      expect: 201,
    }),
    // The catalogue read and the one TransactWriteItems that books (we also read the day's bookings to pick a stylist).
    floorCalls: 2,
  },
  {
    name: 'GET /stores/{id}/agenda (20 stylists, ~40 appointments)',
    setup: async (ctx) => {
      await seedBookings(ctx, 2);
      staffToken = await ctx.staff(STORE);
    },
    request: (ctx) => ({ method: 'GET', path: `/stores/${STORE}/agenda?date=${dayAfter(today(ctx), 1)}`, token: staffToken }),
    iterations: 100,
    // Catalogue, the day's appointments, the customers' profiles (one BatchGetItem).
    floorCalls: 3,
  },
];

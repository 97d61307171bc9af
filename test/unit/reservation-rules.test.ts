import { describe, expect, it } from 'vitest';
import {
  heldSummary,
  holdLapsed,
  type LineMove,
  lineMove,
  mayLookUp,
  newReservation,
  requestedTransition,
  reservationAt,
  reservationOwner,
  statusAt,
  type Transition,
  whyRefused,
} from '#shared/inventory/reservation-rules.ts';
import type { ReservationRecord, ReservationStatus } from '#shared/inventory/reservation-schemas.ts';
import type { Actor } from '#shared/platform/actor.ts';
import { type Store, storeSchema } from '#shared/stores/schemas.ts';

// Monday 23 November 2026, 11:00 in Madrid.
const now = new Date('2026-11-23T10:00:00Z');
const customer: Actor = { kind: 'customer', customerId: 'c-1' };
const staff: Actor = { kind: 'staff', userId: 'u-1', storeId: 's-1', role: 'associate' };
const integration: Actor = { kind: 'integration', clientId: 'pos', scopes: ['orders/write'] };
const anonymous: Actor = { kind: 'anonymous' };

const store = (overrides: Partial<Store> = {}): Store =>
  storeSchema.parse({
    storeId: 's-1',
    name: 'Sol',
    address: { line1: 'Calle Mayor 1', city: 'Madrid', postalCode: '28013', country: 'ES' },
    location: { lat: 40.4169, lon: -3.7035 },
    timeZone: 'Europe/Madrid',
    openingHours: { mon: [{ open: '10:00', close: '21:00' }] },
    services: ['pickup'],
    pickupLeadMinutes: 60,
    ...overrides,
  });

const record = (overrides: Partial<ReservationRecord> = {}): ReservationRecord => ({
  reservationId: '01KAQ0000000000000000000R1',
  storeId: 's-1',
  customerId: 'c-1',
  status: 'held',
  lines: [{ sku: 'A', quantity: 2 }],
  createdAt: '2026-11-23T09:50:00.000Z',
  holdUntil: '2026-11-23T10:20:00.000Z',
  pickupReadyAt: null,
  holdBucket: String(Date.parse('2026-11-23T10:20:00Z') / 1000),
  ...overrides,
});

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error as { kind: string; code: string };
  }
  throw new Error('expected a refusal');
};

describe('Rule: who a reservation is for and who may see it', () => {
  it('lets a customer reserve only for themselves, and an integration for whoever it names', () => {
    expect(reservationOwner(customer, undefined)).toBe('c-1');
    expect(reservationOwner(customer, 'c-1')).toBe('c-1');
    expect(refusal(() => reservationOwner(customer, 'c-2'))).toMatchObject({ kind: 'forbidden' });
    expect(reservationOwner(integration, 'c-9')).toBe('c-9');
    expect(reservationOwner(integration, undefined)).toBeUndefined();
  });

  it.each([
    ['its own customer', customer, { customerId: 'c-1' }, true],
    ['another customer', customer, { customerId: 'c-2' }, false],
    ['a customer, of a reservation without one', customer, {}, false],
    ['staff (their store is checked next)', staff, { customerId: 'c-2' }, true],
    ['an integration', integration, {}, true],
    ['nobody signed in', anonymous, { customerId: 'c-1' }, false],
  ])('lets %s know it exists: %s', (_who, actor, reservation, visible) => {
    expect(mayLookUp(actor, reservation)).toBe(visible);
  });
});

describe('Rule: a reservation at an instant', () => {
  it('builds a new hold: expiry rounded up to the minute is its bucket; pickup ready after the lead time in opening hours', () => {
    const r = newReservation({
      reservationId: 'R',
      store: store(),
      customerId: undefined,
      lines: [{ sku: 'A', quantity: 1 }],
      holdMinutes: 30,
      now: new Date('2026-11-23T10:00:20Z'),
    });
    expect(r).toMatchObject({ status: 'held', holdUntil: '2026-11-23T10:31:00.000Z', pickupReadyAt: '2026-11-23T11:00:20.000Z' });
    expect(r.holdBucket).toBe(String(Date.parse('2026-11-23T10:31:00Z') / 1000));
    expect(r).not.toHaveProperty('customerId');
  });

  it('has no pickup time at a store that does not offer pickup', () => {
    const r = newReservation({ reservationId: 'R', store: store({ services: [] }), customerId: 'c', lines: [], holdMinutes: 5, now });
    expect(r.pickupReadyAt).toBeNull();
  });

  it('reads a hold past its time as expired, at its exact end', () => {
    expect(statusAt(record(), now)).toBe('held');
    expect(statusAt(record(), new Date('2026-11-23T10:20:00Z'))).toBe('expired');
    expect(statusAt(record({ status: 'confirmed' }), new Date('2026-11-24T00:00:00Z'))).toBe('confirmed');
    expect(reservationAt(record(), new Date('2026-11-23T11:00:00Z'))).not.toHaveProperty('holdBucket');
  });

  it('counts a hold as lapsed when its time passed or a line showed its bucket gone', () => {
    expect(holdLapsed(record(), now)).toBe(false);
    expect(holdLapsed(record(), now, true)).toBe(true);
    expect(holdLapsed(record(), new Date('2026-11-23T10:20:00Z'))).toBe(true);
    expect(holdLapsed(record({ status: 'confirmed' }), now, true)).toBe(false);
  });

  it('says how many items a hold is for', () => {
    expect(heldSummary({ lines: [{ sku: 'A', quantity: 1 }] }, 'Sol')).toBe('1 item reserved for pickup at Sol');
    expect(
      heldSummary(
        {
          lines: [
            { sku: 'A', quantity: 2 },
            { sku: 'B', quantity: 1 },
          ],
        },
        'Sol',
      ),
    ).toBe('3 items reserved for pickup at Sol');
  });
});

describe('Rule: confirm and cancel asked for directly', () => {
  it.each([
    ['held', 'confirm', false, 'write'],
    ['confirmed', 'confirm', false, 'as-is'],
    ['fulfilled', 'confirm', false, 'as-is'],
    ['held', 'cancel', false, 'write'],
    ['held', 'cancel', true, 'write'],
    ['confirmed', 'cancel', false, 'write'],
    ['cancelled', 'cancel', false, 'as-is'],
  ] as const)('%s, %s (lapsed: %s) → %s', (status, action, lapsed, answer) => {
    expect(requestedTransition({ status }, action, lapsed)).toBe(answer);
  });

  it.each([
    ['a cancelled reservation is not confirmed', { status: 'cancelled' }, 'confirm', false, 'reservation-cancelled'],
    ['a lapsed hold is not confirmed', { status: 'held' }, 'confirm', true, 'reservation-expired'],
    ['an order’s reservation is cancelled with its order', { status: 'confirmed', orderId: 'O1' }, 'cancel', false, 'reservation-of-order'],
  ] as const)('refuses: %s', (_what, r, action, lapsed, code) => {
    expect(refusal(() => requestedTransition(r, action, lapsed))).toMatchObject({ kind: 'conflict', code });
  });
});

describe('Rule: what a transition does to the units on the lines', () => {
  it.each([
    ['held', 'confirm', false, 'hold-to-confirmed'],
    ['held', 'cancel', false, 'hold-to-free'],
    ['held', 'cancel', true, undefined],
    ['confirmed', 'confirm', false, undefined],
    ['confirmed', 'cancel', false, 'confirmed-to-free'],
    ['confirmed', 'fulfil', false, 'confirmed-out'],
  ] as Array<[ReservationStatus, Transition, boolean, LineMove | undefined]>)(
    '%s, %s (lapsed: %s) → %s',
    (stored, action, lapsed, move) => {
      expect(lineMove(stored, action, lapsed)).toBe(move);
    },
  );

  it.each([
    ['held', 'confirm', true, 'reservation-expired'],
    ['held', 'fulfil', false, 'reservation-not-active'],
    ['held', 'fulfil', true, 'reservation-expired'],
    ['cancelled', 'cancel', false, 'reservation-not-active'],
    ['cancelled', 'confirm', false, 'reservation-not-active'],
    ['fulfilled', 'cancel', false, 'reservation-not-active'],
  ] as Array<[ReservationStatus, Transition, boolean, string]>)('refuses %s, %s (lapsed: %s): %s', (stored, action, lapsed, code) => {
    expect(refusal(() => lineMove(stored, action, lapsed))).toMatchObject({ kind: 'conflict', code });
  });
});

describe('Rule: why a transition was refused', () => {
  it('decides again when the reservation moved, retries as lapsed when a hold is as read, gives up otherwise', () => {
    expect(whyRefused('held', 'confirmed')).toBe('moved');
    expect(whyRefused('held', 'cancelled')).toBe('moved');
    expect(whyRefused('held', 'held')).toBe('hold-gone');
    expect(whyRefused('confirmed', 'confirmed')).toBe('line-refused');
  });
});

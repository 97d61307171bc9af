import { describe, expect, it } from 'vitest';
import { maskedIdentities, noteEntry, noteFromEntry, openReservations, waitingPickups } from '#shared/contact-center/rules.ts';
import type { Reservation } from '#shared/inventory/index.ts';
import type { Order } from '#shared/orders/index.ts';
import { timelineKindOf } from '#shared/platform/timeline.ts';

const order = (over: Partial<Order>): Order =>
  ({ orderId: 'O1', channel: 'web', status: 'placed', placedAt: '2026-11-24T10:00:00.000Z', lines: [], ...over }) as Order;
const reservation = (status: Reservation['status']) => ({ reservationId: status, status }) as Reservation;

describe('Function: maskedIdentities', () => {
  it('masks the e-mail and the phone, leaves out what the customer has not given', () => {
    expect(maskedIdentities({ email: 'lucia@example.com', phone: '+34612345678', loyalty: 'OMNI100234' })).toEqual({
      email: 'l***@example.com',
      phone: '+34 *** *** 678',
    });
    expect(maskedIdentities({})).toEqual({});
  });
});

describe('Function: openReservations', () => {
  it('keeps held and confirmed reservations only', () => {
    const all = (['held', 'confirmed', 'cancelled', 'expired', 'fulfilled'] as const).map(reservation);
    expect(openReservations(all).map((r) => r.status)).toEqual(['held', 'confirmed']);
  });
});

describe('Function: waitingPickups', () => {
  it('lists pickups being prepared or ready, with their store and deadline; nothing else', () => {
    const ready = order({
      orderId: 'READY',
      status: 'ready_for_pickup',
      pickupStoreId: 'mad-sol',
      readyAt: '2026-11-24T11:00:00+01:00',
      pickupDeadline: '2026-12-01T11:00:00+01:00',
    });
    const placed = order({ orderId: 'PLACED', pickupStoreId: 'mad-goya' });
    const shipped = order({ orderId: 'SHIP', status: 'shipped' });
    const collected = order({ orderId: 'DONE', status: 'picked_up', pickupStoreId: 'mad-sol' });
    const inStore = order({ orderId: 'TILL' }); // placed, no pickup store: an in-store sale
    expect(waitingPickups([ready, placed, shipped, collected, inStore])).toEqual([
      {
        orderId: 'READY',
        storeId: 'mad-sol',
        status: 'ready_for_pickup',
        readyAt: '2026-11-24T11:00:00+01:00',
        pickupDeadline: '2026-12-01T11:00:00+01:00',
      },
      { orderId: 'PLACED', storeId: 'mad-goya', status: 'placed' },
    ]);
  });
});

describe('Functions: noteEntry, noteFromEntry', () => {
  it('keeps a note on the timeline as kind note with its author, and reads it back', () => {
    const by = { kind: 'agent' as const, id: 'agent-ana' };
    const entry = noteEntry({ channel: 'chat', reason: 'Return question', text: 'Wants a courier.' }, by);
    expect(timelineKindOf(entry.type)).toBe('note');
    expect(entry).toMatchObject({ summary: 'chat contact: Return question', actor: by, text: 'Wants a courier.' });
    expect(noteFromEntry({ entryId: 'N1', at: '2026-11-24T10:00:00.000Z', kind: 'note', ...entry })).toEqual({
      noteId: 'N1',
      at: '2026-11-24T10:00:00.000Z',
      channel: 'chat',
      reason: 'Return question',
      text: 'Wants a courier.',
      by,
    });
  });
});

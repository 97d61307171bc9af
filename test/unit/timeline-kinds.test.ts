import { describe, expect, it } from 'vitest';
import { timelineKinds } from '#shared/platform/schemas.ts';
import { timelineKindOf } from '#shared/platform/timeline.ts';

describe('Function: timelineKindOf', () => {
  // Every type the code base writes (and the ones the contact center's actions on orders write).
  it.each([
    ['order.placed', 'order'],
    ['order.ready_for_pickup', 'order'],
    ['order.picked_up', 'order'],
    ['order.shipped', 'order'],
    ['order.delivered', 'order'],
    ['order.cancelled', 'order'],
    ['order.expired', 'order'],
    ['order.linked', 'order'],
    ['guest.merged', 'order'],
    ['pickup.extended', 'order'],
    ['pickup.moved', 'order'],
    ['order.returned', 'return'],
    ['order.exchanged', 'return'],
    ['return.authorized', 'return'],
    ['return.received', 'return'],
    ['reservation.held', 'reservation'],
    ['reservation.confirmed', 'reservation'],
    ['reservation.cancelled', 'reservation'],
    ['reservation.fulfilled', 'reservation'],
    ['reservation.expired', 'reservation'],
    ['appointment.booked', 'appointment'],
    ['appointment.cancelled', 'appointment'],
    ['appointment.rescheduled', 'appointment'],
    ['appointment.completed', 'appointment'],
    ['appointment.no_show', 'appointment'],
    ['store.visited', 'visit'],
    ['offer.redeemed', 'offer'],
    ['consent.granted', 'consent'],
    ['consent.withdrawn', 'consent'],
    ['profile.created', 'consent'],
    ['identity.added', 'consent'],
    ['identity.removed', 'consent'],
    ['notification.sent', 'message'],
    ['notification.failed', 'message'],
    ['note.added', 'note'],
  ])('reads %s as %s', (type, kind) => {
    expect(timelineKindOf(type)).toBe(kind);
  });

  it('gives every kind at least one type', () => {
    const seen = new Set(
      ['order.placed', 'reservation.held', 'appointment.booked', 'store.visited', 'offer.redeemed', 'consent.granted']
        .concat('notification.sent', 'order.returned', 'note.added')
        .map(timelineKindOf),
    );
    expect([...seen].sort()).toEqual([...timelineKinds].sort());
  });

  it.each(['unknown.thing', 'orders', '', '.placed', 'constructor.x', 'toString'])('throws for a type of no known subject (%j)', (type) => {
    expect(() => timelineKindOf(type)).toThrow(/has no kind/);
  });
});

// Events the inventory module publishes (outbox → EventBridge).

import { defineEvent } from '../platform/events.ts';
import type { Reservation } from './reservation-schemas.ts';

type ReservationChange = { reservationId: string; storeId: string; lines: Reservation['lines']; orderId?: string };

export const reservationEvents = {
  held: defineEvent<Reservation>('reservation.held', 'Units were held for a pickup reservation.'),
  confirmed: defineEvent<ReservationChange>(
    'reservation.confirmed',
    'A held reservation was confirmed (directly, or taken over by an order).',
  ),
  cancelled: defineEvent<ReservationChange>('reservation.cancelled', 'A reservation was cancelled and its units released.'),
  fulfilled: defineEvent<ReservationChange>('reservation.fulfilled', "A reservation's units left the store at the pickup hand-over."),
};

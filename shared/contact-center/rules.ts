// Rules: what the contact center shows of a customer — masked identities on a search hit, the
// card's open reservations and waiting pickups, a note as the timeline keeps it. Pure.

import type { Reservation } from '../inventory/index.ts';
import type { Order } from '../orders/index.ts';
import type { ActorRef } from '../platform/actor.ts';
import type { TimelineEntry } from '../platform/schemas.ts';
import { maskEmail, maskPhone, type Profile } from '../profiles/index.ts';
import type { Note, NoteCommand } from './schemas.ts';

/** Card bounds: orders, reservations, appointments, offers and notes shown. */
export const CARD_ORDERS = 20;
export const CARD_RESERVATIONS = 20;
export const CARD_APPOINTMENTS = 10;
export const CARD_OFFERS = 10;
export const CARD_NOTES = 10;
/** Timeline entries read for the card's recent visits, and visits shown. */
export const VISIT_WINDOW = 50;
export const CARD_VISITS = 5;

/** The customer's e-mail and phone as an agent sees them: masked, to confirm with the caller. */
export function maskedIdentities(identities: Profile['identities']): { email?: string; phone?: string } {
  return {
    ...(identities.email ? { email: maskEmail(identities.email) } : {}),
    ...(identities.phone ? { phone: maskPhone(identities.phone) } : {}),
  };
}

/** The line a search hit shows about the customer's latest order. */
export const lastOrderLine = (order: Order) => ({
  orderId: order.orderId,
  channel: order.channel,
  status: order.status,
  placedAt: order.placedAt,
});

/** Reservations still holding stock for the customer. */
export const openReservations = (reservations: Reservation[]) =>
  reservations.filter((r) => r.status === 'held' || r.status === 'confirmed');

/** Orders waiting in a store for the customer: being prepared or ready, with their deadline. */
export function waitingPickups(orders: Order[]) {
  return orders.flatMap((o) =>
    o.pickupStoreId && (o.status === 'placed' || o.status === 'ready_for_pickup')
      ? [
          {
            orderId: o.orderId,
            storeId: o.pickupStoreId,
            status: o.status,
            ...(o.readyAt ? { readyAt: o.readyAt } : {}),
            ...(o.pickupDeadline ? { pickupDeadline: o.pickupDeadline } : {}),
          },
        ]
      : [],
  );
}

/** The timeline entry type of an interaction note. */
export const NOTE_ENTRY_TYPE = 'note.added';

/** A note as the timeline keeps it: the reason as its summary, the channel as its ref, the author and the words. */
export function noteEntry(command: NoteCommand, by: ActorRef) {
  return {
    type: NOTE_ENTRY_TYPE,
    summary: `${command.channel} contact: ${command.reason}`,
    ref: { channel: command.channel, reason: command.reason },
    actor: { kind: by.kind, id: by.id },
    text: command.text,
  };
}

/** A note read back from its timeline entry. */
export function noteFromEntry(entry: TimelineEntry): Omit<Note, 'customerId'> {
  return {
    noteId: entry.entryId,
    at: entry.at,
    channel: (entry.ref?.channel ?? 'phone') as Note['channel'],
    reason: entry.ref?.reason ?? entry.summary,
    text: entry.text ?? '',
    by: entry.actor ?? { kind: 'unknown', id: 'unknown' },
  };
}

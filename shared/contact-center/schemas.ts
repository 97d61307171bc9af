// Schemas: the contact center's API — the chain-wide search, the agent's card, the timeline
// by kind, interaction notes.

import * as z from 'zod';
import { reservationSchema } from '../inventory/index.ts';
import { preferencesSchema } from '../notifications/index.ts';
import { cardAppointment, matchKinds, orderSchema } from '../orders/index.ts';
import { customerIdSchema, isoDateTime, queryInt, timelineEntrySchema, timelineKinds } from '../platform/schemas.ts';
import { loyaltyTiers, profileSchema } from '../profiles/index.ts';

export const customerPath = z.object({ customerId: customerIdSchema });

/** GET /customers?q= — e-mail, phone in any format, loyalty number or order number. */
export const customerSearchQuery = z
  .object({ q: z.string().trim().min(3, 'Type at least 3 characters.').max(254, 'At most 254 characters.') })
  .strict();

const lastOrder = z.object({ orderId: z.string(), channel: z.string(), status: z.string(), placedAt: isoDateTime });

export const customerHitSchema = z.object({
  customerId: z.string(),
  name: z.string().optional(),
  loyaltyTier: z.enum(loyaltyTiers),
  /** Masked (l***@example.com): enough for the caller to recognise, not to copy. */
  email: z.string().optional(),
  /** Masked (+34 *** *** 678). */
  phone: z.string().optional(),
  matchedBy: z.enum(matchKinds),
  lastOrder: lastOrder.optional(),
});
export type CustomerHit = z.output<typeof customerHitSchema>;
export const customerSearchResponse = z.object({ items: z.array(customerHitSchema) });

export const timelineQuery = z
  .object({
    kind: z.enum(timelineKinds).optional(),
    limit: queryInt(1, 100).default(25),
    cursor: z.string().min(1).max(1024).optional(),
  })
  .strict();

export const noteChannels = ['phone', 'email', 'chat'] as const;
export const noteBody = z
  .object({
    channel: z.enum(noteChannels),
    /** Why they contacted us, in a few words ("return question"). */
    reason: z.string().trim().min(1, 'Must not be empty.').max(120),
    text: z.string().trim().min(1, 'Must not be empty.').max(2000),
  })
  .strict();
export type NoteCommand = z.output<typeof noteBody>;

export const noteSchema = z.object({
  noteId: z.string(),
  customerId: z.string(),
  at: isoDateTime,
  channel: z.enum(noteChannels),
  reason: z.string(),
  text: z.string(),
  /** Who wrote it: `{ kind: 'agent', id }` (or staff). */
  by: z.object({ kind: z.string(), id: z.string() }),
});
export type Note = z.output<typeof noteSchema>;

const entry = timelineEntrySchema.pick({ entryId: true, at: true, type: true, summary: true, ref: true });

export const agentCardSchema = z.object({
  customerId: z.string(),
  name: z.string().optional(),
  loyaltyTier: z.enum(loyaltyTiers),
  guest: z.boolean(),
  email: z.string().optional(),
  phone: z.string().optional(),
  hasLoyaltyCard: z.boolean(),
  preferredStoreId: z.string().optional(),
  sizes: profileSchema.shape.sizes,
  favouriteCategories: z.array(z.string()),
  consents: profileSchema.shape.consents,
  communicationPreferences: preferencesSchema,
  /** Pickups this customer let expire (chain-wide). */
  uncollectedPickups: z.number().int(),
  /** The latest orders from every channel, newest first, with their lines, status and returns / exchanges. */
  orders: z.array(orderSchema),
  /** More orders than shown (their history is on the timeline, kind=order). */
  moreOrders: z.boolean(),
  /** Pickups waiting in a store, with when they are ready and until when they are held. */
  pickups: z.array(
    z.object({
      orderId: z.string(),
      storeId: z.string(),
      status: z.string(),
      readyAt: isoDateTime.optional(),
      pickupDeadline: isoDateTime.optional(),
    }),
  ),
  /** Reservations still held or confirmed, with until when. */
  reservations: z.array(reservationSchema),
  /** Booked appointments from now on, soonest first. */
  appointments: z.array(cardAppointment),
  recentVisits: z.array(z.object({ at: isoDateTime, storeId: z.string().optional(), summary: z.string() })),
  redeemedOffers: z.array(entry),
  /** Earlier contacts: agents' and associates' notes, newest first. */
  earlierContacts: z.array(noteSchema.omit({ customerId: true })),
});
export type AgentCard = z.output<typeof agentCardSchema>;

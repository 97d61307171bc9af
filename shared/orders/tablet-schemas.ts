// Schemas: the store tablet's pickups, handover, customer search and card, and the pickup policy.
// What both customer cards (the tablet's and the contact center's) show is in card-schemas.ts.

import * as z from 'zod';
import { externalId, isoDateTime, page, queryInt } from '../platform/schemas.ts';
import { loyaltyTiers } from '../profiles/index.ts';
import { cardAppointment, matchKinds } from './card-schemas.ts';
import { channels, orderId, orderSchema, orderStatuses } from './schemas.ts';

// ── the store tablet ─────────────────────────────────────────────────────────────────────

export const pickupPath = z.object({ storeId: externalId, orderId });

export const pickupListQuery = z
  .object({
    status: z.enum(['ready', 'placed']).default('ready'),
    limit: queryInt(1, 100).default(25),
    cursor: z.string().min(1).max(1024).optional(),
  })
  .strict();

export const pickupSchema = z.object({
  orderId: z.string(),
  channel: z.enum(channels),
  channelOrderId: z.string(),
  customerId: z.string(),
  customerName: z.string().optional(),
  status: z.enum(orderStatuses),
  /** Only this store's pickup lines. */
  lines: z.array(z.object({ sku: z.string(), quantity: z.number().int() })),
  placedAt: isoDateTime,
  readyAt: isoDateTime.optional(),
  pickupDeadline: isoDateTime.optional(),
  pickupLocked: z.boolean(),
});
export type Pickup = z.output<typeof pickupSchema>;

export const handoverBody = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, 'The pickup code is 6 digits.'),
  })
  .strict();

export const customerSearchQuery = z
  .object({
    /** E-mail, phone (any format), loyalty number or order number. */
    q: z.string().trim().min(3, 'Type at least 3 characters.').max(254),
    /** Pages through the card's orders. */
    limit: queryInt(1, 50).default(10),
    cursor: z.string().min(1).max(1024).optional(),
  })
  .strict();

/** PUT /stores/{storeId}/pickup-policy: how long a ready pickup is held, when its reminder goes out, how far it may be extended. */
export const pickupPolicyBody = z
  .object({
    holdDays: z.number().int().min(1, 'holdDays must be at least 1.').max(30, 'holdDays is at most 30.'),
    reminderHoursBefore: z.number().int().min(0).max(168, 'reminderHoursBefore is at most 168 (a week).'),
    maxExtensionDays: z.number().int().min(0).max(30, 'maxExtensionDays is at most 30.'),
  })
  .strict()
  .refine((p) => p.reminderHoursBefore < p.holdDays * 24, {
    path: ['reminderHoursBefore'],
    message: 'The reminder must come after the order is ready: fewer hours than holdDays × 24.',
  });
export type PickupPolicy = z.output<typeof pickupPolicyBody>;
export const pickupPolicySchema = z.object({
  storeId: z.string(),
  holdDays: z.number().int(),
  reminderHoursBefore: z.number().int(),
  maxExtensionDays: z.number().int(),
  /** False while the store uses the chain's defaults. */
  custom: z.boolean(),
  updatedAt: isoDateTime.optional(),
});

export const customerCardSchema = z.object({
  customerId: z.string(),
  matchedBy: z.enum(matchKinds),
  name: z.string().optional(),
  loyaltyTier: z.enum(loyaltyTiers),
  guest: z.boolean(),
  consents: z.object({ marketing: z.boolean(), proximity: z.boolean() }),
  /** Pickups this customer let expire (chain-wide). */
  uncollectedPickups: z.number().int(),
  orders: page(orderSchema),
  /** Orders waiting at this store: ready to hand over, or still being prepared. */
  pickupsHere: z.object({ ready: z.array(pickupSchema), preparing: z.array(pickupSchema) }),
  /** Booked appointments from the start of today (store time) on, soonest first. */
  appointments: z.array(cardAppointment),
  presence: z.object({ inThisStore: z.boolean(), storeId: z.string().optional(), since: isoDateTime.optional() }),
  recentVisits: z.array(z.object({ at: isoDateTime, storeId: z.string().optional(), summary: z.string() })),
});
export type CustomerCard = z.output<typeof customerCardSchema>;

// ── the contact center acting for the customer ───────────────────────────────────────────

/** POST /orders/{orderId}/pickup/extend: a later deadline, within the store's maxExtensionDays. */
export const pickupExtendBody = z
  .object({ until: isoDateTime })
  .strict()
  .meta({ examples: [{ until: '2026-12-03T20:00:00+01:00' }] });

/** POST /orders/{orderId}/pickup/move: collect at another store that offers pickup. */
export const pickupMoveBody = z
  .object({ storeId: externalId })
  .strict()
  .meta({ examples: [{ storeId: 'mad-goya' }] });

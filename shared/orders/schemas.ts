// Schemas: an order as every reader sees it (its lines, statuses, returns), its paths and a
// status change. Placing an order's requests are in placing-schemas.ts (only the
// order-placing function carries them), a return's in return-schemas.ts, the store tablet's
// in tablet-schemas.ts.

import * as z from 'zod';
import { externalId, isoDateTime } from '../platform/schemas.ts';

export const channels = ['web', 'app', 'store', 'contact_center'] as const;
export type Channel = (typeof channels)[number];
export const fulfilments = ['ship', 'pickup', 'in_store'] as const;
export const orderStatuses = [
  'placed',
  'ready_for_pickup',
  'picked_up',
  'shipped',
  'delivered',
  'cancelled',
  'returned',
  'expired',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const ulidId = (what: string) => z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, `Not ${what}.`);
export const orderId = ulidId('an order id');

const orderLineSchema = z.object({
  sku: z.string(),
  quantity: z.number().int(),
  price: z.number().int(),
  category: z.string().optional(),
  fulfilment: z.enum(fulfilments),
  storeId: z.string().optional(),
  reservationId: z.string().optional(),
  /** A ship line's warehouse, and its promise fixed when the order was placed. */
  fromLocationId: z.string().optional(),
  shipsOn: z.iso.date().optional(),
  arrivesBy: z.iso.date().optional(),
  /** Units given back (returns and the returned side of exchanges). */
  returnedQuantity: z.number().int(),
});
export type OrderLine = z.output<typeof orderLineSchema>;

export const orderSchema = z.object({
  orderId: z.string(),
  channel: z.enum(channels),
  channelOrderId: z.string(),
  customerId: z.string(),
  status: z.enum(orderStatuses),
  currency: z.string(),
  /** Sum of quantity × price, in minor units. */
  total: z.number().int(),
  lines: z.array(orderLineSchema),
  /** The store the pickup lines are collected at. */
  pickupStoreId: z.string().optional(),
  /** Where the ship lines go, and the latest of their promises. */
  shipTo: z.object({ postalCode: z.string(), country: z.string().optional() }).optional(),
  arrivesBy: z.iso.date().optional(),
  /** An associate-assisted order: the store it was sold in, and the associate. */
  soldAt: z.object({ storeId: z.string(), associateId: z.string() }).optional(),
  /** Too many wrong pickup codes: re-issue the code to unlock. */
  pickupLocked: z.boolean().optional(),
  placedAt: isoDateTime,
  readyAt: isoDateTime.optional(),
  pickedUpAt: isoDateTime.optional(),
  shippedAt: isoDateTime.optional(),
  deliveredAt: isoDateTime.optional(),
  cancelledAt: isoDateTime.optional(),
  returnedAt: isoDateTime.optional(),
  /** Not collected by its pickup deadline: cancelled, its units back in stock. */
  expiredAt: isoDateTime.optional(),
  /** When a ready pickup expires if not collected (from the store's pickup policy, snapshotted when it became ready). */
  pickupDeadline: isoDateTime.optional(),
  /** The deadline the pickup had before it was first extended: extensions count from it (maxExtensionDays). */
  originalPickupDeadline: isoDateTime.optional(),
  /** The store's pickup policy as it was when the order became ready. */
  pickupTerms: z
    .object({ holdDays: z.number().int(), reminderHoursBefore: z.number().int(), maxExtensionDays: z.number().int() })
    .optional(),
  /** Returns and exchanges, oldest first. */
  returns: z
    .array(
      z.object({
        returnId: z.string(),
        at: isoDateTime,
        /** Where the goods came back: a store id, or a warehouse's stock location (`warehouse:<id>`). */
        storeId: z.string(),
        lines: z.array(z.object({ sku: z.string(), quantity: z.number().int(), exchangeSku: z.string().optional() })),
        /** A return received against a return authorization: its id, and the amount refunded (minor units). */
        rmaId: z.string().optional(),
        refund: z.number().int().optional(),
      }),
    )
    .optional(),
  updatedAt: isoDateTime,
});
export type Order = z.output<typeof orderSchema>;

export const orderPathSchema = z.object({ orderId });
export const storeIdPath = z.object({ storeId: externalId });

/** The statuses a caller sets (returned comes from returns; picked_up by staff through the handover). */
export const statusChangeBody = z
  .object({ status: z.enum(['ready_for_pickup', 'picked_up', 'shipped', 'delivered', 'cancelled']) })
  .strict()
  .meta({ examples: [{ status: 'shipped' }] });

export const pickupCodeSchema = z.object({ orderId: z.string(), pickupCode: z.string() });

// Schemas: placing an order — from a channel (POST /orders) or by an associate for a walk-in
// (POST /stores/{storeId}/orders): its lines, who the customer is, where it ships, and the
// answer. Apart from schemas.ts so a function that only reads orders does not carry them.

import * as z from 'zod';
import { postalCode } from '../fulfilment/index.ts';
import { customerIdSchema, externalId, isoDateTime } from '../platform/schemas.ts';
import { channels, fulfilments, orderSchema, ulidId } from './schemas.ts';

/** Lines per order: each pickup line may become a stock item in the order's one transaction (limit 100). */
const MAX_ORDER_LINES = 50;
/** Channel order ids are printed on receipts and typed on the tablet: case-insensitive, kept upper-case. */
const channelOrderId = z
  .string()
  .trim()
  .pipe(externalId)
  .transform((s) => s.toUpperCase());

const orderLineInput = z
  .object({
    sku: externalId,
    quantity: z.number().int().min(1, 'quantity must be at least 1.').max(1000),
    /** Unit price in minor units of the order's currency (cents). */
    price: z.number().int().min(0).max(100_000_000),
    /** Merchandise category (e.g. "denim"); feeds the customer's purchase summary. */
    category: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .transform((c) => c.toLowerCase())
      .optional(),
    fulfilment: z.enum(fulfilments),
    /** The store of a pickup or in-store line. */
    storeId: externalId.optional(),
    /** A pickup line may take over the customer's existing reservation at that store. */
    reservationId: ulidId('a reservation id').optional(),
    /** A ship line's warehouse; without it, the warehouse with the earliest promise that has the units. */
    fromLocationId: externalId.optional(),
  })
  .strict()
  .superRefine((l, ctx) => {
    if (l.fulfilment !== 'ship' && !l.storeId) {
      ctx.addIssue({ code: 'custom', path: ['storeId'], message: `A ${l.fulfilment} line needs the storeId.` });
    }
    if (l.fulfilment === 'ship' && l.storeId) {
      ctx.addIssue({ code: 'custom', path: ['storeId'], message: 'A ship line has no store.' });
    }
    if (l.fromLocationId && l.fulfilment !== 'ship') {
      ctx.addIssue({ code: 'custom', path: ['fromLocationId'], message: 'Only a ship line leaves from a warehouse.' });
    }
    if (l.reservationId && l.fulfilment !== 'pickup') {
      ctx.addIssue({ code: 'custom', path: ['reservationId'], message: 'Only a pickup line takes over a reservation.' });
    }
  });
export type OrderLineInput = z.output<typeof orderLineInput>;

const customerRef = z
  .object({
    /** A known customer (their profile must exist). */
    customerId: customerIdSchema.optional(),
    /** …or who they are: resolved through the profile; unknown identities create a guest profile. */
    email: z.string().trim().min(1).max(254).optional(),
    phone: z.string().trim().min(1).max(40).optional(),
    loyalty: z.string().trim().min(1).max(40).optional(),
    /** ISO country to read a phone number without international prefix. */
    country: z.string().length(2).optional(),
    /** Kept on a guest profile created for this order. */
    name: z.string().trim().min(1).max(120).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const identities = [c.email, c.phone, c.loyalty].filter(Boolean).length;
    if (c.customerId && identities > 0) {
      ctx.addIssue({ code: 'custom', path: ['customerId'], message: 'Send either customerId or identities, not both.' });
    } else if (!c.customerId && identities === 0) {
      ctx.addIssue({ code: 'custom', path: [], message: 'Send customerId, or at least one of email, phone or loyalty.' });
    }
  });
export type CustomerRef = z.output<typeof customerRef>;

const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as EUR.')
  .default('EUR');

/** An order's lines name each SKU once (the total on one line), and ship lines need where to. */
function linesOnceShipTo(b: { lines: Array<{ sku: string; fulfilment: string }>; shipTo?: unknown }, ctx: z.RefinementCtx) {
  if (!b.shipTo && b.lines.some((l) => l.fulfilment === 'ship')) {
    ctx.addIssue({ code: 'custom', path: ['shipTo'], message: 'Ship lines need shipTo (at least its postalCode).' });
  }
  const seen = new Map<string, number>();
  b.lines.forEach((line, i) => {
    if (seen.has(line.sku)) {
      ctx.addIssue({
        code: 'custom',
        path: ['lines', i, 'sku'],
        message: `${line.sku} is also on line ${seen.get(line.sku)}; put the total on one line.`,
      });
    }
    seen.set(line.sku, i);
  });
}

export const shipTo = z
  .object({
    postalCode,
    /** ISO country of the address. */
    country: z.string().length(2).optional(),
  })
  .strict();

export const createOrderBody = z
  .object({
    channel: z.enum(channels),
    /** The channel's own order number: sending the same again returns the order placed the first time. */
    channelOrderId,
    customer: customerRef,
    currency: currencyCode,
    lines: z.array(orderLineInput).min(1).max(MAX_ORDER_LINES),
    /** When the channel took the order (defaults to now; not more than 5 minutes ahead). */
    placedAt: isoDateTime.optional(),
    /** Where the ship lines go (needed when there are any): the delivery promise is made to it. */
    shipTo: shipTo.optional(),
  })
  .strict()
  .superRefine(linesOnceShipTo)
  .meta({
    examples: [
      {
        channel: 'web',
        channelOrderId: 'WEB-100234',
        customer: { email: 'lucia@example.com', name: 'Lucía García' },
        currency: 'EUR',
        lines: [
          { sku: 'JEAN-SLIM-BLU-38', quantity: 1, price: 7995, fulfilment: 'pickup', storeId: 'mad-sol', category: 'denim' },
          { sku: 'TEE-BASIC-WHT-M', quantity: 2, price: 1295, fulfilment: 'ship', category: 'tops' },
        ],
        shipTo: { postalCode: '28013', country: 'ES' },
      },
    ],
  });
export type CreateOrderRequest = z.output<typeof createOrderBody>;

/** The create answer: the channel sees the pickup code once, here; the customer receives it in their ready-for-pickup message. */
export const createdOrderSchema = orderSchema.extend({
  pickupCode: z.string().optional(),
  /** The customer was not known by these identities: a guest profile was created. */
  guestCreated: z.boolean().optional(),
});

/** An associate's line: the price and category come from the catalogue. */
const assistedLine = z
  .object({
    sku: externalId,
    quantity: z.number().int().min(1, 'quantity must be at least 1.').max(1000),
    /** ship: home delivery from a warehouse; pickup: at another store; in_store: taken now, in this store. */
    fulfilment: z.enum(fulfilments),
    /** The pickup store (another store of the chain). */
    storeId: externalId.optional(),
    /** A ship line's warehouse, if the associate chose one. */
    fromLocationId: externalId.optional(),
  })
  .strict()
  .superRefine((l, ctx) => {
    if (l.fulfilment === 'pickup' && !l.storeId)
      ctx.addIssue({ code: 'custom', path: ['storeId'], message: 'A pickup line needs the storeId.' });
    if (l.fulfilment !== 'pickup' && l.storeId) {
      ctx.addIssue({ code: 'custom', path: ['storeId'], message: 'Only a pickup line names a store (in_store is this store).' });
    }
    if (l.fromLocationId && l.fulfilment !== 'ship') {
      ctx.addIssue({ code: 'custom', path: ['fromLocationId'], message: 'Only a ship line leaves from a warehouse.' });
    }
  });

/** POST /stores/{storeId}/orders: an associate sells to a walk-in, named by an identity. */
export const assistedOrderBody = z
  .object({
    customer: customerRef,
    lines: z.array(assistedLine).min(1).max(MAX_ORDER_LINES),
    shipTo: shipTo.optional(),
    currency: currencyCode,
  })
  .strict()
  .superRefine(linesOnceShipTo);
export type AssistedOrderRequest = z.output<typeof assistedOrderBody>;

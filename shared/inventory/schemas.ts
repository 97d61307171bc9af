// Schemas: the inventory module's requests, responses and records of stock and the stock
// feed. Reservations' are in reservation-schemas.ts (the contact center's card shows
// reservations and carries none of these); the store directory's are in
// shared/stores/schemas.ts.

import * as z from 'zod';
import { externalId, isoDateTime, queryInt, requestKeySchema } from '../platform/schemas.ts';
import { geoQuery, nearbyStoreSchema } from '../stores/index.ts';

const MAX_SKUS_PER_CALL = 100;
/** Availability: stores per call (SKUs × stores key reads, in parallel batches of 100). */
const MAX_AVAILABILITY_STORES = 20;
const MAX_EVENTS_PER_CALL = 100;

/** A comma-separated list of SKUs in a query string, each a URL-safe id, no repeats. */
const skuList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(externalId)
      .min(1, 'Give at least one SKU.')
      .max(MAX_SKUS_PER_CALL, `At most ${MAX_SKUS_PER_CALL} SKUs per call.`)
      .refine((list) => new Set(list).size === list.length, 'A SKU is listed twice.'),
  );

export const availabilityQuery = z
  .object({
    skus: skuList,
    ...geoQuery,
    limit: queryInt(1, MAX_AVAILABILITY_STORES).default(10),
  })
  .strict();
export type AvailabilitySearch = z.output<typeof availabilityQuery>;

const stockStatus = z.enum(['in_stock', 'low_stock', 'out_of_stock']);

export const availabilityResponse = z.object({
  at: isoDateTime,
  skus: z.array(z.string()),
  stores: z.array(
    nearbyStoreSchema.pick({ storeId: true, name: true, distanceKm: true, openNow: true }).extend({
      /** null when the store offers no pickup or does not open within two weeks. */
      pickupReadyAt: isoDateTime.nullable(),
      skusAvailable: z.number().int(),
      items: z.array(z.object({ sku: z.string(), status: stockStatus, available: z.number().int().min(0) })),
    }),
  ),
});
export type Availability = z.output<typeof availabilityResponse>;

export const stockQuery = z
  .object({
    sku: skuList.optional(),
    limit: queryInt(1, 100).default(50),
    cursor: z.string().min(1).max(1024).optional(),
  })
  .strict()
  .refine((q) => !(q.sku && q.cursor), { message: 'Send either sku or cursor, not both.', path: ['cursor'] });
export type StockQuery = z.output<typeof stockQuery>;

const stockLineSchema = z.object({
  sku: z.string(),
  onHand: z.number().int(),
  safetyStock: z.number().int(),
  reserved: z.number().int(),
  held: z.number().int(),
  confirmed: z.number().int(),
  available: z.number().int().min(0),
  status: stockStatus,
  updatedAt: isoDateTime.optional(),
});

export const stockListResponse = z.object({
  storeId: z.string(),
  at: isoDateTime,
  items: z.array(stockLineSchema),
  /** SKUs asked for by name that the store has never had a stock line for. */
  unknownSkus: z.array(z.string()).optional(),
  nextCursor: z.string().optional(),
});
export type StockList = z.output<typeof stockListResponse>;

const stockEventTypes = ['sale', 'receipt', 'return', 'adjustment', 'count'] as const;

/** One feed event; validated one by one so a bad event is reported, not fatal to the batch. */
export const stockEventSchema = z
  .object({
    eventId: requestKeySchema,
    sku: externalId,
    type: z.enum(stockEventTypes),
    /** Units; a count is the absolute on-hand, an adjustment is a signed correction. */
    quantity: z.number().int().min(-1_000_000).max(1_000_000),
    occurredAt: isoDateTime,
    /** Only on a count: restates the safety stock of the line. */
    safetyStock: z.number().int().min(0).max(1_000_000).optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.type === 'adjustment' && e.quantity === 0) {
      ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'An adjustment changes stock: it cannot be 0.' });
    } else if (e.type === 'count' && e.quantity < 0) {
      ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'A count cannot be negative.' });
    } else if ((e.type === 'sale' || e.type === 'receipt' || e.type === 'return') && e.quantity <= 0) {
      ctx.addIssue({ code: 'custom', path: ['quantity'], message: `A ${e.type} moves at least 1 unit (the type gives the direction).` });
    }
    if (e.safetyStock !== undefined && e.type !== 'count') {
      ctx.addIssue({ code: 'custom', path: ['safetyStock'], message: 'Only a count can restate the safety stock.' });
    }
  });
export type StockEvent = z.output<typeof stockEventSchema>;

export const stockEventsBody = z
  .object({ events: z.array(z.unknown()).min(1).max(MAX_EVENTS_PER_CALL, `At most ${MAX_EVENTS_PER_CALL} events per call.`) })
  .strict()
  .meta({
    examples: [
      {
        events: [
          { eventId: 'pos-7f3a-0001', sku: 'JEANS-501-32', type: 'sale', quantity: 1, occurredAt: '2026-11-23T11:02:00+01:00' },
          { eventId: 'wms-rcv-8812', sku: 'TEE-BASIC-M', type: 'receipt', quantity: 24, occurredAt: '2026-11-23T08:30:00+01:00' },
        ],
      },
    ],
  });

const stockEventResultSchema = z.object({
  index: z.number().int(),
  eventId: z.string().optional(),
  sku: z.string().optional(),
  result: z.enum(['applied', 'duplicate', 'stale', 'rejected']),
  reason: z.string().optional(),
  field: z.string().optional(),
});
export type StockEventResult = z.output<typeof stockEventResultSchema>;

export const stockEventsResponse = z.object({
  applied: z.number().int(),
  duplicate: z.number().int(),
  stale: z.number().int(),
  rejected: z.number().int(),
  results: z.array(stockEventResultSchema),
});
export type StockEventsOutcome = z.output<typeof stockEventsResponse>;

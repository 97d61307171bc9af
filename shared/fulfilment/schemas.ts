// Schemas: warehouses (where home deliveries and ship-to-store leave from, with the calendar
// their promise is computed in) and the product availability answer. A delivery's own shapes
// (the destination postal code, the promise) are in delivery-schemas.ts, which orders read.

import * as z from 'zod';
import { externalId, isoDateTime } from '../platform/schemas.ts';
import { isTimeZone } from '../runtime/zoned-time.ts';
import { geoQuery, weekdays } from '../stores/index.ts';
import { delivery, postalCode } from './delivery-schemas.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM (24-hour).');
const dates = z.array(z.iso.date()).max(366).default([]);

const warehouseFields = z
  .object({
    warehouseId: externalId,
    name: z.string().trim().min(1).max(120),
    location: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).strict(),
    timeZone: z.string().refine(isTimeZone, 'Not an IANA time zone (e.g. Europe/Madrid).'),
    /** Orders at or after this local time are dispatched the next working day. */
    cutoffTime: hhmm,
    /** Working days between the dispatch day and handing the parcel to the carrier. */
    handlingDays: z.number().int().min(0).max(10),
    /** Carrier transit days per destination postal-code prefix (the longest matching prefix wins). */
    transit: z
      .array(
        z
          .object({
            postalCodePrefix: z
              .string()
              .regex(/^[A-Z0-9]{1,10}$/, 'Upper-case letters and digits.')
              .transform((p) => p.toUpperCase()),
            days: z.number().int().min(1).max(30),
            /** The destination's own holidays (a region's): no delivery on them. */
            holidays: dates,
          })
          .strict(),
      )
      .min(1)
      .max(200),
    /** Weekdays carriers neither collect nor deliver (the warehouse dispatches on none of them either). */
    nonDeliveryWeekdays: z.array(z.enum(weekdays)).max(6).default(['sun']),
    /** The warehouse's holidays: no dispatch, no handling. */
    holidays: dates,
  })
  .strict();

/** A prefix listed twice would make the promise depend on the order of the list. */
function prefixesOnce(w: { transit: Array<{ postalCodePrefix: string }> }, ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  w.transit.forEach((t, i) => {
    if (seen.has(t.postalCodePrefix)) {
      ctx.addIssue({ code: 'custom', path: ['transit', i, 'postalCodePrefix'], message: `${t.postalCodePrefix} is listed twice.` });
    }
    seen.add(t.postalCodePrefix);
  });
}

export const warehouseSchema = warehouseFields.superRefine(prefixesOnce);
export type Warehouse = z.output<typeof warehouseSchema>;

export const warehouseBody = warehouseFields.extend({ warehouseId: externalId.optional() }).superRefine(prefixesOnce);
export type WarehouseUpsert = z.output<typeof warehouseBody>;
export const warehousePathSchema = z.object({ warehouseId: externalId });

export const productAvailabilityQuery = z
  .object({
    /** The store the tablet is in (or the shopper chose): units there now, and ship-to-store. */
    storeId: externalId.optional(),
    lat: geoQuery.lat.optional(),
    lon: geoQuery.lon.optional(),
    radiusKm: geoQuery.radiusKm,
    /** Where a home delivery goes: its "arrives by". */
    postalCode: postalCode.optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    if ((q.lat === undefined) !== (q.lon === undefined)) {
      ctx.addIssue({ code: 'custom', path: [q.lat === undefined ? 'lat' : 'lon'], message: 'Send lat and lon together.' });
    }
  });
export type ProductAvailabilityQuery = z.output<typeof productAvailabilityQuery>;

export const productAvailabilityResponse = z.object({
  styleId: z.string(),
  at: isoDateTime,
  storeId: z.string().optional(),
  postalCode: z.string().optional(),
  variants: z.array(
    z.object({
      sku: z.string(),
      colour: z.string(),
      size: z.string(),
      /** Units available in `storeId` now (absent without a storeId). */
      here: z.number().int().min(0).optional(),
      /** The nearest stores that have it, nearest first, with when a pickup reserved now could be ready. */
      nearby: z.array(
        z.object({
          storeId: z.string(),
          name: z.string(),
          distanceKm: z.number(),
          available: z.number().int(),
          pickupReadyAt: isoDateTime.nullable(),
        }),
      ),
      /** From the warehouse with the earliest promise to `storeId` (null: none has it, or no carrier serves the store). */
      shipToStore: delivery.nullable(),
      /** From the warehouse with the earliest promise to `postalCode` (null: none has it). */
      homeDelivery: delivery.nullable(),
    }),
  ),
});
export type ProductAvailability = z.output<typeof productAvailabilityResponse>;

// Schemas: a store in the directory, and the directory's API (its routes are served by
// functions/inventory; appointments, proximity, orders and the tablet read stores too).

import * as z from 'zod';
import { externalId, queryInt, queryNumber } from '../platform/schemas.ts';
import { isTimeZone } from '../runtime/zoned-time.ts';
import { type Weekday, weekdays } from './opening-hours.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'Use HH:MM (24-hour).');
export const timeRange = z
  .object({ open: hhmm, close: hhmm })
  .strict()
  .refine((r) => r.open < r.close, 'open must be before close');
export type TimeRange = z.infer<typeof timeRange>;

const dayHours = z.array(timeRange).max(4);

export const storeServices = ['pickup', 'stylist', 'returns'] as const;

export const storeSchema = z
  .object({
    storeId: externalId,
    name: z.string().trim().min(1).max(120),
    address: z
      .object({
        line1: z.string().min(1).max(200),
        city: z.string().min(1).max(100),
        postalCode: z.string().min(1).max(20),
        country: z.string().length(2),
      })
      .strict(),
    location: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).strict(),
    timeZone: z.string().refine(isTimeZone, 'Not an IANA time zone (e.g. Europe/Madrid).'),
    /** Weekly hours in the store's time zone; a missing day is closed. */
    openingHours: z
      .object(Object.fromEntries(weekdays.map((d) => [d, dayHours.optional()])) as Record<Weekday, z.ZodOptional<typeof dayHours>>)
      .strict(),
    /** Holidays and special days: `hours: []` is closed all day. */
    exceptions: z
      .array(z.object({ date: z.iso.date(), hours: dayHours, note: z.string().max(120).optional() }).strict())
      .max(366)
      .default([]),
    services: z.array(z.enum(storeServices)).max(storeServices.length).default([]),
    /** Minutes between a reservation and the pickup being ready, counted in opening hours. */
    pickupLeadMinutes: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60)
      .default(60),
    /** Available at or below this is "low_stock". */
    lowStockThreshold: z.number().int().min(0).max(10_000).default(3),
    status: z.enum(['open', 'closed']).default('open'),
  })
  .strict();
export type Store = z.output<typeof storeSchema>;

// ── the directory's API ─────────────────────────────────────────────────────────────

/** Search radius bound: beyond it a "nearby" search is a region search, which we do not serve. */
const MAX_RADIUS_KM = 50;
const MAX_NEARBY_STORES = 50;

const num = (min: number, max: number, what: string) =>
  queryNumber(`${what} must be a number.`).pipe(
    z.number().min(min, `${what} must be at least ${min}.`).max(max, `${what} must be at most ${max}.`),
  );

/** The circle of a nearby search, in a query string (availability searches the same way). */
export const geoQuery = {
  lat: num(-90, 90, 'lat'),
  lon: num(-180, 180, 'lon'),
  radiusKm: num(0.1, MAX_RADIUS_KM, 'radiusKm').default(10),
};

export const nearbyQuery = z
  .object({
    ...geoQuery,
    limit: queryInt(1, MAX_NEARBY_STORES).default(10),
    service: z.enum(storeServices).optional(),
  })
  .strict();
export type NearbySearch = z.output<typeof nearbyQuery>;

export const storePathSchema = z.object({ storeId: externalId });

export const storeUpsertBody = storeSchema.omit({ storeId: true }).extend({ storeId: externalId.optional() }).strict();
export type StoreUpsert = z.output<typeof storeUpsertBody>;

export const storeViewSchema = storeSchema.extend({ openNow: z.boolean() });
export type StoreView = z.output<typeof storeViewSchema>;

export const nearbyStoreSchema = z.object({
  storeId: z.string(),
  name: z.string(),
  address: storeSchema.shape.address,
  location: storeSchema.shape.location,
  distanceKm: z.number(),
  openNow: z.boolean(),
  services: z.array(z.enum(storeServices)),
  timeZone: z.string(),
});
export type NearbyStoreView = z.output<typeof nearbyStoreSchema>;

export const nearbyResponse = z.object({ items: z.array(nearbyStoreSchema) });

// Schemas: the slot searches — one store's free starts, and the stores around a point
// offering a service.

import * as z from 'zod';
import { externalId, isoDateTime } from '../platform/schemas.ts';
import { geoQuery } from '../stores/index.ts';

/** A date (YYYY-MM-DD, the store's calendar day) or an instant with offset. */
const dateOrInstant = z.union([z.iso.date(), isoDateTime]);

export const slotsQuery = z
  .object({
    serviceId: externalId,
    /** Inclusive; a date means that day's start in the store's time zone. */
    from: dateOrInstant,
    /** Exclusive instant, or an inclusive date (the whole day). At most 90 days after `from`. */
    to: dateOrInstant,
    stylistId: externalId.optional(),
  })
  .strict();

export const slotSchema = z.object({ start: isoDateTime, stylistIds: z.array(z.string()) });

/** GET /appointment-slots: the stores around a point offering a service (the chain-wide id, e.g. "cut"). */
export const nearbySlotsQuery = z
  .object({
    ...geoQuery,
    service: externalId,
    /** Inclusive; a date means that day's start in each store's time zone. */
    from: dateOrInstant,
    /** Exclusive instant, or an inclusive date. At most 90 days after `from`. */
    to: dateOrInstant,
  })
  .strict();
export type NearbySlotsQuery = z.output<typeof nearbySlotsQuery>;

export const nearbySlotsResponse = z.object({
  service: z.string(),
  /** Nearest first; a store with no free start in the range has an empty list. */
  items: z.array(
    z.object({
      storeId: z.string(),
      name: z.string(),
      distanceKm: z.number(),
      timeZone: z.string(),
      durationMinutes: z.number(),
      slots: z.array(slotSchema),
    }),
  ),
});

export const slotsResponseSchema = z.object({
  storeId: z.string(),
  serviceId: z.string(),
  timeZone: z.string(),
  from: isoDateTime,
  to: isoDateTime,
  durationMinutes: z.number(),
  stylists: z.array(z.object({ stylistId: z.string(), name: z.string() })),
  slots: z.array(slotSchema),
});

// Schemas: a store in the directory. Inventory owns the directory's routes; appointments,
// proximity and the tablet read stores through shared/repositories/stores.ts.

import { DateTime, IANAZone } from 'luxon';
import * as z from 'zod';
import { externalId } from '../platform/schemas.ts';

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

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
    timeZone: z.string().refine((tz) => IANAZone.isValidZone(tz), 'Not an IANA time zone (e.g. Europe/Madrid).'),
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

export const isValidDate = (iso: string) => DateTime.fromISO(iso).isValid;

// Schemas: the booking catalogue — a store's services and stylists (working hours, breaks,
// exceptions) and its policy as the API shows them. Booking reads the catalogue's items
// but needs none of these schemas at run time.

import * as z from 'zod';
import { externalId, isoDateTime } from '../platform/schemas.ts';
import { timeRange, type Weekday, weekdays } from '../stores/index.ts';
import { CELL_MINUTES, minutes, money, policyBodySchema } from './schemas.ts';

const dayRanges = z.array(timeRange).max(6);
/** Ranges per weekday, in the store's time zone; a missing day has none. */
export const weeklyRanges = z
  .object(Object.fromEntries(weekdays.map((d) => [d, dayRanges.optional()])) as Record<Weekday, z.ZodOptional<typeof dayRanges>>)
  .strict();
export type WeeklyRanges = z.output<typeof weeklyRanges>;

export const stylistExceptionKinds = ['off', 'sick', 'shift'] as const;
export const stylistException = z
  .object({
    date: z.iso.date(),
    /** off / sick: not working (all day, or only `hours`); shift: extra working `hours`. */
    kind: z.enum(stylistExceptionKinds),
    hours: dayRanges.optional(),
    note: z.string().max(120).optional(),
  })
  .strict()
  .refine((e) => e.kind !== 'shift' || (e.hours?.length ?? 0) > 0, { message: 'An extra shift needs hours.', path: ['hours'] });
export type StylistException = z.output<typeof stylistException>;

export const stylistBodySchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    skills: z.array(z.string().trim().min(1).max(40)).max(30).default([]),
    weeklyHours: weeklyRanges,
    /** Recurring breaks per weekday (lunch…), taken out of working hours and extra shifts. */
    breaks: weeklyRanges.default({}),
    exceptions: z.array(stylistException).max(400).default([]),
    active: z.boolean().default(true),
  })
  .strict();
export const stylistSchema = stylistBodySchema.extend({ stylistId: externalId, storeId: externalId, updatedAt: isoDateTime });
export type Stylist = z.output<typeof stylistSchema>;

export const serviceBodySchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    description: z.string().max(500).optional(),
    durationMinutes: minutes(360, CELL_MINUTES),
    /** Clean-up time after the appointment during which the stylist takes no other booking. */
    bufferAfterMinutes: minutes(120).default(0),
    price: money,
    stylistIds: z.array(externalId).max(100),
    active: z.boolean().default(true),
  })
  .strict();
export const serviceSchema = serviceBodySchema.extend({ serviceId: externalId, storeId: externalId, updatedAt: isoDateTime });
export type Service = z.output<typeof serviceSchema>;

export const policySchema = policyBodySchema.extend({ storeId: externalId, updatedAt: isoDateTime.optional() });

export const servicePath = z.object({ storeId: externalId, serviceId: externalId });
export const stylistPath = z.object({ storeId: externalId, stylistId: externalId });
export const catalogResponseSchema = z.object({
  storeId: z.string(),
  timeZone: z.string(),
  policy: policyBodySchema,
  services: z.array(
    serviceBodySchema.omit({ stylistIds: true }).extend({
      serviceId: z.string(),
      stylists: z.array(z.object({ stylistId: z.string(), name: z.string() })),
    }),
  ),
});

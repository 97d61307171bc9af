// Schemas: the appointments context — booking catalogue (services, stylists, policy),
// slot search, bookings, and the store agenda.

import * as z from 'zod';
import { externalId, isoDateTime, queryInt } from '../platform/schemas.ts';
import { lookupBodySchema } from '../profiles/index.ts';
import { geoQuery, timeRange, type Weekday, weekdays } from '../stores/index.ts';

/** Every duration is a multiple of this: it is also the size of a busy-cell lock. */
export const CELL_MINUTES = 5;

const minutes = (max: number, min = 0) =>
  z.number().int().min(min).max(max).multipleOf(CELL_MINUTES, `Use a multiple of ${CELL_MINUTES} minutes.`);

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

const money = z.object({ amountMinor: z.number().int().min(0).max(10_000_000), currency: z.string().regex(/^[A-Z]{3}$/) }).strict();

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

/**
 * The longest an appointment plus its buffer can occupy a stylist: 96 five-minute cells,
 * which keeps one lock item's condition expression under DynamoDB's 4 KB limit.
 */
export const MAX_OCCUPIED_MINUTES = 360 + 120;

export const policyBodySchema = z
  .object({
    minNoticeMinutes: z
      .number()
      .int()
      .min(0)
      .max(30 * 24 * 60)
      .default(120),
    maxHorizonDays: z.number().int().min(1).max(365).default(90),
    slotIntervalMinutes: minutes(240, CELL_MINUTES).default(15),
    cancellationCutoffMinutes: z
      .number()
      .int()
      .min(0)
      .max(14 * 24 * 60)
      .default(24 * 60),
    rescheduleCutoffMinutes: z
      .number()
      .int()
      .min(0)
      .max(14 * 24 * 60)
      .default(24 * 60),
    maxPerCustomerPerDay: z.number().int().min(1).max(20).default(2),
  })
  .strict();
export type BookingPolicy = z.output<typeof policyBodySchema>;
export const defaultPolicy: BookingPolicy = policyBodySchema.parse({});
export const policySchema = policyBodySchema.extend({ storeId: externalId, updatedAt: isoDateTime.optional() });

export const storePath = z.object({ storeId: externalId });
export const servicePath = z.object({ storeId: externalId, serviceId: externalId });
export const stylistPath = z.object({ storeId: externalId, stylistId: externalId });
export const appointmentPath = z.object({ appointmentId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Not an appointment id.') });

/** A date (YYYY-MM-DD, the store's calendar day) or an instant with offset. */
const dateOrInstant = z.union([z.iso.date(), isoDateTime]);

export const MAX_SEARCH_DAYS = 90;
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

export const ANY_STYLIST = 'any';
const stylistChoice = z.union([z.literal(ANY_STYLIST), externalId]).default(ANY_STYLIST);

export const bookingBodySchema = z
  .object({
    storeId: externalId,
    serviceId: externalId,
    start: isoDateTime,
    stylistId: stylistChoice,
    notes: z.string().trim().max(500).optional(),
  })
  .strict()
  .meta({
    examples: [{ storeId: 'mad-sol', serviceId: 'cut', start: '2026-11-24T11:00:00+01:00', stylistId: 'any', notes: 'Short on the sides' }],
  });

export const walkInBodySchema = z
  .object({
    customer: lookupBodySchema, // the same one identity as POST /customers/lookup
    serviceId: externalId,
    start: isoDateTime,
    stylistId: stylistChoice,
    notes: z.string().trim().max(500).optional(),
  })
  .strict();

export const rescheduleBodySchema = z
  .object({
    start: isoDateTime,
    /** Defaults to the appointment's stylist; "any" lets the store pick. */
    stylistId: z.union([z.literal(ANY_STYLIST), externalId]).optional(),
  })
  .strict();

export const myAppointmentsQuery = z
  .object({
    when: z.enum(['upcoming', 'past']).default('upcoming'),
    limit: queryInt(1, 100).default(25),
    cursor: z.string().min(1).max(1024).optional(),
  })
  .strict();

export const agendaQuery = z.object({ date: z.iso.date() }).strict();

export const appointmentStatuses = ['booked', 'cancelled', 'completed', 'no_show'] as const;
export type AppointmentStatus = (typeof appointmentStatuses)[number];

export const appointmentSchema = z.object({
  appointmentId: z.string(),
  storeId: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
  stylistId: z.string(),
  stylistName: z.string(),
  customerId: z.string(),
  /** In the store's time zone, with its offset. */
  start: isoDateTime,
  end: isoDateTime,
  timeZone: z.string(),
  status: z.enum(appointmentStatuses),
  price: money,
  notes: z.string().optional(),
  /** The policy in force when booked: its cut-offs apply to this booking. */
  policy: z.object({ cancellationCutoffMinutes: z.number(), rescheduleCutoffMinutes: z.number() }),
  bookedBy: z.enum(['customer', 'agent', 'staff']),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type Appointment = z.output<typeof appointmentSchema>;

/**
 * An appointment as stored: `start` and `end` are UTC ISO instants (the API shows them in
 * the store's zone), plus what the locks, the daily cap and optimistic locking need.
 */
export type AppointmentRecord = Appointment & {
  /** End of the stylist's buffer after the appointment: the stylist is busy until then. */
  busyUntil: string;
  /** The store's calendar date of the start (the daily cap's day). */
  localDate: string;
  /** Bumped by every change; each change is conditioned on the version it read. */
  version: number;
  cancelledAt?: string;
};

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

export const agendaResponseSchema = z.object({
  storeId: z.string(),
  date: z.string(),
  timeZone: z.string(),
  stylists: z.array(
    z.object({
      stylistId: z.string(),
      name: z.string(),
      working: z.array(z.object({ start: isoDateTime, end: isoDateTime })),
      appointments: z.array(
        appointmentSchema
          .pick({ appointmentId: true, serviceId: true, serviceName: true, start: true, end: true, status: true, notes: true })
          .extend({
            customer: z.object({
              customerId: z.string(),
              name: z.string().optional(),
              loyaltyTier: z.string().optional(),
              guest: z.boolean().optional(),
            }),
          }),
      ),
    }),
  ),
});

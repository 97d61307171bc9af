// Schemas: a booking and the appointment it makes, with the booking policy every booking is
// checked against. Apart from them: the catalogue's services and stylists
// (catalogue-schemas.ts), the slot searches (slot-schemas.ts) and the store's desk
// (desk-schemas.ts), so a function that books (the contact center) carries none of those.

import * as z from 'zod';
import { externalId, isoDateTime, queryInt } from '../platform/schemas.ts';

/** Every duration is a multiple of this: it is also the size of a busy-cell lock. */
export const CELL_MINUTES = 5;

export const minutes = (max: number, min = 0) =>
  z.number().int().min(min).max(max).multipleOf(CELL_MINUTES, `Use a multiple of ${CELL_MINUTES} minutes.`);

export const money = z.object({ amountMinor: z.number().int().min(0).max(10_000_000), currency: z.string().regex(/^[A-Z]{3}$/) }).strict();

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

export const storePath = z.object({ storeId: externalId });
export const appointmentPath = z.object({ appointmentId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Not an appointment id.') });

/** The longest range one slot search covers (slot-schemas.ts; checked by booking-rules). */
export const MAX_SEARCH_DAYS = 90;

export const ANY_STYLIST = 'any';
export const stylistChoice = z.union([z.literal(ANY_STYLIST), externalId]).default(ANY_STYLIST);

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

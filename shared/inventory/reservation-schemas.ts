// Schemas: a pickup reservation — its request, what clients see of it, its path. Apart from
// the stock schemas (schemas.ts) so a function that shows reservations (the contact center's
// card) does not carry the stock feed's and availability's.

import * as z from 'zod';
import { customerIdSchema, externalId, isoDateTime } from '../platform/schemas.ts';
import { DEFAULT_HOLD_MINUTES, MAX_HOLD_MINUTES, MIN_HOLD_MINUTES } from './stock-rules.ts';

/** Reservation lines: each is one transaction item, beside 4 bookkeeping items (limit 100). */
const MAX_RESERVATION_LINES = 50;

const reservationLine = z.object({ sku: externalId, quantity: z.number().int().min(1, 'quantity must be at least 1.').max(1000) }).strict();

export const reservationBody = z
  .object({
    storeId: externalId,
    lines: z.array(reservationLine).min(1).max(MAX_RESERVATION_LINES),
    holdMinutes: z
      .number()
      .int()
      .min(MIN_HOLD_MINUTES, `A hold lasts at least ${MIN_HOLD_MINUTES} minutes.`)
      .max(MAX_HOLD_MINUTES, `A hold lasts at most ${MAX_HOLD_MINUTES} minutes; confirm the reservation to keep it longer.`)
      .default(DEFAULT_HOLD_MINUTES),
    /** For integrations reserving on a customer's behalf; a customer reserves for themselves. */
    customerId: customerIdSchema.optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    const seen = new Set<string>();
    b.lines.forEach((line, i) => {
      if (seen.has(line.sku))
        ctx.addIssue({ code: 'custom', path: ['lines', i, 'sku'], message: `${line.sku} is on two lines; put the total on one.` });
      seen.add(line.sku);
    });
  })
  .meta({
    examples: [{ storeId: 'mad-sol', lines: [{ sku: 'JEANS-501-32', quantity: 1 }], holdMinutes: 60 }],
  });
export type ReservationRequest = z.output<typeof reservationBody>;

/** `fulfilled`: picked up with its order (the units left the store). */
const reservationStatuses = ['held', 'confirmed', 'cancelled', 'expired', 'fulfilled'] as const;

export const reservationSchema = z.object({
  reservationId: z.string(),
  storeId: z.string(),
  customerId: z.string().optional(),
  status: z.enum(reservationStatuses),
  lines: z.array(z.object({ sku: z.string(), quantity: z.number().int() })),
  createdAt: isoDateTime,
  holdUntil: isoDateTime,
  pickupReadyAt: isoDateTime.nullable(),
  confirmedAt: isoDateTime.optional(),
  cancelledAt: isoDateTime.optional(),
  fulfilledAt: isoDateTime.optional(),
  /** The order that took this reservation over (it then moves only with its order). */
  orderId: z.string().optional(),
});
export type Reservation = z.output<typeof reservationSchema>;
export type ReservationStatus = Reservation['status'];

/** A reservation as stored: its hold's bucket on its stock lines (keys.stock `holds`) besides what clients see. */
export type ReservationRecord = Reservation & { holdBucket: string };

export const reservationPathSchema = z.object({ reservationId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Not a reservation id.') });

// Schemas: the store's appointment desk — a walk-in booked by the identity the customer
// gives, and the day's agenda.

import * as z from 'zod';
import { externalId, isoDateTime } from '../platform/schemas.ts';
import { lookupBodySchema } from '../profiles/index.ts';
import { appointmentSchema, stylistChoice } from './schemas.ts';

export const walkInBodySchema = z
  .object({
    customer: lookupBodySchema, // the same one identity as POST /customers/lookup
    serviceId: externalId,
    start: isoDateTime,
    stylistId: stylistChoice,
    notes: z.string().trim().max(500).optional(),
  })
  .strict();

export const agendaQuery = z.object({ date: z.iso.date() }).strict();

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

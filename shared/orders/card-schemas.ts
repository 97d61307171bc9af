// Schemas: what both customer cards show — the tablet's (tablet-schemas.ts) and the contact
// center's (shared/contact-center) — apart from the tablet's API, which the contact center
// does not carry.

import * as z from 'zod';
import { isoDateTime } from '../platform/schemas.ts';

export const matchKinds = ['email', 'phone', 'loyalty', 'order'] as const;

/** An appointment as a customer card shows it (the tablet's and the contact center's). */
export const cardAppointment = z.object({
  appointmentId: z.string(),
  storeId: z.string(),
  start: isoDateTime,
  end: isoDateTime.optional(),
  status: z.string(),
  serviceName: z.string().optional(),
  stylistName: z.string().optional(),
});

// Zod schemas of the privacy module's API.

import * as z from 'zod';
import { isoDateTime } from '../platform/schemas.ts';

const section = z.object({ items: z.array(z.unknown()), complete: z.boolean(), rest: z.string().optional() });

/** GET /me/export: one document, a member per module that holds personal data. */
export const customerExportSchema = z
  .object({
    format: z.literal('omnistore-customer-export/1'),
    customerId: z.string(),
    exportedAt: isoDateTime,
    profiles: z.object({ profile: z.unknown(), purchasedCategories: z.record(z.string(), z.string()), timeline: section }),
    orders: z.object({ orders: section, returnAuthorizations: section }),
    inventory: z.object({ reservations: section }),
    appointments: z.object({ appointments: section }),
    proximity: z.object({
      presence: z.unknown(),
      visits: z.array(z.unknown()),
      redemptions: z.array(z.unknown()),
      offerCaps: z.array(z.unknown()),
    }),
    notHeldHere: z.record(z.string(), z.string()),
  })
  .meta({ description: 'Everything held about one customer (GDPR Art. 20)' });

// Schemas: a home delivery's shapes — the destination postal code as customers type it (an
// order's shipTo) and the promise (which warehouse, when it leaves, when it arrives). Apart
// from the warehouse and availability API (schemas.ts), so the functions that read or place
// orders do not carry those (nor, through them, the store directory's API schemas).

import * as z from 'zod';

/** A destination postal code as customers type it: letters, digits, spaces and hyphens (normalised by promise-rules). */
export const postalCode = z
  .string()
  .trim()
  .min(2)
  .max(12)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 -]*$/, 'Letters, digits, spaces or "-".');

export const delivery = z.object({
  warehouseId: z.string(),
  /** The local date the parcel leaves the warehouse. */
  shipsOn: z.iso.date(),
  /** The latest date it arrives (a delivery day at the destination). */
  arrivesBy: z.iso.date(),
});
export type Delivery = z.output<typeof delivery>;

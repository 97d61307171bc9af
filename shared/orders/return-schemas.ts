// Schemas: a return or exchange in a store (POST /orders/{orderId}/returns). Apart from the
// order's schemas, which every function that shows an order carries.

import * as z from 'zod';
import { externalId } from '../platform/schemas.ts';

/** Return lines: each a stock event pair (record + line) in the return's one transaction. */
const MAX_RETURN_LINES = 20;

export const returnBody = z
  .object({
    /** The store where the customer brings the goods back: their stock goes back in here. */
    storeId: externalId,
    lines: z
      .array(
        z
          .object({
            sku: externalId,
            quantity: z.number().int().min(1, 'quantity must be at least 1.').max(1000),
            /** For an exchange: the SKU handed out instead (e.g. another colour), taken from this store's stock. */
            exchangeSku: externalId.optional(),
          })
          .strict(),
      )
      .min(1)
      .max(MAX_RETURN_LINES),
  })
  .strict()
  .superRefine((b, ctx) => {
    const returned = new Set<string>();
    b.lines.forEach((line, i) => {
      if (returned.has(line.sku))
        ctx.addIssue({ code: 'custom', path: ['lines', i, 'sku'], message: `${line.sku} is on two lines; put the total on one.` });
      returned.add(line.sku);
    });
    const taken = new Set<string>();
    b.lines.forEach((line, i) => {
      if (!line.exchangeSku) return;
      if (returned.has(line.exchangeSku)) {
        ctx.addIssue({
          code: 'custom',
          path: ['lines', i, 'exchangeSku'],
          message: `${line.exchangeSku} is also being returned in this request.`,
        });
      } else if (taken.has(line.exchangeSku)) {
        ctx.addIssue({
          code: 'custom',
          path: ['lines', i, 'exchangeSku'],
          message: `${line.exchangeSku} is handed out on two lines; put the total on one.`,
        });
      }
      taken.add(line.exchangeSku);
    });
  })
  .meta({
    examples: [{ storeId: 'mad-sol', lines: [{ sku: 'JEANS-501-32', quantity: 1, exchangeSku: 'JEANS-501-34' }] }],
  });
export type ReturnRequest = z.output<typeof returnBody>;

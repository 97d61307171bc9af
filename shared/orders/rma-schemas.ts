// Schemas: return authorizations (RMAs) — the request an agent opens, the receipt a store or a
// warehouse records, and the RMA as stored and as answered.

import * as z from 'zod';
import { externalId, isoDateTime } from '../platform/schemas.ts';

export const rmaMethods = ['in_store', 'courier'] as const;
export const rmaStatuses = ['authorized', 'partially_received', 'received', 'expired'] as const;
export type RmaStatus = (typeof rmaStatuses)[number];

/** RMA lines: each a stock event pair (record + line) in a receipt's one transaction. */
const MAX_RMA_LINES = 20;

const rmaLine = z
  .object({
    sku: externalId,
    quantity: z.number().int().min(1, 'quantity must be at least 1.').max(1000),
  })
  .strict();

/** The SKUs of a request's lines are each named once (the total on one line). */
function skusOnce(lines: Array<{ sku: string }>, ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    if (seen.has(line.sku))
      ctx.addIssue({ code: 'custom', path: [i, 'sku'], message: `${line.sku} is on two lines; put the total on one.` });
    seen.add(line.sku);
  });
}
const rmaLines = z.array(rmaLine).min(1).max(MAX_RMA_LINES).superRefine(skusOnce);

export const rmaBody = z
  .object({
    lines: rmaLines,
    reason: z.string().trim().min(1, 'Say why the goods come back.').max(500),
    /** in_store: the customer brings them to any store that takes returns; courier: a carrier takes them to a warehouse. */
    method: z.enum(rmaMethods),
  })
  .strict()
  .meta({ examples: [{ lines: [{ sku: 'TEE-BASIC-BLK-M', quantity: 1 }], reason: 'Too small', method: 'courier' }] });
export type RmaRequest = z.output<typeof rmaBody>;

/** A receipt at a store: without lines, everything still outstanding. */
export const rmaReceiveBody = z.object({ lines: rmaLines.optional() }).strict();
/** A receipt by courier at a warehouse (an integration): the warehouse, and optionally the lines. */
export const rmaWarehouseReceiveBody = z
  .object({ locationId: externalId, lines: rmaLines.optional() })
  .strict()
  .meta({ examples: [{ locationId: 'wh-madrid' }] });

const rmaId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Not a return authorization id.');
export const rmaPath = z.object({ rmaId });
export const storeRmaPath = z.object({ storeId: externalId, rmaId });

const rmaReceipt = z.object({
  receiptId: z.string(),
  at: isoDateTime,
  /** Where the goods arrived: a store id, or a warehouse's stock location (`warehouse:<id>`). */
  locationId: z.string(),
  lines: z.array(z.object({ sku: z.string(), quantity: z.number().int() })),
  /** Refunded for this receipt, in minor units of the order's currency. */
  refund: z.number().int(),
});

export const rmaSchema = z.object({
  rmaId: z.string(),
  /** What the customer quotes and writes on the parcel. */
  code: z.string(),
  orderId: z.string(),
  channelOrderId: z.string(),
  customerId: z.string(),
  status: z.enum(rmaStatuses),
  method: z.enum(rmaMethods),
  reason: z.string(),
  currency: z.string(),
  /** Units and prices fixed when the RMA was opened (the order lines' unit prices). */
  lines: z.array(z.object({ sku: z.string(), quantity: z.number().int(), price: z.number().int(), receivedQuantity: z.number().int() })),
  /** The refund authorized: Σ quantity × price, in minor units. */
  amount: z.number().int(),
  /** Refunded so far (what was received × price). */
  refundedAmount: z.number().int(),
  receipts: z.array(rmaReceipt),
  createdAt: isoDateTime,
  /** After this nothing more is received (RMA_VALID_DAYS after it was opened). */
  expiresAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type Rma = z.output<typeof rmaSchema>;
export type RmaReceipt = z.output<typeof rmaReceipt>;

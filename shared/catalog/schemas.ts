// Schemas: the catalogue — a style with its colour × size variants (each a SKU) — and its API.

import * as z from 'zod';
import { externalId, isoDateTime } from '../platform/schemas.ts';

/** Variants per style: a style and its variant claims are written in one transaction (limit 100). */
export const MAX_VARIANTS = 48;
const MAX_BATCH_STYLES = 100;

const locale = z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'A locale such as "es" or "es-ES".');

const variantSchema = z
  .object({
    sku: externalId,
    /** The colour code as shown on the tablet (e.g. "BLU"). */
    colour: z.string().trim().min(1).max(40),
    size: z.string().trim().min(1).max(20),
  })
  .strict();

export const styleBody = z
  .object({
    /** Display names per locale: { "es": "Vaquero slim", "en": "Slim jeans" }. */
    names: z.record(locale, z.string().trim().min(1).max(200)).refine((n) => Object.keys(n).length > 0, 'Give at least one name.'),
    category: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .transform((c) => c.toLowerCase()),
    /** Unit price in minor units of `currency` (cents). */
    price: z.number().int().min(0).max(100_000_000),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as EUR.')
      .default('EUR'),
    images: z
      .array(z.url({ protocol: /^https?$/ }))
      .max(20)
      .default([]),
    variants: z.array(variantSchema).min(1).max(MAX_VARIANTS),
  })
  .strict()
  .superRefine((b, ctx) => {
    const skus = new Set<string>();
    const options = new Set<string>();
    b.variants.forEach((v, i) => {
      if (skus.has(v.sku)) ctx.addIssue({ code: 'custom', path: ['variants', i, 'sku'], message: `${v.sku} is listed twice.` });
      const option = `${v.colour}\u0000${v.size}`;
      if (options.has(option)) {
        ctx.addIssue({ code: 'custom', path: ['variants', i, 'size'], message: `${v.colour} in ${v.size} is listed twice.` });
      }
      skus.add(v.sku);
      options.add(option);
    });
  });
export type StyleInput = z.output<typeof styleBody>;

export const styleSchema = z.object({
  styleId: z.string(),
  names: z.record(z.string(), z.string()),
  category: z.string(),
  price: z.number().int(),
  currency: z.string(),
  images: z.array(z.string()),
  variants: z.array(z.object({ sku: z.string(), colour: z.string(), size: z.string() })),
  /** Every colour of the style, in the order first listed (the tablet's swatches). */
  colours: z.array(z.string()),
  /** Bumped by each write; a concurrent write of the same style retries on it. */
  revision: z.number().int(),
  updatedAt: isoDateTime,
});
export type Style = z.output<typeof styleSchema>;

/** What a variant's own item holds: enough to price and categorise an order line without the style. */
export type Variant = { sku: string; styleId: string; colour: string; size: string; price: number; currency: string; category: string };

export const stylePathSchema = z.object({ styleId: externalId });

export const styleBatchBody = z
  .object({
    products: z
      .array(styleBody.safeExtend({ styleId: externalId }))
      .min(1)
      .max(MAX_BATCH_STYLES),
  })
  .strict()
  .superRefine((b, ctx) => {
    const seen = new Set<string>();
    b.products.forEach((p, i) => {
      if (seen.has(p.styleId)) ctx.addIssue({ code: 'custom', path: ['products', i, 'styleId'], message: `${p.styleId} is listed twice.` });
      seen.add(p.styleId);
    });
  });
export type StyleBatch = z.output<typeof styleBatchBody>;

export const styleBatchResponse = z.object({
  saved: z.number().int(),
  rejected: z.number().int(),
  results: z.array(
    z.object({
      index: z.number().int(),
      styleId: z.string(),
      result: z.enum(['saved', 'rejected']),
      field: z.string().optional(),
      reason: z.string().optional(),
    }),
  ),
});
export type StyleBatchOutcome = z.output<typeof styleBatchResponse>;

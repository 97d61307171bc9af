// Schemas: small shapes every context reuses.

import * as z from 'zod';

/** Ids we mint are ULIDs; ids from other systems (stores, SKUs) are URL-safe tokens. */
export const externalId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Use letters, digits, ".", "_" or "-".');

export const isoDateTime = z.iso.datetime({ offset: true });

export const paginationQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().min(1).max(1024).optional(),
  })
  .strict();

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional() });

export const noContent = undefined;

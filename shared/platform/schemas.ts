// Platform: small schemas every module reuses.

import * as z from 'zod';

/** Ids from other systems (stores, SKUs) are URL-safe tokens; ids we mint are ULIDs. */
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
export type PageRequest = { limit: number; cursor?: string };

export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().optional() });

export const timelineEntrySchema = z.object({
  entryId: z.string(),
  at: isoDateTime,
  type: z.string(),
  summary: z.string(),
  ref: z.record(z.string(), z.string()).optional(),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

// Platform: small schemas every module reuses.

import * as z from 'zod';
import type { FieldError } from '../runtime/errors.ts';

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

/** A zod error's issues as field paths under `at` ("lines[0].quantity"); an unknown key is named in its path. */
export function fieldsOf(error: z.ZodError, at = ''): FieldError[] {
  return error.issues.map((issue) => {
    const extra = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const path = [...issue.path, ...extra.slice(0, 1)].reduce<string>(
      (acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${String(seg)}` : String(seg)),
      at,
    );
    return { path, message: issue.message };
  });
}

// Platform: small schemas every module reuses.

import * as z from 'zod';
import type { FieldError } from '../runtime/errors.ts';

/**
 * The one id alphabet. Every value a client sends that becomes part of a DynamoDB key —
 * store and SKU ids, customer ids, channel order ids, stock event ids, Idempotency-Keys —
 * is checked by this one definition: letters, digits, ".", "_" and "-", starting with a
 * letter or digit. So never a key separator (`#`, `|`), never blank, never a space.
 */
const ID_ALPHABET = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const ID_ALPHABET_MESSAGE = 'Use letters, digits, ".", "_" or "-", starting with a letter or digit.';

/** An id in the one alphabet, at most `maxLength` characters. */
export const idOf = (maxLength: number) => z.string().min(1, 'Must not be empty.').max(maxLength).regex(ID_ALPHABET, ID_ALPHABET_MESSAGE);

/** Ids from other systems (stores, SKUs) are URL-safe tokens; ids we mint are ULIDs. */
export const externalId = idOf(64);
/** A customer id a caller names (Cognito subs, guest ids, ids from other systems). */
export const customerIdSchema = idOf(128);
/** A feed's event id or a client's Idempotency-Key. */
export const requestKeySchema = idOf(128);

/**
 * A number in a query string. An empty or blank value is refused (naming the field), not
 * read as 0 as `z.coerce.number()` would.
 */
export const queryNumber = (message = 'Must be a number.') =>
  z
    .string()
    .trim()
    .min(1, 'Must not be empty.')
    .pipe(z.coerce.number<string>({ error: message }).refine(Number.isFinite, message));
/** An integer in a query string, between min and max (blank refused). */
export const queryInt = (min: number, max: number) =>
  queryNumber('Must be a whole number.').pipe(z.number().int('Must be a whole number.').min(min).max(max));

export const isoDateTime = z.iso.datetime({ offset: true });

export const paginationQuery = z
  .object({
    limit: queryInt(1, 100).default(25),
    cursor: z.string().min(1).max(1024).optional(),
  })
  .strict();
export type PageRequest = { limit: number; cursor?: string };

export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().optional() });

/** What a timeline entry is about, derived from its `type` (shared/platform/timeline.ts). */
export const timelineKinds = ['order', 'reservation', 'appointment', 'visit', 'offer', 'consent', 'message', 'return', 'note'] as const;
export type TimelineKind = (typeof timelineKinds)[number];

export const timelineEntrySchema = z.object({
  entryId: z.string(),
  at: isoDateTime,
  type: z.string(),
  kind: z.enum(timelineKinds),
  summary: z.string(),
  ref: z.record(z.string(), z.string()).optional(),
  /** Who wrote it, where a person did (an agent's note). */
  actor: z.object({ kind: z.string(), id: z.string() }).optional(),
  /** A note's own words. */
  text: z.string().optional(),
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

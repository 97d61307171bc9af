// HTTP kit: the Idempotency-Key header — documented on the routes that take it, read and
// checked here; the platform's idempotent() does the rest.

import * as z from 'zod';
import { problems } from './problem.ts';

/** The header, for a route's request.headers (OpenAPI). */
export const idempotencyHeader = {
  'idempotency-key': 'Optional, 1–128 characters. A retry with the same key returns the first result instead of acting twice.',
};

const keySchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, 'Use printable ASCII without spaces.');

export function readIdempotencyKey(headers: Record<string, string | undefined>): string | undefined {
  const raw = headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const parsed = keySchema.safeParse(raw);
  if (!parsed.success) throw problems.validation([{ path: 'header.idempotency-key', message: parsed.error.issues[0]!.message }]);
  return parsed.data;
}

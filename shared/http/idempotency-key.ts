// HTTP kit: the Idempotency-Key header — documented on the routes that take it, read and
// checked here; the platform's idempotent() does the rest.

import { requestKeySchema } from '../platform/schemas.ts';
import { problems } from './problem.ts';

/** The header, for a route's request.headers (OpenAPI). */
export const idempotencyHeader = {
  'idempotency-key':
    'Optional, 1–128 characters: letters, digits, ".", "_" or "-". A retry with the same key returns the first result instead of acting twice.',
};

export function readIdempotencyKey(headers: Record<string, string | undefined>): string | undefined {
  const raw = headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const parsed = requestKeySchema.safeParse(raw);
  if (!parsed.success) throw problems.validation([{ path: 'header.idempotency-key', message: parsed.error.issues[0]!.message }]);
  return parsed.data;
}

/** The header that tells a client its answer is the first request's, replayed. */
export const replayedHeader = (replayed: boolean): Record<string, string> => (replayed ? { 'idempotent-replayed': 'true' } : {});

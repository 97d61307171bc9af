// HTTP kit: turning an API Gateway v2 event into validated inputs for a route handler.

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { z } from 'zod';
import { fieldsOf } from '../platform/schemas.ts';
import { problems } from './problem.ts';

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

export type Location = 'path' | 'query' | 'body' | 'response';

export function parseWith<S extends z.ZodType>(schema: S, input: unknown, location: Location): z.output<S> {
  const result = schema.safeParse(input);
  // Field paths a client can act on: "body.lines[0].quantity".
  if (!result.success) throw problems.validation(fieldsOf(result.error, location));
  return result.data;
}

/** Reads a JSON body: 415 for another media type, 413 over the limit, 400 when malformed. */
export function readJsonBody(event: APIGatewayProxyEventV2, maxBytes: number): unknown {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > maxBytes) throw problems.tooLarge(maxBytes);
  if (bytes.length === 0) throw problems.validation([{ path: 'body', message: 'A JSON body is required.' }]);
  const contentType = (event.headers?.['content-type'] ?? '').toLowerCase();
  if (!/^application\/([\w.+-]+\+)?json\b/.test(contentType)) throw problems.unsupportedMediaType();
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw problems.validation([{ path: 'body', message: `Malformed JSON: ${(error as Error).message}` }]);
  }
}

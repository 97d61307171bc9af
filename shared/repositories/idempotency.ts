// Repository: client Idempotency-Key handling for creates. The key's record is written
// in the same transaction as the effect, so "applied once" is a DynamoDB condition;
// a retry with the same key replays the stored response, with another body it is refused.

import { createHash } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { problems } from '../http/problem.ts';
import type { Deps } from '../runtime/deps.ts';
import { keys } from '../table/keys.ts';
import { failedConditions, type TransactItem } from '../table/operations.ts';

/** Records are kept a day: the window in which clients retry. */
const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

/** The header, for a route's request.headers (OpenAPI) and for reading it. */
export const idempotencyHeader = {
  'idempotency-key': 'Optional, 1–128 characters. A retry with the same key returns the first result instead of acting twice.',
};
const keySchema = z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/, 'Use printable ASCII without spaces.');

export function readIdempotencyKey(headers: Record<string, string | undefined>): string | undefined {
  const raw = headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const parsed = keySchema.safeParse(raw);
  if (!parsed.success) throw problems.validation([{ path: 'header.idempotency-key', message: parsed.error.issues[0]!.message }]);
  return parsed.data;
}

export type IdempotentRun<T> = {
  /** Who sent the key (keys are per caller) and what for, e.g. "reservation:cust-1". */
  scope: string;
  key: string | undefined;
  /** The request as received; a retry must send the same. */
  request: unknown;
  /** Does the work; must put `record(response)` into its own TransactWriteItems. */
  run: (record: (response: T) => TransactItem | undefined) => Promise<T>;
};

export async function idempotent<T>(deps: Deps, spec: IdempotentRun<T>): Promise<{ response: T; replayed: boolean }> {
  if (spec.key === undefined) return { response: await spec.run(() => undefined), replayed: false };
  const key = keys.idempotency(spec.scope, spec.key);
  const requestHash = createHash('sha256').update(JSON.stringify(spec.request ?? null)).digest('base64url');

  const replay = async (): Promise<{ response: T; replayed: boolean } | undefined> => {
    const res = await deps.db.send(new GetCommand({ TableName: deps.tableName, Key: key, ConsistentRead: true }));
    if (!res.Item) return undefined;
    if (res.Item.requestHash !== requestHash) {
      throw problems.conflict('This Idempotency-Key was already used with a different request.', 'idempotency-key-reused');
    }
    return { response: res.Item.response as T, replayed: true };
  };

  const earlier = await replay();
  if (earlier) return earlier;
  const now = deps.clock.now();
  try {
    const response = await spec.run((response) => ({
      Put: {
        TableName: deps.tableName,
        Item: { ...key, type: 'idempotency', requestHash, response, expiresAt: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_TTL_SECONDS },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    }));
    return { response, replayed: false };
  } catch (error) {
    // A concurrent request with the same key won the race: answer what it answered.
    if (failedConditions(error)) {
      const raced = await replay();
      if (raced) return raced;
    }
    throw error;
  }
}

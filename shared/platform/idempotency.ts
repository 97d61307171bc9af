// Platform: client Idempotency-Key handling for creates. The key's record is written in the
// same transaction as the effect, so "applied once" is a DynamoDB condition; a retry with
// the same key replays the stored response, with another body it is refused.

import { createHash } from 'node:crypto';
import type { Clock } from '../runtime/clock.ts';
import { fail } from '../runtime/errors.ts';
import { epochSeconds, toItem } from '../table/item.ts';
import { keys } from '../table/keys.ts';
import { getItem } from '../table/query.ts';
import type { TableDeps } from '../table/table-deps.ts';
import { failedConditions, type TransactItem } from '../table/transact.ts';

/** Records are kept a day: the window in which clients retry. */
const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

/** Given to a use case: the record to put into its own TransactWriteItems (none without a key). */
export type RecordResponse<T> = (response: T) => TransactItem | undefined;
export const noRecord: RecordResponse<unknown> = () => undefined;

export type IdempotentRun<T> = {
  /** Who sent the key (keys are per caller) and what for, e.g. "reservation:customer:c-1". */
  scope: string;
  key: string | undefined;
  /** The request as received; a retry must send the same. */
  request: unknown;
  /** Does the work; must put `record(response)` into its own TransactWriteItems. */
  run: (record: RecordResponse<T>) => Promise<T>;
};

export async function idempotent<T>(
  deps: TableDeps & { clock: Clock },
  spec: IdempotentRun<T>,
): Promise<{ response: T; replayed: boolean }> {
  if (spec.key === undefined) return { response: await spec.run(() => undefined), replayed: false };
  const key = keys.idempotency(spec.scope, spec.key);
  const requestHash = createHash('sha256')
    .update(JSON.stringify(spec.request ?? null))
    .digest('base64url');

  const replay = async (): Promise<{ response: T; replayed: boolean } | undefined> => {
    const item = await getItem(deps, key);
    if (!item) return undefined;
    if (item.requestHash !== requestHash) {
      throw fail.conflict('This Idempotency-Key was already used with a different request.', 'idempotency-key-reused');
    }
    return { response: item.response as T, replayed: true };
  };

  const earlier = await replay();
  if (earlier) return earlier;
  const now = deps.clock.now();
  try {
    const response = await spec.run((response) => ({
      Put: {
        TableName: deps.tableName,
        Item: toItem('idempotency', key, { requestHash, response }, epochSeconds(now) + IDEMPOTENCY_TTL_SECONDS),
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

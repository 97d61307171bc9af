// Platform: client Idempotency-Key handling for creates. The key's record is written in the
// same transaction as the effect, so "applied once" is a DynamoDB condition; a retry with
// the same key replays the stored response, with another body it is refused, and while the
// first is still in flight it is told so (409 request-in-progress) — never a business error
// the first request did not get.

import { createHash } from 'node:crypto';
import type { Clock } from '../runtime/clock.ts';
import { fail, isDomainError } from '../runtime/errors.ts';
import { epochSeconds, type Stored, toItem } from '../table/item.ts';
import { keys } from '../table/keys.ts';
import { getItem } from '../table/query.ts';
import type { TableDeps } from '../table/table-deps.ts';
import { cancellationCode, type TransactItem } from '../table/transact.ts';

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
  /** The customer the stored answer is about, if any: the record is indexed under them and erased with them. */
  ownerOf?: (response: T) => string | undefined;
};

/**
 * Runs a create once per key, without reading first: the first attempt costs nothing more
 * than its own transaction, which writes the key's record (condition: not there yet).
 * 1. No key: just run.
 * 2. Run, handing the use case the record to put into its transaction.
 * 3. It failed. A repeat is told by the transaction's cancellation reasons, and a business
 *    refusal is never answered before the key's record is checked:
 *    - the record's condition failed (the twin committed first), the record met a
 *      TransactionConflict (the twin's transaction is in flight), or the use case refused
 *      (insufficient stock, slot taken… possibly by the twin's own effect): read the record
 *      (consistent). There: the first request's answer, or `idempotency-key-reused` for
 *      another body. Not there after a repeat: the twin is still in flight, 409
 *      `request-in-progress` (Retry-After). Not there after a refusal: the refusal is real.
 *    - anything else is rethrown.
 */
export async function idempotent<T>(
  deps: TableDeps & { clock: Clock },
  spec: IdempotentRun<T>,
): Promise<{ response: T; replayed: boolean }> {
  if (spec.key === undefined) return { response: await spec.run(() => undefined), replayed: false };
  const key = keys.idempotency(spec.scope, spec.key);
  const requestHash = createHash('sha256')
    .update(JSON.stringify(spec.request ?? null))
    .digest('base64url');
  const now = deps.clock.now();
  let recordItem: TransactItem | undefined;
  try {
    const response = await spec.run((response) => {
      const owner = spec.ownerOf?.(response);
      const indexed = owner ? { ...key, ...keys.idempotencyOwner(owner, spec.scope, spec.key!) } : key;
      recordItem = {
        Put: {
          TableName: deps.tableName,
          Item: toItem('idempotency', indexed, { requestHash, response }, epochSeconds(now) + IDEMPOTENCY_TTL_SECONDS),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      };
      return recordItem;
    });
    return { response, replayed: false };
  } catch (error) {
    const onRecord = cancellationCode(error, recordItem);
    const repeat = onRecord === 'ConditionalCheckFailed' || onRecord === 'TransactionConflict';
    if (!repeat && !isDomainError(error)) throw error;
    const item = (await getItem(deps, key)) as IdempotencyItem | undefined;
    if (item) return { response: replayOf<T>(item, requestHash), replayed: true };
    if (repeat) throw fail.inProgress();
    throw error;
  }
}

type IdempotencyItem = Stored<'idempotency', { requestHash: string; response: unknown }>;

/** The first request's answer, for a retry that sends the same; another body reuses the key. */
function replayOf<T>(item: IdempotencyItem, requestHash: string): T {
  if (item.requestHash !== requestHash) {
    throw fail.conflict('This Idempotency-Key was already used with a different request.', 'idempotency-key-reused');
  }
  return item.response as T;
}

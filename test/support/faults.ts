// What DynamoDB Local never does, injected at the document client: transaction conflicts, throttling.

import { type DocumentClient, DynamoDbError, type Operation } from '#shared/runtime/dynamodb.ts';

/** Fails the next `times` calls of `operation` (e.g. TransactWriteItems) with the given error; returns the remover. */
export function injectFault(db: DocumentClient, operation: Operation, times: number, error: () => Error): () => void {
  let left = times;
  return db.intercept(`fault-${operation}-${Math.random()}`, async (call, next) => {
    if (call.operation === operation && left > 0) {
      left -= 1;
      throw error();
    }
    return next();
  });
}

/** A cancelled transaction, as DynamoDB reports it: one reason code per item. */
export const cancelled = (codes: string[]) =>
  new DynamoDbError('TransactionCanceledException', 'Transaction cancelled', {
    httpStatusCode: 400,
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

export const conflict = () => cancelled(['TransactionConflict']);

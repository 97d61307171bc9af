// What DynamoDB Local never does, injected at the SDK client: transaction conflicts, throttling.

import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { createDocumentClient } from '#shared/runtime/dynamodb.ts';

/** Fails the first `times` calls of a command (low-level name, e.g. TransactWriteItemsCommand) with the given error. */
export function injectFault(db: ReturnType<typeof createDocumentClient>, command: string, times: number, error: () => Error) {
  let left = times;
  db.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === command && left > 0) {
        left -= 1;
        throw error();
      }
      return next(args);
    },
    { step: 'initialize', name: `fault-${command}-${Math.random()}` },
  );
}

export const conflict = () =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: [{ Code: 'TransactionConflict' }],
  });

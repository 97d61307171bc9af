// Storage layer: TransactWriteItems, and the one way to tell which of its items failed.

import { type DynamoDbError, TransactWriteCommand, type TransactWriteCommandInput } from '../runtime/dynamodb.ts';
import { fail } from '../runtime/errors.ts';
import type { TableDeps } from './table-deps.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export function isConditionalFailure(error: unknown): boolean {
  return (error as Error)?.name === 'ConditionalCheckFailedException';
}

/** Which transaction items failed their condition (by index), or undefined if it was not that. */
export function failedConditions(error: unknown): number[] | undefined {
  if ((error as Error)?.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as DynamoDbError).CancellationReasons ?? [];
  const failed = reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : []));
  return failed.length > 0 ? failed : undefined;
}

/** How each item of a cancelled transaction fared, by the error it was cancelled with. */
const cancellations = new WeakMap<object, Array<{ item: TransactItem; code: string }>>();

/**
 * The reason code ("ConditionalCheckFailed", "TransactionConflict", "None"…) of one item of a
 * cancelled transactWrite, by identity of the item given; a `busy` after repeated conflicts
 * carries its last cancellation as its cause. Undefined when the error is not such a cancellation.
 */
export function cancellationCode(error: unknown, item: TransactItem | undefined): string | undefined {
  for (let e = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const items = cancellations.get(e);
    if (items) return items.find((c) => c.item === item)?.code;
  }
  return undefined;
}

function noteCancellation(error: unknown, items: TransactItem[]): void {
  if ((error as Error)?.name !== 'TransactionCanceledException' || !error || typeof error !== 'object') return;
  const reasons = (error as DynamoDbError).CancellationReasons ?? [];
  cancellations.set(
    error,
    items.map((item, i) => ({ item, code: reasons[i]?.Code ?? 'None' })),
  );
}

function isTransactionConflict(error: unknown): boolean {
  const reasons = (error as DynamoDbError)?.CancellationReasons ?? [];
  return (error as Error)?.name === 'TransactionCanceledException' && reasons.some((r) => r.Code === 'TransactionConflict');
}

/**
 * TransactWriteItems that retries a transaction conflict (another transaction touched the
 * same item) a few times with jitter. The SDK does not retry these itself. A condition
 * failure is the caller's business and is rethrown untouched; persistent conflicts are `busy`.
 */
export async function transactWrite(
  deps: TableDeps,
  items: TransactItem[],
  options: { clientRequestToken?: string; attempts?: number } = {},
): Promise<void> {
  const attempts = options.attempts ?? 4;
  for (let attempt = 1; ; attempt++) {
    try {
      await deps.db.send(new TransactWriteCommand({ TransactItems: items, ClientRequestToken: options.clientRequestToken }));
      return;
    } catch (error) {
      noteCancellation(error, items);
      if (!isTransactionConflict(error) || failedConditions(error)) throw error;
      if (attempt >= attempts) throw Object.assign(fail.busy(), { cause: error });
      await new Promise((r) => setTimeout(r, 10 * 2 ** attempt * Math.random()));
    }
  }
}

/**
 * A transaction whose items carry a label, so a refusal reads as "which kinds of item
 * failed" instead of index arithmetic: `tx.add('stylist', update)` … `tx.failed(error)`.
 */
export class Tx<Label extends string = string> {
  readonly items: TransactItem[] = [];
  private readonly labels: Label[] = [];

  add(label: Label, ...items: Array<TransactItem | undefined>): this {
    for (const item of items) {
      if (!item) continue;
      this.items.push(item);
      this.labels.push(label);
    }
    return this;
  }

  /** The labels of the items whose condition failed, or undefined if the error was something else. */
  failed(error: unknown): Set<Label> | undefined {
    const failed = failedConditions(error);
    return failed && new Set(failed.flatMap((i) => (this.labels[i] === undefined ? [] : [this.labels[i]!])));
  }

  /** The failed items' positions among those with `label` (e.g. which line of several). */
  failedOf(error: unknown, label: Label): number[] {
    const failed = new Set(failedConditions(error) ?? []);
    return this.labels.flatMap((l, i) => (l === label ? [i] : [])).flatMap((index, nth) => (failed.has(index) ? [nth] : []));
  }

  write(deps: TableDeps, options?: { attempts?: number }): Promise<void> {
    return transactWrite(deps, this.items, options);
  }
}

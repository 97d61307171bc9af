// Repository: the customer's purchase summary (keys.purchaseSummary), which orders keeps up
// to date and proximity's bought / not-bought offer rules read. Its own module so that
// profiles (the guest merge) can fold one summary into another without bundling orders.

import type { Deps } from '../runtime/deps.ts';
import { keys } from '../table/keys.ts';
import { getItem } from '../table/query.ts';
import type { TransactItem } from '../table/transact.ts';

/**
 * The purchase summary: set each category's last purchase. A nested SET needs the map to
 * exist, so the first purchase creates the item instead (both condition-written; placeOrder
 * retries with the other form if it guessed wrong).
 */
export function purchasesWrite(deps: Deps, customerId: string, bought: Record<string, string>, exists: boolean): TransactItem {
  const key = keys.purchaseSummary(customerId);
  const at = deps.clock.now().toISOString();
  if (!exists) {
    return {
      Put: {
        TableName: deps.tableName,
        Item: { ...key, entity: 'purchaseSummary', customerId, categories: bought, updatedAt: at },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    };
  }
  const entries = Object.entries(bought);
  return {
    Update: {
      TableName: deps.tableName,
      Key: key,
      UpdateExpression: `SET ${entries.map((_, i) => `categories.#c${i} = :c${i}`).join(', ')}, updatedAt = :at`,
      ConditionExpression: 'attribute_exists(categories)',
      ExpressionAttributeNames: Object.fromEntries(entries.map(([c], i) => [`#c${i}`, c])),
      ExpressionAttributeValues: { ':at': at, ...Object.fromEntries(entries.map(([, when], i) => [`:c${i}`, when])) },
    },
  };
}

/** The categories a customer bought, with each one's last purchase (empty when none). */
export async function purchasedCategories(deps: Deps, customerId: string): Promise<Record<string, string>> {
  const item = await getItem(deps, keys.purchaseSummary(customerId));
  return (item?.categories as Record<string, string> | undefined) ?? {};
}

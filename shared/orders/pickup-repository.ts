// Repository: the pickup's own items — a store's pickup policy, and the pickup code kept in
// clear for the customer's notification (the order holds only its keyed hash). Decides nothing.

import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Deps } from '../runtime/deps.ts';
import { storeFromItem } from '../stores/index.ts';
import { batchGet } from '../table/batch.ts';
import { fromItem, type Stored, toItem } from '../table/item.ts';
import { keys } from '../table/keys.ts';
import { getItem } from '../table/query.ts';
import type { TransactItem } from '../table/transact.ts';
import type { Order, PickupPolicy } from './schemas.ts';

type PickupPolicyItem = Stored<'pickupPolicy', PickupPolicy & { updatedAt: string }>;
type PickupCodeItem = Stored<'pickupCode', { orderId: string; code: string }>;

/** The store and its pickup policy (if it set one), in one consistent BatchGetItem. */
export async function readStorePickupPolicy(deps: Deps, storeId: string) {
  const found = await batchGet(deps, [keys.store(storeId), keys.pickupPolicy(storeId)], true);
  const store = found.find((i) => i.SK === keys.store(storeId).SK);
  const policy = found.find((i) => i.SK === keys.pickupPolicy(storeId).SK) as PickupPolicyItem | undefined;
  return {
    store: store ? storeFromItem(store) : undefined,
    policy: policy ? fromItem<PickupPolicy & { updatedAt: string }>(policy) : undefined,
  };
}

export async function putPickupPolicy(deps: Deps, storeId: string, policy: PickupPolicy, atIso: string): Promise<void> {
  await deps.db.send(
    new PutCommand({
      TableName: deps.tableName,
      Item: toItem('pickupPolicy', keys.pickupPolicy(storeId), { ...policy, updatedAt: atIso }),
    }),
  );
}

/** The code in clear beside the order, for the customer's notification (written with the order and on every re-issue). */
export const pickupCodePut = (deps: Deps, order: Pick<Order, 'orderId' | 'customerId'>, code: string): TransactItem => ({
  Put: {
    TableName: deps.tableName,
    Item: toItem('pickupCode', keys.pickupCode(order.orderId, order.customerId), { orderId: order.orderId, code }),
  },
});

export async function getPickupCode(deps: Deps, orderId: string): Promise<string | undefined> {
  const item = (await getItem(deps, keys.pickupCodeKey(orderId))) as PickupCodeItem | undefined;
  return item?.code;
}

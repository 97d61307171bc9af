// Repository: a store's pickup policy, read with the store. Decides nothing.

import type { Deps } from '../runtime/deps.ts';
import { PutCommand } from '../runtime/dynamodb.ts';
import { storeFromItem } from '../stores/index.ts';
import { batchGet } from '../table/batch.ts';
import { fromItem, type Stored, toItem } from '../table/item.ts';
import { keys } from '../table/keys.ts';
import type { PickupPolicy } from './tablet-schemas.ts';

type PickupPolicyItem = Stored<'pickupPolicy', PickupPolicy & { updatedAt: string }>;

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

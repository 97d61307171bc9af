// Use case: the store's pickup list (GET /stores/{storeId}/pickups) — orders waiting at the
// store, ready to hand over or still being prepared, with the name to call out.

import { type Actor, assertStoreAccess } from '../platform/actor.ts';
import type { PageRequest } from '../platform/schemas.ts';
import { getProfiles } from '../profiles/index.ts';
import type { Deps } from '../runtime/deps.ts';
import type { Page } from '../table/query.ts';
import { pickupFromItem, queryStorePickups } from './repository.ts';
import type { Pickup } from './tablet-schemas.ts';

/**
 * 1. Staff of this store, or an orders integration.
 * 2. One page of the store's pickup index in that status.
 * 3. The page's customers' names: one BatchGetItem of their profiles.
 */
export async function listPickups(
  deps: Deps,
  command: PageRequest & { storeId: string; status: 'ready' | 'placed' },
  actor: Actor,
): Promise<Page<Pickup>> {
  assertStoreAccess(actor, command.storeId);
  const status = command.status === 'ready' ? 'ready_for_pickup' : 'placed';
  const page = await queryStorePickups(deps, command.storeId, status, { limit: command.limit, cursor: command.cursor });
  const profiles = await getProfiles(
    deps,
    page.items.map((i) => i.customerId),
  );
  return { items: page.items.map((i) => pickupFromItem(i, profiles.get(i.customerId)?.name)), nextCursor: page.nextCursor };
}

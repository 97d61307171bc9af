// Use-case steps shared by the beacon, settings and offer use cases: who may manage them,
// and that a store they name exists.

import { type Actor, assertStoreAccess } from '../platform/actor.ts';
import type { Deps } from '../runtime/deps.ts';
import { fail } from '../runtime/errors.ts';
import { getStore } from '../stores/index.ts';

/** Admin staff and catalog integrations (their catalog/write scope is checked by the route). */
export function assertCatalogWriter(actor: Actor, storeId: string | undefined): void {
  assertStoreAccess(actor, storeId, { roles: ['admin'], because: 'Beacons and offers are managed by admins and catalog integrations.' });
}

/** A store named in a command must exist: invalid input naming the field otherwise. */
export async function assertKnownStore(deps: Deps, storeId: string | undefined, field: string): Promise<void> {
  if (storeId !== undefined && !(await getStore(deps, storeId))) {
    throw fail.invalid([{ path: field, message: `There is no store ${storeId}.` }]);
  }
}

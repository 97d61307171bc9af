// Use cases: reading and writing one store of the directory.

import type { Deps } from '../runtime/deps.ts';
import { fail } from '../runtime/errors.ts';
import { isOpenAt } from './opening-hours.ts';
import { getStore, putStore } from './repository.ts';
import { storeToSave } from './rules.ts';
import type { Store, StoreUpsert, StoreView } from './schemas.ts';

const view = (store: Store, now: Date): StoreView => ({ ...store, openNow: isOpenAt(store, now) });

/** A store as read, which must exist for what comes next (a stock read, a reservation). */
export function existingStore(store: Store | undefined, storeId: string): Store {
  if (!store) throw fail.notFound(`Store ${storeId} is not in the directory.`);
  return store;
}

/** A store that must exist for what comes next (a stock read, a reservation). */
export async function requireStore(deps: Deps, storeId: string): Promise<Store> {
  return existingStore(await getStore(deps, storeId), storeId);
}

/** One store, with whether it is open now. */
export async function findStore(deps: Deps, storeId: string): Promise<StoreView> {
  return view(await requireStore(deps, storeId), deps.clock.now());
}

/**
 * Creates or replaces a store.
 * 1. The store to save: the path's id (a body naming another is refused).
 * 2. Put it, with its geohash on the nearby index.
 */
export async function saveStore(deps: Deps, command: { storeId: string; store: StoreUpsert }): Promise<StoreView> {
  const store = storeToSave(command.storeId, command.store);
  await putStore(deps, store);
  return view(store, deps.clock.now());
}

// Use case: a one-off migration — give every store written before the nearby index (GSI3)
// existed the index keys a directory write now sets, so it appears in nearby searches.
// Run by an operator (`npm run backfill:nearby`), page by page; idempotent: a store already
// indexed under its current location is left alone, and running it again changes nothing.

import type { Deps } from '../runtime/deps.ts';
import { type StoreIndexState, scanStores, setStoreGeoKeys, storeGeoKeys } from './repository.ts';

export type BackfillPage = { stores: number; updated: number; skipped: number; next?: Record<string, unknown> };

/** Whether a store item's nearby-index keys are missing or not those of its location. */
const needsIndex = ({ store, geo }: StoreIndexState) => {
  const want = storeGeoKeys(store);
  return geo.GSI3PK !== want.GSI3PK || geo.GSI3SK !== want.GSI3SK;
};

/**
 * One page of the backfill.
 * 1. Read a page of store items (repository: scanStores, from where the last page stopped).
 * 2. Keep those whose index keys are missing or stale.
 * 3. Set their keys, each on condition that the store is still where it was read (a store
 *    moved meanwhile was indexed by its own write); in parallel, a page at a time.
 */
export async function backfillNearbyPage(deps: Deps, page: { limit: number; start?: Record<string, unknown> }): Promise<BackfillPage> {
  const { stores, next } = await scanStores(deps, page);
  const stale = stores.filter(needsIndex);
  const written = await Promise.all(stale.map(({ store }) => setStoreGeoKeys(deps, store)));
  const updated = written.filter(Boolean).length;
  return { stores: stores.length, updated, skipped: stale.length - updated, ...(next ? { next } : {}) };
}

/** Every page, from the start; `onPage` hears of each (progress). */
export async function backfillNearby(
  deps: Deps,
  pageSize = 100,
  onPage?: (page: BackfillPage) => void,
): Promise<Omit<BackfillPage, 'next'>> {
  const total = { stores: 0, updated: 0, skipped: 0 };
  let start: Record<string, unknown> | undefined;
  do {
    const page = await backfillNearbyPage(deps, { limit: pageSize, ...(start ? { start } : {}) });
    onPage?.(page);
    total.stores += page.stores;
    total.updated += page.updated;
    total.skipped += page.skipped;
    start = page.next;
  } while (start);
  return total;
}

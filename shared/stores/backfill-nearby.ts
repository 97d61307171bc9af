// Use case: a one-off migration — give every store written before the nearby index (GSI3)
// existed the index keys a directory write now sets, so it appears in nearby searches.
// Run by an operator (`npm run backfill:nearby`), page by page; idempotent: a store already
// indexed under its current location is left alone, and running it again changes nothing.

import type { Deps } from '../runtime/deps.ts';
import { type MigrationPage, runMigration, type ScanPage } from '../table/scan.ts';
import { type StoreIndexState, scanStores, setStoreGeoKeys, storeGeoKeys } from './repository.ts';

type Counts = { stores: number; updated: number; skipped: number };

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
export async function backfillNearbyPage(deps: Deps, page: ScanPage): Promise<MigrationPage<Counts>> {
  const { stores, next } = await scanStores(deps, page);
  const stale = stores.filter(needsIndex);
  const written = await Promise.all(stale.map(({ store }) => setStoreGeoKeys(deps, store)));
  const updated = written.filter(Boolean).length;
  return { stores: stores.length, updated, skipped: stale.length - updated, ...(next ? { next } : {}) };
}

/** Every page, from the start; `onPage` hears of each (progress). */
export const backfillNearby = (deps: Deps, pageSize = 100, onPage?: (page: MigrationPage<Counts>) => void) =>
  runMigration<Counts>((page) => backfillNearbyPage(deps, page), pageSize, onPage);

// Use case: a store's exact stock figures, for its staff and inventory integrations.

import { type Actor, assertStoreAccess } from '../platform/actor.ts';
import type { Deps } from '../runtime/deps.ts';
import { requireStore } from '../stores/index.ts';
import type { StockList, StockQuery } from './schemas.ts';
import { getLines, listLines } from './stock-repository.ts';
import { viewOf } from './stock-rules.ts';

/**
 * On hand, reserved, safety stock and available now, by SKU list or page by page.
 * 1. Staff of the store (or of every store) and integrations only.
 * 2. Read the store and the lines in parallel: the SKUs asked for (one strongly consistent
 *    batch read) or one page of the store's lines in SKU order.
 * 3. Figure each line at this instant; SKUs asked for that the store never had are listed apart.
 */
export async function storeStock(deps: Deps, command: StockQuery & { storeId: string }, actor: Actor): Promise<StockList> {
  const { storeId, sku: skus } = command;
  assertStoreAccess(actor, storeId);
  const now = deps.clock.now();
  const [store, page] = await Promise.all([
    requireStore(deps, storeId),
    skus
      ? getLines(
          deps,
          skus.map((sku) => ({ storeId, sku })),
        ).then((found) => ({ lines: [...found.values()], nextCursor: undefined }))
      : listLines(deps, storeId, command),
  ]);
  const bySku = new Map(page.lines.map((l) => [l.sku, l]));
  const items = (skus ?? page.lines.map((l) => l.sku)).flatMap((sku) => {
    const line = bySku.get(sku);
    return line ? [{ ...viewOf(line, sku, now, store.lowStockThreshold), updatedAt: line.updatedAt }] : [];
  });
  return {
    storeId,
    at: now.toISOString(),
    items,
    ...(skus ? { unknownSkus: skus.filter((s) => !bySku.has(s)) } : {}),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}

// Use case: proximity's part of a data export (composed by shared/privacy, GET /me/export):
// what beacons told us about the customer and what offers did.

import type { Deps } from '../runtime/deps.ts';
import { fromItem } from '../table/item.ts';
import { keys } from '../table/keys.ts';
import { queryAll } from '../table/query.ts';
import { getPresence } from './repository.ts';

/** The customer's items of one kind in their partition (a handful: one per store or offer), named by the id in their key. */
const ofKind = (deps: Deps, customerId: string, skPrefix: string, idName: 'storeId' | 'offerId') =>
  queryAll(deps, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
    ExpressionAttributeValues: { ':pk': keys.customerPartition(customerId), ':p': skPrefix },
  }).then((items) => items.map((i) => ({ [idName]: String(i.SK).slice(skPrefix.length), ...fromItem<Record<string, unknown>>(i) })));

/**
 * 1. In parallel: the current presence (or null), the first and last visit per store, the
 *    offers redeemed, and how often each offer was shown in its current cap window.
 */
export async function exportCustomer(deps: Deps, customerId: string) {
  const [presence, visits, redemptions, offerCaps] = await Promise.all([
    getPresence(deps, customerId),
    ofKind(deps, customerId, keys.storeVisit(customerId, '').SK, 'storeId'),
    ofKind(deps, customerId, keys.offerRedemption(customerId, '').SK, 'offerId'),
    ofKind(deps, customerId, keys.offerCap(customerId, '').SK, 'offerId'),
  ]);
  return { presence: presence ?? null, visits, redemptions, offerCaps };
}

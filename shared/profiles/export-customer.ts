// Use case: profiles' part of a data export (composed by shared/privacy, GET /me/export).

import { collectPages } from '../platform/export.ts';
import { listTimeline } from '../platform/timeline.ts';
import type { Deps } from '../runtime/deps.ts';
import { getProfile, purchasedCategories } from './repository.ts';

/**
 * 1. The profile (identities in clear as the customer gave them, consents, preferences) or
 *    null, and the purchase summary — in parallel, without creating anything.
 * 2. The timeline, newest first, page by page (collectPages).
 */
export async function exportCustomer(deps: Deps, customerId: string) {
  const [profile, purchases, timeline] = await Promise.all([
    getProfile(deps, customerId),
    purchasedCategories(deps, customerId),
    collectPages((page) => listTimeline(deps, customerId, page), '/me/timeline'),
  ]);
  return { profile: profile ?? null, purchasedCategories: purchases, timeline };
}

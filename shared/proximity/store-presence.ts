// Use case: the associate's view of who is in the store now (GET /stores/{storeId}/presence).

import { type Actor, assertStoreAccess } from '../platform/actor.ts';
import type { PageRequest } from '../platform/schemas.ts';
import { getProfiles } from '../profiles/index.ts';
import type { Deps } from '../runtime/deps.ts';
import { fail } from '../runtime/errors.ts';
import { getStore } from '../stores/index.ts';
import { hasProximityConsent } from './presence-rules.ts';
import { queryStorePresence } from './repository.ts';

/**
 * 1. Staff of this store only (regional and admin roles: every store).
 * 2. Read the store (not found) and one page of presences (a Query) in parallel, then the
 *    page's profiles (one BatchGetItem): three calls in two rounds, whatever the page size.
 * 3. Show consenting customers only (a consent withdrawn mid-visit hides them at once),
 *    with the flags associates act on. The appointment flag was set at the presence's last
 *    full evaluation (at most one cooldown old). Pickup waiting is not faked here.
 */
export async function listPresence(deps: Deps, actor: Actor, command: { storeId: string } & PageRequest) {
  const { storeId, ...page } = command;
  assertStoreAccess(actor, storeId);
  const now = deps.clock.now();
  const [store, present] = await Promise.all([getStore(deps, storeId), queryStorePresence(deps, storeId, now, page)]);
  if (!store) throw fail.notFound(`There is no store ${storeId}.`);
  const profiles = await getProfiles(
    deps,
    present.items.map((p) => p.customerId),
  );
  const items = present.items.flatMap((p) => {
    const profile = profiles.get(p.customerId);
    if (!hasProximityConsent(profile)) return [];
    return [
      {
        customerId: p.customerId,
        ...(profile.name ? { name: profile.name } : {}),
        loyaltyTier: profile.loyaltyTier,
        zone: p.zone,
        ...(p.zoneName ? { zoneName: p.zoneName } : {}),
        since: p.since,
        zoneSince: p.zoneSince,
        lastSeenAt: p.lastSeenAt,
        appointmentToday: p.appointmentToday ?? false,
      },
    ];
  });
  return { items, nextCursor: present.nextCursor };
}

// Use case: the signed-in customer's profile, created on first access.

import { timelinePut } from '../platform/timeline.ts';
import type { Deps } from '../runtime/deps.ts';
import { Tx } from '../table/transact.ts';
import { getProfile, profileCreate } from './repository.ts';
import { newProfile, profileCreatedEntry } from './rules.ts';
import type { Profile } from './schemas.ts';

/**
 * 1. Read the profile (strongly consistent).
 * 2. None yet: write a new one and its 'profile.created' timeline entry in one transaction,
 *    only if no profile exists — of two first requests racing, one creates it and the other
 *    reads what it created.
 */
export async function ensureProfile(deps: Deps, customerId: string): Promise<Profile> {
  const existing = await getProfile(deps, customerId);
  if (existing) return existing;
  const profile = newProfile(customerId, deps.clock.now());
  const tx = new Tx<'profile' | 'timeline'>()
    .add('profile', profileCreate(deps, profile))
    .add('timeline', timelinePut(deps, customerId, profileCreatedEntry));
  try {
    await tx.write(deps);
    return profile;
  } catch (error) {
    if (!tx.failed(error)?.has('profile')) throw error;
    return (await getProfile(deps, customerId)) as Profile; // created by a concurrent request
  }
}

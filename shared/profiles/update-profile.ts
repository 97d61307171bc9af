// Use cases: the customer changes their profile (PATCH /me); the retailer's systems set the
// loyalty tier, which the customer cannot.

import type { Deps } from '../runtime/deps.ts';
import { fail } from '../runtime/errors.ts';
import { ensureProfile } from './get-or-create-profile.ts';
import { patchProfile } from './repository.ts';
import { patchChanges } from './rules.ts';
import type { Profile, ProfilePatch } from './schemas.ts';

/**
 * 1. Make sure the profile exists (created on first access, like GET /me).
 * 2. Decide what the patch sets and removes (null removes a field).
 * 3. One conditional UpdateItem that answers the profile as it now is.
 */
export async function updateProfile(deps: Deps, customerId: string, patch: ProfilePatch): Promise<Profile> {
  await ensureProfile(deps, customerId);
  const { set, remove } = patchChanges(patch);
  const updated = await patchProfile(deps, customerId, { set: { ...set, updatedAt: deps.clock.now().toISOString() }, remove });
  if (!updated) throw fail.notFound('This profile was erased meanwhile.');
  return updated;
}

/** One conditional UpdateItem: the customer must exist. */
export async function setLoyaltyTier(deps: Deps, customerId: string, tier: Profile['loyaltyTier']): Promise<void> {
  const updated = await patchProfile(deps, customerId, {
    set: { loyaltyTier: tier, updatedAt: deps.clock.now().toISOString() },
    remove: [],
  });
  if (!updated) throw fail.notFound(`There is no customer ${customerId}.`);
}

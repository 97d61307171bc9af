// Use case: the customer grants or withdraws a consent (marketing, proximity).

import { timelinePut } from '../platform/timeline.ts';
import type { Deps } from '../runtime/deps.ts';
import { transactWrite } from '../table/transact.ts';
import { ensureProfile } from './get-or-create-profile.ts';
import { consentSet, getProfile } from './repository.ts';
import { consentChange } from './rules.ts';
import type { ConsentPurpose, Profile } from './schemas.ts';

/**
 * 1. Make sure the profile exists.
 * 2. Decide the consent record and its timeline entry.
 * 3. Write both in one transaction (the timeline is the consent's audit trail), then read
 *    the profile back.
 */
export async function setConsent(deps: Deps, customerId: string, purpose: ConsentPurpose, granted: boolean): Promise<Profile> {
  await ensureProfile(deps, customerId);
  const { consent, entry } = consentChange(purpose, granted, deps.clock.now());
  await transactWrite(deps, [consentSet(deps, customerId, purpose, consent), timelinePut(deps, customerId, entry)]);
  return (await getProfile(deps, customerId)) as Profile;
}

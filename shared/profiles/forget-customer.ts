// Use case: forget a customer — profiles' part of an erasure (shared/privacy runs it after
// every module that holds something outside the customer's items has let go of it).

import type { Deps } from '../runtime/deps.ts';
import { batchDelete } from '../table/batch.ts';
import { keys } from '../table/keys.ts';
import type { IdentityKind } from './identity-rules.ts';
import { claimKey, customerKeys, getProfile } from './repository.ts';

/**
 * 1. Delete the profile's identity claims (they live outside the customer's partition).
 * 2. Delete every item in the customer's partition and every item indexed to them on GSI1.
 * 3. Delete the profile last — so an interrupted erasure can simply be run again.
 */
export async function forgetCustomer(deps: Deps, customerId: string): Promise<void> {
  const profile = await getProfile(deps, customerId);
  const identities = Object.entries(profile?.identities ?? {}) as Array<[IdentityKind, string]>;
  await batchDelete(deps, await Promise.all(identities.map(([kind, value]) => claimKey(deps, kind, value))));
  const profileKey = keys.profile(customerId);
  const owned = await customerKeys(deps, customerId);
  await batchDelete(
    deps,
    owned.filter((k) => !(k.PK === profileKey.PK && k.SK === profileKey.SK)),
  );
  await batchDelete(deps, [profileKey]);
}

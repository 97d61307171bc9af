// Use case: staff or an integration find a customer by e-mail, phone or loyalty number.

import type { Deps } from '../runtime/deps.ts';
import { fail } from '../runtime/errors.ts';
import { identityOf, normalizeOrReject } from './identity-rules.ts';
import { getProfile, resolveIdentity } from './repository.ts';
import type { CustomerSummary, LookupCommand } from './schemas.ts';

/**
 * 1. Normalise the one identity the command names (a phone in `country` if given); bad
 *    input names its field.
 * 2. Resolve its claim (one GetItem), then read that profile.
 * 3. Nobody has it: not found. Otherwise who it is — a summary, not the whole profile.
 */
export async function lookupCustomer(deps: Deps, command: LookupCommand): Promise<CustomerSummary> {
  const { kind, raw } = identityOf(command);
  const value = normalizeOrReject(deps, kind, raw, kind, command.country);
  const customerId = await resolveIdentity(deps, kind, value);
  const profile = customerId ? await getProfile(deps, customerId) : undefined;
  if (!profile) throw fail.notFound(`No customer has this ${kind}.`);
  return { customerId: profile.customerId, name: profile.name, loyaltyTier: profile.loyaltyTier, guest: profile.guest };
}

// Use cases: the customer attaches, replaces or detaches an identity (e-mail, phone, loyalty
// number). An identity belongs to one profile: its claim item is condition-written in the
// same transaction as the profile, never checked by a read first.

import { timelinePut } from '../platform/timeline.ts';
import type { Deps } from '../runtime/deps.ts';
import { fail } from '../runtime/errors.ts';
import { type TransactItem, Tx } from '../table/transact.ts';
import { ensureProfile } from './get-or-create-profile.ts';
import type { IdentityKind } from './identity-rules.ts';
import { claimDelete, claimKey, claimPut, getProfile, identityClaimItem, identityRemove, identitySet } from './repository.ts';
import { identityEntry } from './rules.ts';
import type { Profile } from './schemas.ts';

/** A claim a guest profile holds, moved to this customer (see orders' guest merge). */
type TakeOver = { fromCustomerId: string; items: TransactItem[] };

const changedMeanwhile = (kind: IdentityKind) => fail.conflict(`Your ${kind} was changed by another request; reload and retry.`);

/**
 * Attaches (or replaces) one identity of a kind, `value` already normalised.
 * 1. Read the profile (created on first access); the same value again changes nothing.
 * 2. One transaction: the profile's identity (only if unchanged since read), the claim
 *    (only if nobody else holds it — with `takeOver`, only if the guest still holds it, and
 *    the caller's items for the guest's side join in), a timeline entry, and the old
 *    value's claim freed.
 * 3. A claim held by someone else is `identity-taken`; a profile changed meanwhile, a conflict.
 */
export async function setIdentity(
  deps: Deps,
  customerId: string,
  kind: IdentityKind,
  value: string,
  takeOver?: TakeOver,
): Promise<Profile> {
  const profile = await ensureProfile(deps, customerId);
  const previous = profile.identities[kind];
  if (previous === value) return profile;
  const at = deps.clock.now().toISOString();
  const tx = new Tx<'profile' | 'claim' | 'timeline' | 'takeOver' | 'oldClaim'>()
    .add('profile', identitySet(deps, customerId, kind, { value, previous, at }))
    .add('claim', claimPut(deps, identityClaimItem(kind, await deps.hashIdentity(kind, value), customerId), takeOver?.fromCustomerId))
    .add('timeline', timelinePut(deps, customerId, identityEntry(kind, 'added')))
    .add('takeOver', ...(takeOver?.items ?? []));
  if (previous !== undefined) tx.add('oldClaim', claimDelete(deps, await claimKey(deps, kind, previous)));
  try {
    await tx.write(deps);
  } catch (error) {
    const failed = tx.failed(error);
    if (failed?.has('claim') || failed?.has('takeOver')) {
      throw fail.conflict(`This ${kind} already belongs to another customer.`, 'identity-taken');
    }
    if (failed?.has('profile')) throw changedMeanwhile(kind);
    throw error;
  }
  return (await getProfile(deps, customerId)) as Profile;
}

/**
 * 1. Read the profile; an identity it does not have is already detached.
 * 2. One transaction: the identity removed (only if unchanged since read), its claim freed,
 *    a timeline entry.
 */
export async function removeIdentity(deps: Deps, customerId: string, kind: IdentityKind): Promise<Profile> {
  const profile = await ensureProfile(deps, customerId);
  const previous = profile.identities[kind];
  if (previous === undefined) return profile;
  const tx = new Tx<'profile' | 'claim' | 'timeline'>()
    .add('profile', identityRemove(deps, customerId, kind, { previous, at: deps.clock.now().toISOString() }))
    .add('claim', claimDelete(deps, await claimKey(deps, kind, previous)))
    .add('timeline', timelinePut(deps, customerId, identityEntry(kind, 'removed')));
  try {
    await tx.write(deps);
  } catch (error) {
    if (tx.failed(error)) throw changedMeanwhile(kind);
    throw error;
  }
  return (await getProfile(deps, customerId)) as Profile;
}

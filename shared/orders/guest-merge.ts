// Use case: a guest profile merging into a signed-up customer (PUT /me/identities/{kind}).
// An order that came with an identity nobody had created a guest profile owning that
// identity's claim. When a signed-in customer attaches the same identity, the claim moves to
// them — in one transaction with the guest giving the identity up and being marked
// `mergedInto` — and then the guest's orders move over, 25 per transaction, each conditioned
// on still belonging to the guest, with a timeline entry apiece, and the purchase summary.
//
// Only a guest's claim is taken over: an identity owned by a real customer stays a 409.
// Known limits (kept small on purpose): the guest's other identities stay on the guest; if
// the order moves are interrupted, the orders left behind stay on the guest profile.
// Only a verified identity may take over a guest's orders (attaching someone else's e-mail
// must not reveal their orders): the caller passes whether Cognito verified this value for
// the signed-in user (the ID token's email_verified / phone_number_verified claims).

import { outboxPut } from '../platform/outbox.ts';
import { timelinePut } from '../platform/timeline.ts';
import {
  getProfile,
  guestMerged,
  type IdentityKind,
  type Profile,
  purchasedCategories,
  purchasesWrite,
  resolveIdentity,
  setIdentity,
} from '../profiles/index.ts';
import type { Deps } from '../runtime/deps.ts';
import { isDomainError } from '../runtime/errors.ts';
import { failedConditions, transactWrite } from '../table/transact.ts';
import { orderEvents } from './events.ts';
import { customerOrderItems, moveOrderUpdate } from './repository.ts';

/** Orders moved per transaction: an update and a timeline entry each (≤ 100 items). */
const MOVE_BATCH = 25;

/**
 * setIdentity, except that an identity a guest profile owns is taken over, with the guest's orders.
 * 1. Attach the identity (profiles); taken by someone else: go on only if Cognito verified
 *    the value and its owner is a guest.
 * 2. In ONE transaction: the claim moves to the customer, the guest gives the identity up
 *    and is marked merged, the timeline entry and the event.
 * 3. The guest's orders move over, a page per transaction; then the purchase summary.
 */
export async function attachIdentity(
  deps: Deps,
  customerId: string,
  kind: IdentityKind,
  value: string,
  options: { verified: boolean },
): Promise<Profile> {
  try {
    return await setIdentity(deps, customerId, kind, value);
  } catch (error) {
    if (!isDomainError(error, 'identity-taken')) throw error;
    if (!options.verified) throw error;
    const ownerId = await resolveIdentity(deps, kind, value);
    const owner = ownerId && ownerId !== customerId ? await getProfile(deps, ownerId) : undefined;
    if (!owner?.guest) throw error;
    return mergeGuest(deps, customerId, owner, kind, value);
  }
}

async function mergeGuest(deps: Deps, customerId: string, guest: Profile, kind: IdentityKind, value: string): Promise<Profile> {
  const guestId = guest.customerId;
  const guestSide = [
    guestMerged(deps, guestId, kind, { value, into: customerId, at: deps.clock.now().toISOString() }),
    timelinePut(deps, customerId, {
      type: 'guest.merged',
      summary: `Guest orders with this ${kind} linked to the profile`,
      ref: { guestId, kind },
    }),
    outboxPut(deps, { event: orderEvents.guestMerged, subject: `customer#${customerId}`, detail: { customerId, guestId, kind } }),
  ];
  await setIdentity(deps, customerId, kind, value, { fromCustomerId: guestId, items: guestSide });
  await moveOrders(deps, guestId, customerId);
  await mergePurchases(deps, guestId, customerId);
  return (await getProfile(deps, customerId)) as Profile;
}

/** Moves every order of `fromId` to `toId`, a page per transaction. */
async function moveOrders(deps: Deps, fromId: string, toId: string): Promise<void> {
  let cursor: string | undefined;
  do {
    const page = await customerOrderItems(deps, fromId, { limit: MOVE_BATCH, cursor });
    if (page.items.length) {
      await transactWrite(
        deps,
        page.items.flatMap((o) => [
          moveOrderUpdate(deps, o, toId),
          timelinePut(deps, toId, {
            type: 'order.linked',
            summary: `Order ${o.channelOrderId} (placed as a guest) linked`,
            ref: { orderId: o.orderId, channel: o.channel },
          }),
        ]),
      );
    }
    cursor = page.nextCursor;
  } while (cursor);
}

/** The guest's purchase summary folded into the customer's (created or updated: its condition says which). */
async function mergePurchases(deps: Deps, fromId: string, toId: string): Promise<void> {
  const bought = await purchasedCategories(deps, fromId);
  if (!Object.keys(bought).length) return;
  for (const exists of [true, false, true]) {
    try {
      await transactWrite(deps, [purchasesWrite(deps, toId, bought, exists)]);
      return;
    } catch (error) {
      if (!failedConditions(error)) throw error;
    }
  }
}

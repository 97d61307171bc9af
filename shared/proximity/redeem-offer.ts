// Use case: checkout redeems a proximity offer for a customer (POST /offers/{offerId}/redemptions).

import { type Actor, actorKey, actorRef, assertStoreAccess } from '../platform/actor.ts';
import { idempotent, type RecordResponse } from '../platform/idempotency.ts';
import { outboxPut } from '../platform/outbox.ts';
import { timelinePut } from '../platform/timeline.ts';
import { getProfile } from '../profiles/index.ts';
import type { Deps } from '../runtime/deps.ts';
import { fail } from '../runtime/errors.ts';
import { Tx } from '../table/transact.ts';
import { proximityEvents } from './events.ts';
import { getOffer, type Redemption, redemptionCount, redemptionPut } from './offer-repository.ts';
import { refuseRedemption } from './offer-rules.ts';

type RedeemCommand = { offerId: string; customerId: string; storeId: string; idempotencyKey?: string };

/**
 * 1. Staff of the store where it is redeemed (or the POS integration).
 * 2. Read the offer (consistent) and the customer's profile in parallel: either missing is
 *    not found.
 * 3. Refuse an offer outside its validity window or targeted at another store.
 * 4. One transaction: the redemption record only if there is none (once per customer), the
 *    offer's counter only while below its limit, a timeline entry and an offer.redeemed
 *    event, the Idempotency-Key's record. Concurrency cannot push the counter past the limit.
 *    A retry with the same key (per caller) gets the first answer, not `already-redeemed`.
 */
export async function redeemOffer(
  deps: Deps,
  actor: Actor,
  command: RedeemCommand,
): Promise<{ redemption: Redemption; replayed: boolean }> {
  const { idempotencyKey, ...request } = command;
  assertStoreAccess(actor, request.storeId);
  const { response, replayed } = await idempotent<Redemption>(deps, {
    scope: `redemption:${actorKey(actor)}`,
    key: idempotencyKey,
    request,
    ownerOf: (answer) => answer.customerId,
    run: (record) => redeem(deps, actor, request, record),
  });
  return { redemption: response, replayed };
}

async function redeem(deps: Deps, actor: Actor, command: RedeemCommand, record: RecordResponse<Redemption>): Promise<Redemption> {
  const { offerId, customerId, storeId } = command;
  const [offer, profile] = await Promise.all([getOffer(deps, offerId, true), getProfile(deps, customerId)]);
  if (!offer) throw fail.notFound(`There is no offer ${offerId}.`);
  if (!profile) throw fail.notFound(`There is no customer ${customerId}.`);
  const now = deps.clock.now();
  const refusal = refuseRedemption(offer, storeId, now);
  if (refusal) throw fail.conflict(refusal.message, refusal.code);

  const redemption: Redemption = { offerId, customerId, storeId, redeemedAt: now.toISOString() };
  const tx = new Tx<'redemption' | 'counter' | 'announce' | 'idempotency'>()
    .add('redemption', redemptionPut(deps, redemption, actorRef(actor)))
    .add('counter', redemptionCount(deps, offerId))
    .add(
      'announce',
      timelinePut(deps, customerId, { type: 'offer.redeemed', summary: `Redeemed “${offer.title}”`, ref: { offerId, storeId } }),
      outboxPut(deps, { event: proximityEvents.offerRedeemed, subject: `offer#${offerId}`, detail: redemption }),
    )
    .add('idempotency', record(redemption));
  try {
    await tx.write(deps);
  } catch (error) {
    const failed = tx.failed(error);
    if (failed?.has('idempotency')) throw error;
    if (failed?.has('redemption')) throw fail.conflict('This customer already redeemed this offer.', 'already-redeemed');
    if (failed?.has('counter')) throw fail.conflict('This offer has reached its redemption limit.', 'redemption-limit-reached');
    throw error;
  }
  return redemption;
}

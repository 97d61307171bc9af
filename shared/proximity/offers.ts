// Use cases: proximity offers — created, read and replaced by admins and catalog integrations.

import { type Actor, actorKey } from '../platform/actor.ts';
import { idempotent } from '../platform/idempotency.ts';
import type { Deps } from '../runtime/deps.ts';
import { fail } from '../runtime/errors.ts';
import { Tx } from '../table/transact.ts';
import { assertCatalogWriter, assertKnownStore } from './catalog-access.ts';
import { getOffer, newOffer, replaceDefinition } from './offer-repository.ts';
import type { Offer, OfferInput } from './schemas.ts';

/**
 * 1. Admins and catalog integrations only; a targeted store must exist.
 * 2. With an Idempotency-Key (per caller), a retry answers the first offer created.
 * 3. One transaction: the offer (with its live-by-target index entry) and the key's record.
 */
export async function createOffer(deps: Deps, actor: Actor, command: { input: OfferInput; idempotencyKey?: string }): Promise<Offer> {
  const { input, idempotencyKey } = command;
  assertCatalogWriter(actor, input.target.storeId);
  await assertKnownStore(deps, input.target.storeId, 'target.storeId');
  const { response } = await idempotent<Offer>(deps, {
    scope: `offer:${actorKey(actor)}`,
    key: idempotencyKey,
    request: input,
    run: async (record) => {
      const { offer, put } = newOffer(deps, input);
      await new Tx().add('offer', put).add('idempotency', record(offer)).write(deps);
      return offer;
    },
  });
  return response;
}

/** 1. Admins and catalog integrations only. 2. One GetItem; no offer is not found. */
export async function readOffer(deps: Deps, actor: Actor, command: { offerId: string }): Promise<Offer> {
  assertCatalogWriter(actor, undefined);
  const offer = await getOffer(deps, command.offerId);
  if (!offer) throw fail.notFound(`There is no offer ${command.offerId}.`);
  return offer;
}

/**
 * 1. Admins and catalog integrations only; a targeted store must exist.
 * 2. One conditional UpdateItem replaces the definition (its redemption count and creation
 *    time stay, its live-by-target index entry follows); no offer is not found.
 */
export async function replaceOffer(deps: Deps, actor: Actor, command: { offerId: string; input: OfferInput }): Promise<Offer> {
  assertCatalogWriter(actor, command.input.target.storeId);
  await assertKnownStore(deps, command.input.target.storeId, 'target.storeId');
  const offer = await replaceDefinition(deps, command.offerId, command.input);
  if (!offer) throw fail.notFound(`There is no offer ${command.offerId}.`);
  return offer;
}

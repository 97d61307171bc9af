// Use cases: the beacon registry and each store's proximity settings. Admins and catalog
// integrations manage them; staff of a store (and catalog integrations) list its beacons.

import { type Actor, assertStoreAccess } from '../platform/actor.ts';
import type { PageRequest } from '../platform/schemas.ts';
import type { Deps } from '../runtime/deps.ts';
import { fail } from '../runtime/errors.ts';
import { assertCatalogWriter, assertKnownStore } from './catalog-access.ts';
import { beaconIdOf } from './presence-rules.ts';
import { deleteBeacon, listStoreBeacons, putBeacon, putSettings } from './repository.ts';
import type { Beacon, BeaconRegistration, ProximitySettings } from './schemas.ts';

/**
 * Registers a beacon in a store zone, or moves it.
 * 1. Admins and catalog integrations only; the store must exist.
 * 2. The beacon's id is what the phone hears (its iBeacon or Eddystone identity).
 * 3. One PutItem: a registration replaces the beacon's earlier one.
 */
export async function registerBeacon(deps: Deps, actor: Actor, registration: BeaconRegistration): Promise<Beacon> {
  assertCatalogWriter(actor, registration.storeId);
  await assertKnownStore(deps, registration.storeId, 'storeId');
  const beacon = { ...registration, beaconId: beaconIdOf(registration), updatedAt: deps.clock.now().toISOString() } as Beacon;
  await putBeacon(deps, beacon);
  return beacon;
}

/** 1. Admins and catalog integrations only. 2. One DeleteItem; nothing to delete is not found. */
export async function removeBeacon(deps: Deps, actor: Actor, command: { beaconId: string }): Promise<void> {
  assertCatalogWriter(actor, undefined);
  if (!(await deleteBeacon(deps, command.beaconId))) throw fail.notFound(`There is no beacon ${command.beaconId}.`);
}

/** 1. Staff of this store (or a catalog integration). 2. One page of the store's beacons (a Query). */
export async function listBeacons(deps: Deps, actor: Actor, command: { storeId: string } & PageRequest) {
  const { storeId, ...page } = command;
  assertStoreAccess(actor, storeId);
  return listStoreBeacons(deps, storeId, page);
}

/**
 * How many offers a sighting in the store may answer, and the repeat-sighting cooldown.
 * 1. Admins and catalog integrations only; the store must exist.
 * 2. One PutItem beside the store item.
 */
export async function setProximitySettings(
  deps: Deps,
  actor: Actor,
  command: { storeId: string; settings: ProximitySettings },
): Promise<ProximitySettings> {
  assertCatalogWriter(actor, command.storeId);
  await assertKnownStore(deps, command.storeId, 'storeId');
  await putSettings(deps, command.storeId, command.settings);
  return command.settings;
}

// Use cases: the store's booking catalogue — its services, stylists and booking policy —
// written by catalogue writers (the handler checks who) and read by everyone.

import type { Deps } from '../runtime/deps.ts';
import { fail } from '../runtime/errors.ts';
import type { Catalogue } from './booking-rules.ts';
import type { Service, Stylist } from './catalogue-schemas.ts';
import { knownStylists, loadCatalogue, policyItem, putInStore, serviceItem, stylistItem } from './repository.ts';
import type { BookingPolicy } from './schemas.ts';

const noStore = (storeId: string) => fail.notFound(`Store ${storeId} does not exist.`);

/** The store's catalogue (one Query), or not found when there is no such store. */
export async function requireCatalogue(deps: Deps, storeId: string): Promise<Catalogue> {
  const catalogue = await loadCatalogue(deps, storeId);
  if (!catalogue) throw noStore(storeId);
  return catalogue;
}

/** Creates or replaces a stylist: one write, conditioned on the store existing (not found if not). */
export async function putStylist(
  deps: Deps,
  storeId: string,
  stylistId: string,
  body: Omit<Stylist, 'stylistId' | 'storeId' | 'updatedAt'>,
) {
  const stylist: Stylist = { ...body, stylistId, storeId, updatedAt: deps.clock.now().toISOString() };
  if (!(await putInStore(deps, storeId, stylistItem(stylist)))) throw noStore(storeId);
  return stylist;
}

/**
 * Creates or replaces a bookable service.
 * 1. Read the stylists it names (one BatchGetItem). Stylists are never deleted, only
 *    deactivated, so checking that they exist is not a race.
 * 2. An unknown stylist: invalid, naming `stylistIds[i]`.
 * 3. One write, conditioned on the store existing (not found if not).
 */
export async function putService(
  deps: Deps,
  storeId: string,
  serviceId: string,
  body: Omit<Service, 'serviceId' | 'storeId' | 'updatedAt'>,
) {
  const known = await knownStylists(deps, storeId, body.stylistIds);
  const unknown = body.stylistIds.flatMap((id, i) =>
    known.has(id) ? [] : [{ path: `stylistIds[${i}]`, message: `No stylist ${id} in store ${storeId}.` }],
  );
  if (unknown.length) throw fail.invalid(unknown);
  const service: Service = {
    ...body,
    stylistIds: [...new Set(body.stylistIds)],
    serviceId,
    storeId,
    updatedAt: deps.clock.now().toISOString(),
  };
  if (!(await putInStore(deps, storeId, serviceItem(service)))) throw noStore(storeId);
  return service;
}

/** Sets the store's booking policy: one write, conditioned on the store existing (not found if not). */
export async function putPolicy(deps: Deps, storeId: string, policy: BookingPolicy) {
  const record = { ...policy, storeId, updatedAt: deps.clock.now().toISOString() };
  if (!(await putInStore(deps, storeId, policyItem(record)))) throw noStore(storeId);
  return record;
}

/** What the store books, publicly: active services with their active stylists, and the policy. */
export async function getCatalogue(deps: Deps, storeId: string) {
  const catalogue = await requireCatalogue(deps, storeId);
  const services = [...catalogue.services.values()]
    .filter((s) => s.active)
    .map(({ stylistIds, storeId: _s, updatedAt: _u, ...service }) => ({
      ...service,
      stylists: stylistIds.flatMap((id) => {
        const st = catalogue.stylists.get(id);
        return st?.active ? [{ stylistId: id, name: st.name }] : [];
      }),
    }));
  return { storeId, timeZone: catalogue.store.timeZone, policy: catalogue.policy, services };
}

/** Every stylist of the store with their schedules (for staff and catalogue writers). */
export async function listStylists(deps: Deps, storeId: string) {
  const catalogue = await requireCatalogue(deps, storeId);
  return { items: [...catalogue.stylists.values()] };
}

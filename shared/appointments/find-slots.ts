// Use case: the free start times of a service in a store, with the stylists free at each.

import type { Deps } from '../runtime/deps.ts';
import { type Catalogue, type SlotRequest, searchRange, serviceFor, slotsIn, stylistsFor } from './booking-rules.ts';
import { requireCatalogue } from './catalogue.ts';
import { storeBookings } from './repository.ts';
import { formatInZone, isoInZone } from './slots.ts';

const MIN = 60_000;

export type SlotsQuery = { serviceId: string; from: string; to: string; stylistId?: string };

/**
 * 1. Read the store's catalogue (one Query; not found without the store).
 * 2. Decide what is asked: the service, its stylists (the one named, or all who offer it)
 *    and the range (at most 90 days); invalid, naming the field, otherwise.
 * 3. Read the store's bookings over the range (one Query on GSI2; none without stylists).
 * 4. Compute the free starts and show them in the store's time zone.
 */
export async function findSlots(deps: Deps, storeId: string, query: SlotsQuery) {
  return slotsInCatalogue(deps, await requireCatalogue(deps, storeId), query);
}

/** Steps 2–4 over a catalogue already read (the nearby search reads several at once). */
export async function slotsInCatalogue(deps: Deps, catalogue: Catalogue, query: SlotsQuery) {
  const storeId = catalogue.store.storeId;
  const zone = catalogue.store.timeZone;
  const service = serviceFor(catalogue, query.serviceId);
  const candidates = stylistsFor(catalogue, service, query.stylistId);
  const range = searchRange(query.from, query.to, zone);
  const booked = candidates.length ? await storeBookings(deps, storeId, range.start, range.end + service.durationMinutes * MIN) : [];
  const request: SlotRequest = { catalogue, shape: service, candidates, now: deps.clock.now().getTime(), walkIn: false };
  const slots = slotsIn(request, booked, range.start, range.end);
  return {
    storeId,
    serviceId: service.serviceId,
    timeZone: zone,
    from: isoInZone(range.start, zone),
    to: isoInZone(range.end, zone),
    durationMinutes: service.durationMinutes,
    stylists: candidates.map((s) => ({ stylistId: s.stylistId, name: s.name })),
    slots: slots.map((s) => ({ start: formatInZone(s.start, s.offsetMinutes), stylistIds: s.stylistIds })),
  };
}

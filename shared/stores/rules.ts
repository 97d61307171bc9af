// Rules: what a store offers, decided in one place for every module that asks.

import { addOpenMinutes } from './opening-hours.ts';
import type { Store } from './schemas.ts';

/** A store takes pickups while it offers the service and is open (not closed for good or for works). */
export const offersPickup = (store: Pick<Store, 'services' | 'status'>) => store.status === 'open' && store.services.includes('pickup');

/** A store takes returns and exchanges where it offers the service. */
export const takesReturns = (store: Pick<Store, 'services'>) => store.services.includes('returns');

/** When a pickup reserved now could be ready: the store's lead time counted in its opening hours; none without pickup. */
export const pickupReadyAt = (store: Store, now: Date): Date | undefined =>
  offersPickup(store) ? addOpenMinutes(store, now, store.pickupLeadMinutes) : undefined;

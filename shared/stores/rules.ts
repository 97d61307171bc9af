// Rules: what a store offers, decided in one place for every module that asks; which stores
// a nearby search answers; what a directory write stores. Pure.

import { fail } from '../runtime/errors.ts';
import { addOpenMinutes } from './opening-hours.ts';
import type { Store, StoreUpsert } from './schemas.ts';

/** A store takes pickups while it offers the service and is open (not closed for good or for works). */
export const offersPickup = (store: Pick<Store, 'services' | 'status'>) => store.status === 'open' && store.services.includes('pickup');

/** A store takes returns and exchanges where it offers the service. */
export const takesReturns = (store: Pick<Store, 'services'>) => store.services.includes('returns');

/** When a pickup reserved now could be ready: the store's lead time counted in its opening hours; none without pickup. */
export const pickupReadyAt = (store: Store, now: Date): Date | undefined =>
  offersPickup(store) ? addOpenMinutes(store, now, store.pickupLeadMinutes) : undefined;

export type NearbyStore = { store: Store; distanceKm: number };

/** What the nearby index holds of a store: enough to rank and filter, nothing to show. */
export type LeanStore = Pick<Store, 'storeId' | 'location' | 'services'>;
export type Ranked = { storeId: string; distanceKm: number };
/** What a Query of the nearby index found, and where one cut by its limit stopped (the hash of the last entry it read). */
export type RangeRead = { stores: LeanStore[]; stoppedAt?: number };

/** Nearest first, ties by id. */
export const byDistance = (a: Ranked, b: Ranked) => a.distanceKm - b.distanceKm || a.storeId.localeCompare(b.storeId);

/**
 * A probe Query (the first read, density unknown) reads at most this many lean entries: about
 * what one read unit holds (4 KB, ~115 bytes an entry), so a capped probe costs what a Query
 * of one entry costs, and a sparse area's whole radius usually fits in it.
 */
export const PROBE_ENTRIES = 36;
/**
 * The probe's first Query (up from the point's own hash) reads at most this many entries, or
 * a third of `limit` if more: enough to measure the density around the point (nextRing takes
 * a density read from this many stores as it is), and to read a small cluster whole (then the
 * probe is not capped and ends the search in two rounds), few because where stores are dense
 * most of them are not in the answer (read up from the point, they lie on one side of it: of
 * 12 read in the dense bench city ~5 were among the 20 nearest). 8 read ~1 entry less there
 * but made /availability's 10-store cluster take rings (2 more calls).
 */
export const FIRST_PROBE_ENTRIES = 10;
export const firstProbeEntries = (limit: number) => Math.max(FIRST_PROBE_ENTRIES, Math.ceil(limit / 3));
/** Where the radius is expected to hold more than this many times `limit` stores, the probe stops after its first Query. */
const DENSE_FACTOR = 3;

export type FirstProbe = {
  /** Whether the first Query was cut by its limit (if not, it read its whole span). */
  capped: boolean;
  /** Matching stores it read, and the area it read for certain (km²). */
  found: number;
  readKm2: number;
  radiusKm: number;
  limit: number;
};

/**
 * After the probe's first Query: 'probe' reads the rest of the radius (what the first Query
 * left of its span, and the other spans) capped at PROBE_ENTRIES each, as a sparse area
 * needs; 'rings' goes straight to the rings, as a dense one needs (reading the whole span
 * there would read far more entries than the answer). Dense means the density the first
 * Query measured puts more than DENSE_FACTOR × `limit` stores in the radius's disk; a Query
 * that read its whole span is never dense (what it left is read by the next Queries anyway).
 */
export function afterFirstProbe({ capped, found, readKm2, radiusKm, limit }: FirstProbe): 'probe' | 'rings' {
  if (!capped || readKm2 <= 0) return capped ? 'rings' : 'probe';
  return firstRead({ density: found / readKm2, radiusKm, limit });
}

/**
 * Where the density around the point is known before anything is read (remembered from the
 * searches made there lately: area-densities.ts), the probe's first Query is not needed to
 * measure it: 'probe' reads the whole radius at once (the first Query's span and the others,
 * each capped at PROBE_ENTRIES), as a sparse area needs; 'rings' skips the probe. Dense as
 * afterFirstProbe decides it: more than DENSE_FACTOR × `limit` stores expected in the radius.
 */
export function firstRead({ density, radiusKm, limit }: { density: number; radiusKm: number; limit: number }): 'probe' | 'rings' {
  return density * Math.PI * radiusKm ** 2 > DENSE_FACTOR * limit ? 'rings' : 'probe';
}
/** A ring capped by the limit-th store reaches this far past it (a millimetre), so that store counts as nearer. */
const PAST_KTH_KM = 1e-6;
/** After this many rings the last one reaches the radius, whatever was found. */
const MAX_RINGS = 5;
/** A ring grows at least this much, so a search always ends. */
const MIN_GROWTH = 1.25;
/**
 * A ring sized from a remembered density (nothing read yet) reaches this much farther: the
 * density is the area's mean, at which half the rings would hold fewer than `limit` stores.
 * In the bench's dense city 5 % wider took searches needing a second round from 43 % to 15 %,
 * for 1.5 more entries read (10 % wider: 3 %, for 3.1 more).
 */
const REMEMBERED_MARGIN = 1.05;
/** From a handful of stores (fewer than FIRST_PROBE_ENTRIES, and than half of `limit`) a density is a poor guess: the next ring grows at most this much. */
const MAX_GROWTH_ON_FEW = 3;

export type RingState = {
  /** Every store nearer than this has been read (the probe and rings so far). */
  coveredKm: number;
  radiusKm: number;
  limit: number;
  /** Distances of the matching stores read so far (any distance), ascending. */
  distances: number[];
  /**
   * Matching stores per km² around the point: those read over the area read so far (cells
   * are larger than the disk they cover; none read counts as one), or, before anything was
   * read, the density remembered for the area.
   */
  density: number;
  /** Whether `density` is the area's remembered one (nothing read yet). */
  remembered?: boolean;
  rings: number;
};

/**
 * Nearest first, ring by ring: done when `limit` stores lie nearer than the covered distance
 * (no unread cell can hold a nearer one, nor one as near that comes first by id) or the
 * radius is covered; otherwise the next ring's
 * distance. It is sized to hold `limit` stores at the density known (at most
 * MAX_GROWTH_ON_FEW times wider when only a few stores were read),
 * with no margin (but REMEMBERED_MARGIN on a density only remembered): its cover reaches past it anyway, and a ring that falls short is followed
 * by one that reads no farther than the `limit`-th store found (every nearer store lies
 * within it), which costs a round but few entries, where a wider ring would read more entries
 * in most searches. A ring grows at least MIN_GROWTH, and the MAX_RINGS-th reaches the radius.
 */
export function nextRing(state: RingState): number | 'done' {
  const { coveredKm, radiusKm, limit, distances, density, remembered, rings } = state;
  if (coveredKm >= radiusKm) return 'done';
  // Strictly nearer: an unread store at exactly the covered distance could still come first by id.
  if (distances.filter((d) => d < coveredKm).length >= limit) return 'done';
  if (rings + 1 >= MAX_RINGS) return radiusKm;
  const estimate = Math.sqrt(limit / density / Math.PI) * (remembered ? REMEMBERED_MARGIN : 1);
  const few = distances.length > 0 && distances.length < Math.min(limit / 2, FIRST_PROBE_ENTRIES);
  const grown = Math.max(few ? Math.min(estimate, coveredKm * MAX_GROWTH_ON_FEW) : estimate, coveredKm * MIN_GROWTH);
  const kth = distances[limit - 1];
  const next = kth === undefined ? grown : Math.min(kth + PAST_KTH_KM, grown);
  return Math.min(radiusKm, next);
}

/** Queries a ring may take at most (a run of adjacent cells is one). */
export const RANGES_PER_RING = 10;
/** A ring takes one query for every this many stores it is expected to read. */
const STORES_PER_RANGE = 2.5;

export type RingDensity = {
  /** Matching stores per km² around the point (as RingState's). */
  density: number;
  /** The ring about to be read. */
  ringKm: number;
};

/**
 * How many hash ranges (queries) the next ring may use. Fewer ranges are coarser: they read
 * more stores outside the ring but make fewer queries. A ring gets one query per
 * STORES_PER_RANGE stores expected in its disk at the density known, between 1 and
 * RANGES_PER_RING. So where stores are sparse the rings that find nothing cost one or two
 * coarse queries, and the ring that reaches the answer is sized and split like a dense one.
 */
export function ringRanges({ density, ringKm }: RingDensity): number {
  const expected = density * Math.PI * ringKm ** 2;
  return Math.min(RANGES_PER_RING, Math.max(1, Math.ceil(expected / STORES_PER_RANGE)));
}

/** Distances are answered to the metre. */
export const roundKm = (km: number) => Math.round(km * 1000) / 1000;

/** The store a directory write stores: the path names it; a body that names it too must agree. */
export function storeToSave(storeId: string, { storeId: named, ...store }: StoreUpsert): Store {
  if (named !== undefined && named !== storeId) {
    throw fail.invalid([{ path: 'storeId', message: 'Must match the store id in the path (or be left out).' }]);
  }
  return { ...store, storeId };
}

// Use case: the stores near a point, nearest first. The nearby index (GSI3) holds a lean entry
// per store (id, location, services) under its geohash; a search first probes the radius
// with a few Queries capped by Limit (one small one alone first: where it finds the area
// dense the rest of the probe is skipped; the rest reads a sparse area whole), then reads ring after
// ring of cells around the point and stops as soon as `limit` stores are nearer than anything
// an unread cell could hold, so what it reads follows the answer, not the density around it.
// Where the area's density is remembered from the searches made there lately
// (area-densities.ts), the probe's first Query is not needed: a round fewer.
// Only then are the full items of the stores it answers read (one BatchGetItem).

import type { Deps } from '../runtime/deps.ts';
import { fail } from '../runtime/errors.ts';
import { areaDensities } from './area-densities.ts';
import { haversineKm, type Point } from './geo.ts';
import {
  cellCount,
  coverDisk,
  type HashRange,
  probeQueries,
  type RangeQuery,
  RangeSet,
  readPart,
  readRadiusKm,
  tooCloseToPole,
  unitAreaKm2,
} from './geo-cells.ts';
import { isOpenAt } from './opening-hours.ts';
import { getStores, storesInRange } from './repository.ts';
import {
  afterFirstProbe,
  byDistance,
  firstProbeEntries,
  firstRead,
  type NearbyStore,
  nextRing,
  PROBE_ENTRIES,
  type RangeRead,
  type Ranked,
  ringRanges,
  roundKm,
} from './rules.ts';
import type { NearbySearch, NearbyStoreView } from './schemas.ts';

/** Reads a round of Queries (in parallel), each answer in its query's place. */
export type RangeReader = (queries: RangeQuery[]) => Promise<RangeRead[]>;

/**
 * What a search did, for a bench or a test to check (the search needs none of it; its figures
 * are added to): rounds of Queries, Queries, lean entries read, and the geohash cells it
 * touched: the hash ranges the rings Queried, counted as the fewest whole cells they make (two
 * sibling cells are their parent; a range along the disk's edge is a run of small cells),
 * plus one for each probe Query (a probe reads a span from the point, not a cell: counted as one).
 */
export type NearbyTrace = { rounds: number; queries: number; entries: number; cellsTouched: number };

/** The density remembered around the point, if any (stores per km²), and the one the search measured (set by it). */
export type AreaDensity = { known?: number; measured?: number };

/**
 * Nearest first over any reader of hash ranges (the index, or an array in a test).
 * 1. Probe: the whole radius, one span of hashes per partition (two Queries, up and down from
 *    the point's own hash, where it lies). Its first Query (up) goes alone, capped at a few
 *    entries (rules: firstProbeEntries), and measures the density around the point. Where
 *    that is sparse, the rest of the radius follows in one round (what the first Query left
 *    of its span, and the other spans, each capped at PROBE_ENTRIES), which usually reads it
 *    whole; where it is dense, the rings follow at once (rules: afterFirstProbe). A capped
 *    Query's read part joins the read set, so later rings read only the rest.
 *    Where the area's density is known (`area.known`: remembered from the searches made there
 *    lately), the first Query is not needed to measure it: a sparse area's whole probe goes
 *    in one round, a dense one's rings start at once (rules: firstRead).
 * 2. Then ring by ring: cover the next ring's disk with hash ranges, leaving out what was read
 *    (geo-cells: coverDisk, its edge followed with cells as fine as the density measured
 *    makes worth it, small gaps read through); read the ranges (in parallel).
 * 3. Done when `limit` stores lie nearer than the covered distance or the radius is covered;
 *    otherwise size the next ring from what was found (rules: nextRing).
 * The density found over the area read is left in `area.measured`, for the next search there.
 */
export async function nearestFirst(
  center: Point,
  search: Pick<NearbySearch, 'radiusKm' | 'limit'>,
  read: RangeReader,
  trace?: NearbyTrace,
  area: AreaDensity = {},
): Promise<Ranked[]> {
  const readSet = new RangeSet();
  const found = new Map<string, Ranked>();
  const unit = unitAreaKm2(center.lat);
  const touched: HashRange[] = [];
  let probes = 0;
  const take = async (queries: RangeQuery[]) => {
    const results = await read(queries);
    if (trace) {
      trace.rounds++;
      trace.queries += queries.length;
      trace.entries += results.reduce((n, r) => n + r.stores.length, 0);
    }
    return results.map((result, i) => {
      const done = readPart(queries[i]!, result.stoppedAt);
      if (done) readSet.add(done);
      for (const store of result.stores)
        found.set(store.storeId, { storeId: store.storeId, distanceKm: haversineKm(center, store.location) });
      return { ...result, readKm2: done ? (done.hi - done.lo + 1) * unit : 0 };
    });
  };
  const [span, ...others] = probeQueries(center, search.radiusKm, PROBE_ENTRIES);
  if (area.known !== undefined) {
    // The density is known: no Query is needed to measure it (rules: firstRead).
    if (firstRead({ density: area.known, ...search }) === 'probe') {
      await take([span!, ...others]);
      probes += 1 + others.length;
    }
  } else {
    // The probe: its first Query alone, small, measures the density around the point; the rest
    // of the radius follows unless that is dense (rules: afterFirstProbe).
    const first: RangeQuery = { ...span!, limit: firstProbeEntries(search.limit) };
    const [measured] = await take([first]);
    probes++;
    const { stoppedAt, stores, readKm2: firstKm2 } = measured!;
    const capped = stoppedAt !== undefined;
    if (afterFirstProbe({ capped, found: stores.length, readKm2: firstKm2, ...search }) === 'probe') {
      // What the first Query left of its span, from the hash it stopped at (entries of it may remain).
      const rest: RangeQuery[] = !capped ? [] : span!.descending ? [{ ...span!, hi: stoppedAt }] : [{ ...span!, lo: stoppedAt }];
      if (rest.length || others.length) await take([...rest, ...others]);
      probes += rest.length + others.length;
    }
  }
  // Stores per km² over what was read (a probe that stopped at its first hash has read nothing
  // for certain: one hash counts; none found counts as one).
  const measured = () => Math.max(1, found.size) / (Math.max(1, readSet.length) * unit);
  let ringKm = 0;
  for (let rings = 1; ; rings++) {
    const distances = [...found.values()].map((f) => f.distanceKm).sort((a, b) => a - b);
    const coveredKm = Math.max(ringKm, readRadiusKm(center, readSet, search.radiusKm));
    // Before anything is read, the known density.
    const remembered = probes === 0 && ringKm === 0;
    const density = remembered ? area.known! : measured();
    const next = nextRing({ coveredKm, ...search, distances, density, remembered, rings });
    if (next === 'done') break;
    const maxRanges = ringRanges({ density, ringKm: next });
    const ranges = coverDisk(center, next, { maxRanges, density, read: readSet });
    await take(ranges);
    touched.push(...ranges);
    ringKm = next;
  }
  area.measured = probes === 0 && ringKm === 0 ? area.known : measured();
  if (trace) trace.cellsTouched += probes + cellCount(touched);
  return [...found.values()]
    .filter((f) => f.distanceKm <= search.radiusKm)
    .sort(byDistance)
    .slice(0, search.limit);
}

/** The nearby stores ranked, from the lean index only (availability reads their full items itself). A trace, if given, is added to. */
export async function rankNearby(deps: Deps, search: NearbySearch, trace?: NearbyTrace): Promise<Ranked[]> {
  const center = { lat: search.lat, lon: search.lon };
  if (tooCloseToPole(center, search.radiusKm)) {
    throw fail.invalid([{ path: 'lat', message: 'Too close to a pole for a nearby search; use a smaller radius.' }]);
  }
  const read: RangeReader = (queries) => Promise.all(queries.map((query) => storesInRange(deps, query, search.service)));
  const densities = areaDensities(deps);
  const area: AreaDensity = { known: densities.get(center, search.service) };
  const ranked = await nearestFirst(center, search, read, trace, area);
  densities.remember(center, search.service, area.measured!);
  return ranked;
}

/**
 * The stores within the radius, nearest first, as full records.
 * 1. Rank them on the lean index (rankNearby), refused within a few km of a pole.
 * 2. Read the full items of those kept: one BatchGetItem.
 */
export async function nearbyStores(deps: Deps, search: NearbySearch): Promise<NearbyStore[]> {
  const ranked = await rankNearby(deps, search);
  const stores = await getStores(
    deps,
    ranked.map((r) => r.storeId),
  );
  return ranked.flatMap(({ storeId, distanceKm }) => {
    const store = stores.get(storeId);
    return store ? [{ store, distanceKm }] : [];
  });
}

/** GET /stores/nearby: the nearby stores as a customer sees them, with whether each is open now. */
export async function findNearby(deps: Deps, search: NearbySearch): Promise<NearbyStoreView[]> {
  const now = deps.clock.now();
  const found = await nearbyStores(deps, search);
  return found.map(({ store, distanceKm }) => ({
    storeId: store.storeId,
    name: store.name,
    address: store.address,
    location: store.location,
    distanceKm: roundKm(distanceKm),
    openNow: isOpenAt(store, now),
    services: store.services,
    timeZone: store.timeZone,
  }));
}

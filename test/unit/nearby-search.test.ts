import fc from 'fast-check';
import ngeohash from 'ngeohash';
import { describe, expect, it } from 'vitest';
import { type AreaDensity, type NearbyTrace, nearestFirst } from '#shared/stores/find-nearby.ts';
import { haversineKm, type Point } from '#shared/stores/geo.ts';
import { HASH_BITS, type RangeQuery, tooCloseToPole } from '#shared/stores/geo-cells.ts';
import { firstProbeEntries, type LeanStore, PROBE_ENTRIES, type RangeRead } from '#shared/stores/rules.ts';

type Placed = LeanStore & { hash: number };

/**
 * The index in memory, sorted as GSI3 sorts (hash, then id): what each Query would return
 * (capped ones from their end, stopping where DynamoDB would), and how much was read.
 */
function memoryIndex(stores: Placed[]) {
  const sorted = [...stores].sort((a, b) => a.hash - b.hash || a.storeId.localeCompare(b.storeId));
  const stats = { reads: 0, rangesRead: 0, rings: 0, probeQueries: 0 };
  const read = async (queries: RangeQuery[]): Promise<RangeRead[]> => {
    stats.rings++;
    if (stats.rings === 1) stats.probeQueries = queries.length;
    stats.rangesRead += queries.length;
    return queries.map((q) => {
      const inRange = sorted.filter((s) => q.lo <= s.hash && s.hash <= q.hi);
      if (q.descending) inRange.reverse();
      const found = q.limit === undefined ? inRange : inRange.slice(0, q.limit);
      stats.reads += found.length;
      const cut = q.limit !== undefined && found.length === q.limit;
      return { stores: found, stoppedAt: cut ? found[found.length - 1]!.hash : undefined };
    });
  };
  return { read, stats };
}

const place = (storeId: string, location: Point): Placed => ({
  storeId,
  location,
  services: [],
  hash: ngeohash.encode_int(location.lat, location.lon, HASH_BITS) as number,
});

function bruteForce(center: Point, stores: Placed[], radiusKm: number, limit: number) {
  return stores
    .map((s) => ({ storeId: s.storeId, distanceKm: haversineKm(center, s.location) }))
    .filter((s) => s.distanceKm <= radiusKm)
    .sort((a, b) => a.distanceKm - b.distanceKm || a.storeId.localeCompare(b.storeId))
    .slice(0, limit);
}

/** A seeded pseudo-random sequence in [0, 1) (Park–Miller). */
function random(seed: number) {
  let x = seed;
  return () => {
    x = (x * 16807) % 2147483647;
    return x / 2147483647;
  };
}

const wrap = (lon: number) => ((lon + 540) % 360) - 180;

/**
 * 10,000 stores in a 60 × 54 km box over Madrid (~3 per km²: the 20 nearest lie within ~1.5 km),
 * and points at least 5 km inside it.
 */
function denseCity(seed: number) {
  const sol = { lat: 40.4169, lon: -3.7035 };
  const next = random(seed);
  const kmLat = 1 / 111.2;
  const kmLon = 1 / (111.2 * Math.cos((sol.lat * Math.PI) / 180));
  const stores = Array.from({ length: 10_000 }, (_, i) =>
    place(`m${i}`, { lat: sol.lat + (next() - 0.5) * 54 * kmLat, lon: sol.lon + (next() - 0.5) * 60 * kmLon }),
  );
  const inner = () => ({ lat: sol.lat + (next() - 0.5) * 44 * kmLat, lon: sol.lon + (next() - 0.5) * 50 * kmLon });
  return { sol, stores, inner };
}

/** 100 stores within 30 km of Sol (~0.035 per km²), the 10 nearest within 10 km. */
function sparseCity() {
  const sol = { lat: 40.4169, lon: -3.7035 };
  const next = random(7);
  const stores = Array.from({ length: 100 }, (_, i) => {
    const r = 30 * Math.sqrt(next());
    const a = 2 * Math.PI * next();
    return place(`s${i}`, { lat: sol.lat + (r / 111.2) * Math.sin(a), lon: sol.lon + (r / (111.2 * Math.cos(0.7054))) * Math.cos(a) });
  });
  return { sol, stores };
}

const newTrace = (): NearbyTrace => ({ rounds: 0, queries: 0, entries: 0, cellsTouched: 0 });

describe('nearestFirst', () => {
  it('answers exactly what a brute-force haversine scan answers (property: dense and sparse, antimeridian, high latitudes, stores sharing a hash)', async () => {
    const center = fc.record({ lat: fc.double({ min: -84, max: 84, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }) });
    // Spread 0: many stores at one point (one hash), so a capped probe stops inside a hash.
    const cluster = fc.record({ spread: fc.constantFrom(0, 0.005, 0.05, 0.5), count: fc.integer({ min: 0, max: 250 }) });
    await fc.assert(
      fc.asyncProperty(
        center,
        fc.array(cluster, { minLength: 1, maxLength: 3 }),
        fc.double({ min: 0.1, max: 50, noNaN: true }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer(),
        // A density remembered for the area, if any: right, wrong or absurd, never the answer's business.
        fc.option(fc.double({ min: 1e-6, max: 1e5, noNaN: true }), { nil: undefined }),
        async (c, clusters, radiusKm, limit, seed, known) => {
          fc.pre(!tooCloseToPole(c, radiusKm));
          let x = seed;
          const next = () => {
            x = (x * 1103515245 + 12345) % 2147483648;
            return Math.abs(x) / 2147483648;
          };
          const stores = clusters.flatMap(({ spread, count }, k) =>
            Array.from({ length: count }, (_, i) =>
              place(`s${k}-${String(i).padStart(3, '0')}`, {
                lat: Math.max(-90, Math.min(90, c.lat + (next() - 0.5) * 2 * spread)),
                lon: wrap(c.lon + (next() - 0.5) * 2 * spread),
              }),
            ),
          );
          const index = memoryIndex(stores);
          const area: AreaDensity = { known };
          const found = await nearestFirst(c, { radiusKm, limit }, index.read, undefined, area);
          expect(found.map((f) => f.storeId)).toEqual(bruteForce(c, stores, radiusKm, limit).map((f) => f.storeId));
          expect(index.stats.rings).toBeLessThanOrEqual(5);
          expect(area.measured).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads what the answer needs in a dense city, not the stores around it', async () => {
    const { sol, stores } = denseCity(42);
    const index = memoryIndex(stores);
    const trace = newTrace();
    const found = await nearestFirst(sol, { radiusKm: 5, limit: 20 }, index.read, trace);
    expect(found.map((f) => f.storeId)).toEqual(bruteForce(sol, stores, 5, 20).map((f) => f.storeId));
    // The trace tells what the index saw.
    expect(trace).toMatchObject({ rounds: index.stats.rings, queries: index.stats.rangesRead, entries: index.stats.reads });
    const within5 = stores.filter((s) => haversineKm(sol, s.location) <= 5).length;
    expect(within5).toBeGreaterThan(200);
    // Lean entries read: the probe's first Query alone (small; it finds the area dense, so the
    // rest of the probe is skipped), then the rings, which read no more than the answer, its
    // like again in cells' corners, and one entry per Query made.
    expect(index.stats.probeQueries).toBe(1);
    expect(index.stats.reads).toBeLessThanOrEqual(firstProbeEntries(20) + 2 * 20 + index.stats.rangesRead);
    // Rings sized with no margin: here the first falls short and a second, reaching no farther
    // than the 20th store found, follows (17 Queries in three rounds here).
    expect(index.stats.rangesRead).toBeLessThanOrEqual(18);
    expect(index.stats.rings).toBeLessThanOrEqual(3);
    // The rings follow the disk's edge with small cells (a few Queries read runs of them): the
    // target, entries and full items within 2 × limit + cells touched (42 cells here).
    expect(trace.cellsTouched).toBeGreaterThan(index.stats.rangesRead);
    expect(trace.entries + found.length).toBeLessThanOrEqual(2 * 20 + trace.cellsTouched);
  });

  it('reads fewer lean entries a search than twice the answer in a dense city, over many points', async () => {
    // The bench's dense city with other stores and points: per search the lean entries read, and
    // the geohash cells touched (the target: entries and full items ≤ 2 × limit + cells touched).
    const { stores, inner } = denseCity(4242);
    const index = memoryIndex(stores);
    const points = Array.from({ length: 30 }, inner);
    let entries = 0;
    let cells = 0;
    for (const p of points) {
      const trace = newTrace();
      const found = await nearestFirst(p, { radiusKm: 5, limit: 20 }, index.read, trace);
      expect(found.map((f) => f.storeId)).toEqual(bruteForce(p, stores, 5, 20).map((f) => f.storeId));
      entries += trace.entries;
      cells += trace.cellsTouched;
    }
    // ~38 entries and ~28 cells a search here (in the bench's city 37.8 entries and 29.2 cells).
    // Most cells are the edge's, each expected to hold a quarter of a store: they stay fewer than
    // the 2 × limit entries the target allows besides them.
    expect(entries / points.length).toBeLessThan(2 * 20);
    expect(cells / points.length).toBeLessThan(2 * 20);
  });

  it('where the area is remembered dense, skips the probe: one ring, a little wider, reads the answer in one round mostly', async () => {
    const { stores, inner } = denseCity(4242);
    const index = memoryIndex(stores);
    const points = Array.from({ length: 30 }, inner);
    const cold = { rounds: 0, entries: 0 };
    const warm = { rounds: 0, entries: 0, probes: 0, cells: 0 };
    for (const p of points) {
      const first: AreaDensity = {};
      const coldTrace = newTrace();
      await nearestFirst(p, { radiusKm: 5, limit: 20 }, index.read, coldTrace, first);
      cold.rounds += coldTrace.rounds;
      cold.entries += coldTrace.entries;
      // ~3 stores per km² measured over what was read.
      expect(first.measured).toBeGreaterThan(1.5);
      expect(first.measured).toBeLessThan(6);
      const trace = newTrace();
      index.stats.rings = 0;
      const found = await nearestFirst(p, { radiusKm: 5, limit: 20 }, index.read, trace, { known: first.measured });
      expect(found.map((f) => f.storeId)).toEqual(bruteForce(p, stores, 5, 20).map((f) => f.storeId));
      warm.rounds += trace.rounds;
      warm.entries += trace.entries;
      warm.cells += trace.cellsTouched;
      // No probe: the first read is a ring of several ranges, not one capped Query.
      if (index.stats.probeQueries === 1) warm.probes++;
    }
    expect(warm.probes).toBe(0);
    // Cold: the probe, a ring, a second ring in about half the searches (~2.5 rounds). Warm: ~1.15.
    expect(cold.rounds / points.length).toBeGreaterThan(2);
    expect(warm.rounds / points.length).toBeLessThan(1.4);
    expect(warm.entries).toBeLessThan(cold.entries);
    // The target still holds on average: entries and full items within 2 × limit + cells touched.
    expect((warm.entries + 20 * points.length) / points.length).toBeLessThanOrEqual(2 * 20 + warm.cells / points.length);
  });

  it('where the area is remembered sparse, reads the whole radius in one round', async () => {
    const { sol, stores } = sparseCity();
    const first: AreaDensity = {};
    await nearestFirst(sol, { radiusKm: 10, limit: 10 }, memoryIndex(stores).read, undefined, first);
    const index = memoryIndex(stores);
    const found = await nearestFirst(sol, { radiusKm: 10, limit: 10 }, index.read, undefined, { known: first.measured });
    expect(found.map((f) => f.storeId)).toEqual(bruteForce(sol, stores, 10, 10).map((f) => f.storeId));
    expect(index.stats.rings).toBe(1);
    expect(index.stats.probeQueries).toBeLessThanOrEqual(2);
    expect(index.stats.reads).toBeLessThanOrEqual(2 * PROBE_ENTRIES);
  });

  it('reads a sparse area in two rounds of the probe (its first Query, then the rest)', async () => {
    const { sol, stores } = sparseCity();
    const index = memoryIndex(stores);
    const found = await nearestFirst(sol, { radiusKm: 10, limit: 10 }, index.read);
    expect(found.map((f) => f.storeId)).toEqual(bruteForce(sol, stores, 10, 10).map((f) => f.storeId));
    // The probe reads the whole radius: its first Query finds the area sparse, then what it
    // left of its span and the span down from the point follow in one round. No ring.
    expect(index.stats.probeQueries).toBe(1);
    expect(index.stats.rings).toBe(2);
    expect(index.stats.rangesRead).toBeLessThanOrEqual(3);
    expect(index.stats.reads).toBeLessThanOrEqual(firstProbeEntries(10) + 2 * PROBE_ENTRIES);
  });
});

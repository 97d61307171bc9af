// A quick simulator of the nearby search's reads (no DynamoDB): the bench's stores and
// centres in memory, sorted as GSI3 sorts them; prints per search the DynamoDB calls, items
// read, rounds, geohash cells touched, and how many searches read at most 2 × limit + cells touched.
// Run: npm run bench:probe-sim (seconds; the calls and items match `npm run bench`'s exactly).
import ngeohash from 'ngeohash';
import { seededRandom } from '#infra/local/seed-random.ts';
import { AreaDensities } from '#shared/stores/area-densities.ts';
import { type AreaDensity, type NearbyTrace, nearestFirst } from '#shared/stores/find-nearby.ts';
import type { Point } from '#shared/stores/geo.ts';
import { HASH_BITS, type RangeQuery } from '#shared/stores/geo-cells.ts';
import type { LeanStore, RangeRead } from '#shared/stores/rules.ts';

type Placed = LeanStore & { hash: number };
const sol = { lat: 40.4169, lon: -3.7035 };
const kmLat = 1 / 111.2;
const kmLon = 1 / (111.2 * Math.cos((sol.lat * Math.PI) / 180));
const place = (storeId: string, lat: number, lon: number): Placed => ({
  storeId,
  location: { lat, lon },
  services: [],
  hash: ngeohash.encode_int(lat, lon, HASH_BITS) as number,
});

function madrid(): Placed[] {
  const next = seededRandom(100);
  return Array.from({ length: 100 }, (_, i) => {
    const r = 30 * Math.sqrt(next());
    const a = 2 * Math.PI * next();
    return place(
      `mad-${i}`,
      sol.lat + (r / 111.2) * Math.sin(a),
      sol.lon + (r / (111.2 * Math.cos((sol.lat * Math.PI) / 180))) * Math.cos(a),
    );
  });
}
function europe(): Placed[] {
  const next = seededRandom(9900);
  return Array.from({ length: 9900 }, (_, i) => place(`eu-${i}`, 36 + 24 * next(), -10 + 40 * next()));
}
function dense(count: number): Placed[] {
  const next = seededRandom(count + 1);
  return Array.from({ length: count }, (_, i) =>
    place(`d-${i}`, sol.lat + (next() - 0.5) * 54 * kmLat, sol.lon + (next() - 0.5) * 60 * kmLon),
  );
}
const centres = (() => {
  const next = seededRandom(60);
  return Array.from({ length: 60 }, () => ({ lat: sol.lat + (next() - 0.5) * 44 * kmLat, lon: sol.lon + (next() - 0.5) * 50 * kmLon }));
})();
const jitter = (i: number) => ({
  lat: Number((sol.lat + ((i % 17) - 8) * 0.002).toFixed(5)),
  lon: Number((sol.lon + ((i % 13) - 6) * 0.002).toFixed(5)),
});

async function run(name: string, stores: Placed[], points: Point[], radiusKm: number, limit: number) {
  const sorted = [...stores].sort((a, b) => a.hash - b.hash || a.storeId.localeCompare(b.storeId));
  const read = async (queries: RangeQuery[]): Promise<RangeRead[]> =>
    queries.map((q) => {
      const inRange = sorted.filter((s) => q.lo <= s.hash && s.hash <= q.hi);
      if (q.descending) inRange.reverse();
      const found = q.limit === undefined ? inRange : inRange.slice(0, q.limit);
      const cut = q.limit !== undefined && found.length === q.limit;
      return { stores: found, stoppedAt: cut ? found[found.length - 1]!.hash : undefined };
    });
  // Cold: every search the first in its area. Warm: the same points searched again, each
  // area's density remembered from the last search there (as a warm process does, and the bench
  // after its warm-up). Both passes remember what they measure.
  const densities = new AreaDensities();
  await tally(`${name} cold`, () => ({}));
  await tally(`${name} warm`, (p) => ({ known: densities.get(p) }));

  async function tally(label: string, areaOf: (p: Point) => AreaDensity) {
    const sum = { calls: 0, items: 0, rounds: 0, cells: 0, within: 0 };
    for (const p of points) {
      const trace: NearbyTrace = { rounds: 0, queries: 0, entries: 0, cellsTouched: 0 };
      const area = areaOf(p);
      const ranked = await nearestFirst(p, { radiusKm, limit }, read, trace, area);
      densities.remember(p, undefined, area.measured!);
      // As the bench counts them: the Queries and a BatchGetItem of the stores answered (if any), and their items.
      const items = trace.entries + ranked.length;
      sum.calls += trace.queries + (ranked.length ? 1 : 0);
      sum.items += items;
      sum.rounds += trace.rounds;
      sum.cells += trace.cellsTouched;
      if (items <= 2 * limit + trace.cellsTouched) sum.within++;
    }
    const n = points.length;
    const per = (v: number) => (v / n).toFixed(2);
    console.log(
      `${label.padEnd(27)} calls ${per(sum.calls)}  items ${per(sum.items)}  rounds ${per(sum.rounds)}  cells touched ${per(sum.cells)}  items ≤ 2 × limit + cells: ${sum.within}/${n}`,
    );
  }
}

/** GET /availability's 10 stores, a few hundred metres apart around Sol (inventory.ts). */
const cluster = () => Array.from({ length: 10 }, (_, i) => place(`mad-${i}`, sol.lat + (i - 5) * 0.003, sol.lon + (i % 3) * 0.003));

const sparsePoints = Array.from({ length: 221 }, (_, i) => jitter(i));
const mad = madrid();
// Its nearby search only (the request then reads the stores' items and stock lines: 2 BatchGetItems, not 1).
await run('availability nearby', cluster(), sparsePoints, 3, 10);
await run('sparse 100', mad, sparsePoints, 10, 10);
await run('sparse 10k', [...mad, ...europe()], sparsePoints, 10, 10);
const d100 = dense(100);
const d10k = dense(10000);
await run('dense 100 l20', d100, centres, 5, 20);
await run('dense 100 l50', d100, centres, 5, 50);
await run('dense 10k l20', d10k, centres, 5, 20);
await run('dense 10k l50', d10k, centres, 5, 50);

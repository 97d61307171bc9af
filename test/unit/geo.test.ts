import fc from 'fast-check';
import ngeohash from 'ngeohash';
import { describe, expect, it } from 'vitest';
import { boundingBoxes, geohash9, haversineKm, type Point } from '#shared/stores/geo.ts';
import {
  cellCount,
  coverDisk,
  HASH_BITS,
  type HashRange,
  hashString,
  hashValue,
  mergeRanges,
  minDistanceKm,
  PARTITION_BITS,
  probeQueries,
  RangeSet,
  readPart,
  readRadiusKm,
  tooCloseToPole,
  unitAreaKm2,
} from '#shared/stores/geo-cells.ts';

const R = 6371.0088;
const rad = (d: number) => (d * Math.PI) / 180;
const deg = (r: number) => (r * 180) / Math.PI;

/** The point `km` away from `from` on bearing `bearingDeg` (great circle). */
function destination(from: Point, km: number, bearingDeg: number): Point {
  const d = km / R;
  const t = rad(bearingDeg);
  const p1 = rad(from.lat);
  const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(t));
  const l2 = rad(from.lon) + Math.atan2(Math.sin(t) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
  return { lat: deg(p2), lon: ((deg(l2) + 540) % 360) - 180 };
}

const center = fc.record({ lat: fc.double({ min: -84, max: 84, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }) });
const radius = fc.double({ min: 0.1, max: 50, noNaN: true });

describe('haversineKm', () => {
  it('measures known distances', () => {
    const sol = { lat: 40.4169, lon: -3.7035 };
    expect(haversineKm(sol, { lat: 41.3874, lon: 2.1686 })).toBeCloseTo(505, -1); // Barcelona
    expect(haversineKm(sol, sol)).toBe(0);
  });
});

const inRanges = (ranges: HashRange[], p: Point) => {
  const hash = ngeohash.encode_int(p.lat, p.lon, HASH_BITS) as number;
  return ranges.some((r) => r.lo <= hash && hash <= r.hi);
};
const hashCount = (ranges: HashRange[]) => ranges.reduce((n, r) => n + r.hi - r.lo + 1, 0);

describe('coverDisk', () => {
  it('covers every point within the radius (property, against the great-circle destination)', () => {
    fc.assert(
      fc.property(
        center,
        radius,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 360, noNaN: true }),
        fc.integer({ min: 1, max: 24 }),
        fc.option(fc.double({ min: 0.001, max: 1000, noNaN: true })),
        (c, r, f, bearing, maxRanges, density) => {
          fc.pre(!tooCloseToPole(c, r));
          const ranges = coverDisk(c, r, { maxRanges, ...(density === null ? {} : { density }) });
          expect(inRanges(ranges, destination(c, r * f * 0.999_999, bearing))).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('covers every point within the radius that was not read before (property)', () => {
    fc.assert(
      fc.property(
        center,
        radius,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 360, noNaN: true }),
        fc.array(
          fc.tuple(
            fc.double({ min: 0, max: 1, noNaN: true }),
            fc.double({ min: 0, max: 360, noNaN: true }),
            fc.integer({ min: 0, max: 20 }),
          ),
        ),
        (c, r, f, bearing, reads) => {
          fc.pre(!tooCloseToPole(c, r));
          // What was read: runs of hashes around points of the disk.
          const read = new RangeSet();
          for (const [g, b, bits] of reads) {
            const at = ngeohash.encode_int(destination(c, r * g, b).lat, destination(c, r * g, b).lon, HASH_BITS) as number;
            read.add({ lo: Math.max(0, at - 2 ** bits), hi: at + 2 ** bits });
          }
          const ranges = coverDisk(c, r, { maxRanges: 6, density: 2, read });
          const p = destination(c, r * f * 0.999_999, bearing);
          const hash = ngeohash.encode_int(p.lat, p.lon, HASH_BITS) as number;
          expect(inRanges(ranges, p) || read.covers({ lo: hash, hi: hash })).toBe(true);
          expect(ranges.every((range) => !read.covers(range))).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never says a box is nearer than any of its points (property)', () => {
    fc.assert(
      fc.property(
        center,
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.double({ min: 0.0001, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (c, dLat, dLon, size, u, v) => {
          const minLat = Math.max(-90, Math.min(89, c.lat + dLat));
          const minLon = Math.max(-180, Math.min(179, c.lon + dLon));
          const box = { minLat, maxLat: Math.min(90, minLat + size), minLon, maxLon: Math.min(180, minLon + size) };
          const p = { lat: box.minLat + u * (box.maxLat - box.minLat), lon: box.minLon + v * (box.maxLon - box.minLon) };
          expect(haversineKm(c, p)).toBeGreaterThanOrEqual(minDistanceKm(c, box) - 1e-9);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps to its budget and leaves out what was read', () => {
    const madrid = { lat: 40.4169, lon: -3.7035 };
    const ranges = coverDisk(madrid, 2, { maxRanges: 10 });
    expect(ranges.length).toBeLessThanOrEqual(10);
    expect(coverDisk(madrid, 2, { maxRanges: 1, density: 3 })).toHaveLength(1);
    const read = new RangeSet();
    for (const range of ranges) read.add(range);
    expect(coverDisk(madrid, 2, { maxRanges: 10, read })).toEqual([]);
    const wider = coverDisk(madrid, 3, { maxRanges: 10, read });
    expect(wider.length).toBeGreaterThan(0);
    expect(wider.every((r) => !read.covers(r))).toBe(true);
  });

  it('follows the edge more finely where stores are denser, and a larger budget reads less around the disk', () => {
    const madrid = { lat: 40.4169, lon: -3.7035 };
    const sparse = coverDisk(madrid, 1.5, { maxRanges: 10, density: 0.05 });
    const dense = coverDisk(madrid, 1.5, { maxRanges: 10, density: 3 });
    expect(cellCount(dense)).toBeGreaterThan(cellCount(sparse));
    expect(hashCount(dense)).toBeLessThan(hashCount(sparse));
    // Fewer Queries: the smallest gaps are read too, so more is read.
    const few = coverDisk(madrid, 1.5, { maxRanges: 3, density: 3 });
    expect(few.length).toBeLessThanOrEqual(3);
    expect(hashCount(few)).toBeGreaterThan(hashCount(dense));
    // A gap expected to hold fewer than a store or two is read rather than left: the cover of an
    // ample budget has no such gap.
    const unit = hashCount([{ lo: 0, hi: 0 }]);
    for (let i = 1; i < dense.length; i++) {
      const gap = dense[i]!.lo - dense[i - 1]!.hi - 1;
      const samePartition = Math.floor(dense[i]!.lo / 2 ** 30) === Math.floor(dense[i - 1]!.hi / 2 ** 30);
      if (samePartition) expect(gap * unit * unitAreaKm2(madrid.lat) * 3).toBeGreaterThanOrEqual(1.5);
    }
  });

  it('knows how far around the point everything was read (property: no unread point nearer)', () => {
    fc.assert(
      fc.property(
        center,
        radius,
        fc.integer({ min: 1, max: 10 }),
        fc.double({ min: 0, max: 360, noNaN: true }),
        (c, r, maxRanges, bearing) => {
          fc.pre(!tooCloseToPole(c, 2 * r));
          const read = new RangeSet();
          for (const range of coverDisk(c, r, { maxRanges })) read.add(range);
          const km = readRadiusKm(c, read, 2 * r);
          expect(km).toBeGreaterThanOrEqual(r * (1 - 1e-9));
          // Any point nearer than that was read.
          const p = destination(c, km * 0.999, bearing);
          const hash = ngeohash.encode_int(p.lat, p.lon, HASH_BITS) as number;
          expect(read.covers({ lo: hash, hi: hash })).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('wraps across the antimeridian', () => {
    const fiji = { lat: -17.8, lon: 179.99 };
    const boxes = boundingBoxes(fiji, 20);
    expect(boxes).toHaveLength(2);
    const east = destination(fiji, 15, 90);
    expect(east.lon).toBeLessThan(0);
    expect(inRanges(coverDisk(fiji, 20, { maxRanges: 16 }), east)).toBe(true);
  });

  it('spans every longitude around a pole and refuses a fan-out beyond the limit', () => {
    expect(boundingBoxes({ lat: 89.9, lon: 10 }, 20)).toEqual([expect.objectContaining({ minLon: -180, maxLon: 180 })]);
    expect(tooCloseToPole({ lat: 89.9, lon: 10 }, 50)).toBe(true);
    expect(tooCloseToPole({ lat: 78.22, lon: 15.65 }, 50)).toBe(false);
  });
});

describe('hash ranges', () => {
  it('spell a 45-bit hash as the 9-character geohash of the same point (property)', () => {
    fc.assert(
      fc.property(center, (p) => {
        expect(hashString(ngeohash.encode_int(p.lat, p.lon, HASH_BITS) as number)).toBe(geohash9(p));
      }),
    );
  });

  it('subtract what was read and join touching ranges within a partition', () => {
    const read = new RangeSet();
    read.add({ lo: 10, hi: 19 });
    read.add({ lo: 30, hi: 39 });
    expect(read.missing({ lo: 0, hi: 49 })).toEqual([
      { lo: 0, hi: 9 },
      { lo: 20, hi: 29 },
      { lo: 40, hi: 49 },
    ]);
    expect(read.covers({ lo: 12, hi: 18 })).toBe(true);
    expect(read.length).toBe(20);
    const edge = 2 ** 30;
    expect(
      mergeRanges([
        { lo: 5, hi: 9 },
        { lo: 0, hi: 4 },
        { lo: edge, hi: edge + 1 },
        { lo: edge - 2, hi: edge - 1 },
      ]),
    ).toEqual([
      { lo: 0, hi: 9 },
      { lo: edge - 2, hi: edge - 1 },
      { lo: edge, hi: edge + 1 },
    ]);
  });
});

describe('The probe (first read of a search)', () => {
  it('covers the whole disk with one span per partition, split at the point and read outward from it (property)', () => {
    fc.assert(
      fc.property(
        center,
        radius,
        fc.double({ min: 0, max: 360, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (c, r, bearing, f) => {
          fc.pre(!tooCloseToPole(c, r));
          const queries = probeQueries(c, r, 36);
          const at = ngeohash.encode_int(c.lat, c.lon, HASH_BITS) as number;
          const p = destination(c, r * f * 0.999, bearing);
          const hash = ngeohash.encode_int(p.lat, p.lon, HASH_BITS) as number;
          expect(queries.some((q) => q.lo <= hash && hash <= q.hi)).toBe(true);
          for (const q of queries) {
            expect(q.limit).toBe(36);
            expect(Math.floor(q.lo / 2 ** (HASH_BITS - PARTITION_BITS))).toBe(Math.floor(q.hi / 2 ** (HASH_BITS - PARTITION_BITS)));
            // Each Query starts at the end nearer the point's own hash.
            if (q.descending) expect(q.hi < at || q.hi === at - 1).toBe(true);
            else expect(q.lo > at || q.lo === at).toBe(true);
          }
          const partitions = new Set(queries.map((q) => Math.floor(q.lo / 2 ** (HASH_BITS - PARTITION_BITS))));
          expect(queries.length).toBeLessThanOrEqual(partitions.size + 1);
        },
      ),
    );
  });

  it('counts as read what a capped Query read for certain: up to (not including) the hash it stopped at', () => {
    expect(readPart({ lo: 100, hi: 200, limit: 5 }, undefined)).toEqual({ lo: 100, hi: 200 });
    expect(readPart({ lo: 100, hi: 200, limit: 5 }, 150)).toEqual({ lo: 100, hi: 149 });
    expect(readPart({ lo: 100, hi: 200, limit: 5, descending: true }, 150)).toEqual({ lo: 151, hi: 200 });
    // Stopped within its first hash: nothing read for certain.
    expect(readPart({ lo: 100, hi: 200, limit: 5 }, 100)).toBeUndefined();
    expect(readPart({ lo: 100, hi: 200, limit: 5, descending: true }, 200)).toBeUndefined();
  });

  it('reads a sort key back into its 45-bit hash', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** HASH_BITS - 1 }), (hash) => {
        expect(hashValue(`${hashString(hash)}#store-1`)).toBe(hash);
      }),
    );
  });
});

describe('cellCount', () => {
  const madrid = { lat: 40.4169, lon: -3.7035 };
  const cell = (lo: number, depth: number) => ({ lo, hi: lo + 2 ** (HASH_BITS - depth) - 1 });

  it('counts the fewest whole cells the ranges are: siblings as their parent, each hash once', () => {
    const a = cell(0, 30);
    const b = cell(2 ** 15, 30); // a's sibling
    const c = cell(2 * 2 ** 15, 30); // the next cell, not a's sibling
    expect(cellCount([])).toBe(0);
    expect(cellCount([a])).toBe(1);
    expect(cellCount([a, b])).toBe(1);
    expect(cellCount([b, a, a])).toBe(1);
    expect(cellCount([a, b, c])).toBe(2);
    expect(cellCount([a, c])).toBe(2);
    // A run that is no cell: three hashes from an odd one are a hash and a pair.
    expect(cellCount([{ lo: 1, hi: 3 }])).toBe(2);
  });

  it('counts a cover at least one cell a range, and the same however its ranges are cut (property)', () => {
    fc.assert(
      fc.property(
        center,
        fc.double({ min: 0.2, max: 20, noNaN: true }),
        fc.integer({ min: 1, max: 12 }),
        fc.double({ min: 0.01, max: 10, noNaN: true }),
        (c, r, maxRanges, density) => {
          fc.pre(!tooCloseToPole(c, r));
          const ranges = coverDisk(c, r, { maxRanges, density });
          const count = cellCount(ranges);
          expect(count).toBeGreaterThanOrEqual(ranges.length);
          const halves = ranges.flatMap(({ lo, hi }) => {
            const mid = lo + Math.floor((hi - lo + 1) / 2);
            return mid > lo
              ? [
                  { lo, hi: mid - 1 },
                  { lo: mid, hi },
                ]
              : [{ lo, hi }];
          });
          expect(cellCount(halves)).toBe(count);
        },
      ),
      { numRuns: 200 },
    );
    expect(cellCount(coverDisk(madrid, 1.5, { maxRanges: 10, density: 3 }))).toBeGreaterThan(1);
  });
});

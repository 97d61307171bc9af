import fc from 'fast-check';
import ngeohash from 'ngeohash';
import { describe, expect, it } from 'vitest';
import { boundingBoxes, coverCells, geohash9, haversineKm, MAX_CELLS, type Point } from '#shared/stores/geo.ts';

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

describe('coverCells', () => {
  it('covers every point within the radius (property, against the great-circle destination)', () => {
    fc.assert(
      fc.property(
        center,
        radius,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 360, noNaN: true }),
        (c, r, f, bearing) => {
          const cover = coverCells(c, r)!;
          const point = destination(c, r * f * 0.999_999, bearing);
          const hash = geohash9(point);
          expect(cover.cells.some((cell) => hash.startsWith(cell))).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('selects exactly the stores a brute-force haversine scan selects (property)', () => {
    const stores = (c: Point) =>
      fc
        .array(fc.record({ dLat: fc.double({ min: -1, max: 1, noNaN: true }), dLon: fc.double({ min: -1.5, max: 1.5, noNaN: true }) }), {
          maxLength: 60,
        })
        .map((offsets) =>
          offsets.map((o) => ({ lat: Math.max(-90, Math.min(90, c.lat + o.dLat)), lon: ((c.lon + o.dLon + 540) % 360) - 180 })),
        );
    fc.assert(
      fc.property(
        center.chain((c) => fc.tuple(fc.constant(c), stores(c), radius)),
        ([c, points, r]) => {
          const cover = coverCells(c, r)!;
          const viaIndex = points.filter((p) => cover.cells.some((cell) => geohash9(p).startsWith(cell)) && haversineKm(c, p) <= r);
          const bruteForce = points.filter((p) => haversineKm(c, p) <= r);
          expect(viaIndex).toEqual(bruteForce);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('chooses the cell size from the radius: a 3×3 block or fewer cells, finer for smaller radii', () => {
    fc.assert(
      fc.property(
        fc.record({ lat: fc.double({ min: -60, max: 60, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }) }),
        radius,
        (c, r) => {
          const cover = coverCells(c, r)!;
          expect(cover.cells.length).toBeLessThanOrEqual(9);
          expect(cover.precision).toBeGreaterThanOrEqual(3);
        },
      ),
    );
    const madrid = { lat: 40.4169, lon: -3.7035 };
    expect(coverCells(madrid, 1)!.precision).toBeGreaterThan(coverCells(madrid, 10)!.precision);
    expect(coverCells(madrid, 10)!.precision).toBeGreaterThan(coverCells(madrid, 50)!.precision - 1);
  });

  it('wraps across the antimeridian', () => {
    const fiji = { lat: -17.8, lon: 179.99 };
    const boxes = boundingBoxes(fiji, 20);
    expect(boxes).toHaveLength(2);
    const east = destination(fiji, 15, 90);
    expect(east.lon).toBeLessThan(0);
    const hash = geohash9(east);
    expect(coverCells(fiji, 20)!.cells.some((cell) => hash.startsWith(cell))).toBe(true);
  });

  it('spans every longitude around a pole and refuses a fan-out beyond the limit', () => {
    expect(boundingBoxes({ lat: 89.9, lon: 10 }, 20)).toEqual([expect.objectContaining({ minLon: -180, maxLon: 180 })]);
    expect(coverCells({ lat: 89.9, lon: 10 }, 50)).toBeUndefined();
    const svalbard = coverCells({ lat: 78.22, lon: 15.65 }, 50)!;
    expect(svalbard.cells.length).toBeLessThanOrEqual(MAX_CELLS);
  });

  it('lists distinct cells of one precision', () => {
    const cover = coverCells({ lat: 40.4169, lon: -3.7035 }, 10)!;
    expect(new Set(cover.cells).size).toBe(cover.cells.length);
    expect(cover.cells.every((c) => c.length === cover.precision && ngeohash.decode_bbox(c).length === 4)).toBe(true);
  });
});

// Domain: distances and the geohash cells that cover a search circle. Pure functions;
// the repository turns the cells into GSI2 queries (shared/table/keys.ts, storeGeo).

import ngeohash from 'ngeohash';

/** Mean Earth radius (IUGG), the same for the distance and for the bounding box. */
const EARTH_RADIUS_KM = 6371.0088;
const rad = (deg: number) => (deg * Math.PI) / 180;
const deg = (r: number) => (r * 180) / Math.PI;

export type Point = { lat: number; lon: number };

export function haversineKm(a: Point, b: Point): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

type Box = { minLat: number; minLon: number; maxLat: number; maxLon: number };

/**
 * The exact latitude/longitude boxes containing a circle on the sphere (one box, or two when
 * the circle crosses the antimeridian; a circle around a pole spans every longitude).
 */
export function boundingBoxes(center: Point, radiusKm: number): Box[] {
  const angular = radiusKm / EARTH_RADIUS_KM;
  // A hair of margin so floating point never drops a point sitting on the edge.
  const margin = 1e-7;
  const dLat = deg(angular) + margin;
  const minLat = Math.max(-90, center.lat - dLat);
  const maxLat = Math.min(90, center.lat + dLat);
  if (center.lat + dLat >= 90 || center.lat - dLat <= -90) return [{ minLat, maxLat, minLon: -180, maxLon: 180 }];
  const dLon = deg(Math.asin(Math.min(1, Math.sin(angular) / Math.cos(rad(center.lat))))) + margin;
  const minLon = center.lon - dLon;
  const maxLon = center.lon + dLon;
  if (dLon >= 180) return [{ minLat, maxLat, minLon: -180, maxLon: 180 }];
  if (minLon < -180)
    return [
      { minLat, maxLat, minLon: minLon + 360, maxLon: 180 },
      { minLat, maxLat, minLon: -180, maxLon },
    ];
  if (maxLon > 180)
    return [
      { minLat, maxLat, minLon, maxLon: 180 },
      { minLat, maxLat, minLon: -180, maxLon: maxLon - 360 },
    ];
  return [{ minLat, maxLat, minLon, maxLon }];
}

function cellSize(precision: number) {
  const bits = 5 * precision;
  return { lat: 180 / 2 ** Math.floor(bits / 2), lon: 360 / 2 ** Math.ceil(bits / 2) };
}

const cellIndex = (value: number, origin: number, size: number, count: number) => Math.min(count - 1, Math.floor((value + origin) / size));

/** How many cells of a precision cover a box, counted without listing them. */
function cellCount(box: Box, precision: number): number {
  const size = cellSize(precision);
  const rows = 180 / size.lat;
  const cols = 360 / size.lon;
  const r = cellIndex(box.maxLat, 90, size.lat, rows) - cellIndex(box.minLat, 90, size.lat, rows) + 1;
  const c = cellIndex(box.maxLon, 180, size.lon, cols) - cellIndex(box.minLon, 180, size.lon, cols) + 1;
  return r * c;
}

/** Coarsest cell: also the GSI2 partition (keys.storeGeoPartition). */
const MIN_PRECISION = 3;
const MAX_PRECISION = 7;
/** A 3×3 block: the cell of the centre and its neighbours, or fewer. */
const TARGET_CELLS = 9;
/** Beyond this (only within a few km of a pole) the search is refused rather than fanned out. */
export const MAX_CELLS = 32;

export type Cover = { precision: number; cells: string[] };

/**
 * The geohash cells to query for a circle: the finest precision whose cover of the circle's
 * bounding box needs at most 9 cells (a cell about the radius' size plus its neighbours),
 * never coarser than the partition cell. Every point within the radius lies in one of them.
 * Undefined when even the coarsest cover needs more than MAX_CELLS.
 */
export function coverCells(center: Point, radiusKm: number): Cover | undefined {
  const boxes = boundingBoxes(center, radiusKm);
  const count = (p: number) => boxes.reduce((n, b) => n + cellCount(b, p), 0);
  let precision = MAX_PRECISION;
  while (precision > MIN_PRECISION && count(precision) > TARGET_CELLS) precision--;
  if (count(precision) > MAX_CELLS) return undefined;
  const cells = boxes.flatMap((b) => ngeohash.bboxes(b.minLat, b.minLon, b.maxLat, b.maxLon, precision));
  return { precision, cells: [...new Set(cells)] };
}

export const geohash9 = (p: Point) => ngeohash.encode(p.lat, p.lon, 9);

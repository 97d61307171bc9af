// Domain: distances, the boxes around a search circle, a store's geohash. Pure functions;
// geo-cells.ts covers a circle with cells, the repository reads them (keys.storeGeo).

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

export type Box = { minLat: number; minLon: number; maxLat: number; maxLon: number };

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

export const geohash9 = (p: Point) => ngeohash.encode(p.lat, p.lon, 9);

/** A point's 45-bit geohash (the 9-character one as a number: geo-cells' hash ranges). */
export const hash45 = (p: Point) => ngeohash.encode_int(p.lat, p.lon, 45) as number;

// Domain: geohash cells at any bit depth, as ranges of the 45-bit geohash (9 characters), and
// the covering of a disk by a few of them. Pure. A store's index sort key starts with its
// 9-character geohash, whose base32 alphabet sorts in ASCII order, so every cell — and every
// run of adjacent cells — is one contiguous sort-key range: one Query (keys.storeGeo).

import { type Box, boundingBoxes, hash45, haversineKm, type Point } from './geo.ts';

/** The index holds 9-character geohashes: 45 interleaved bits, longitude first. */
export const HASH_BITS = 45;
/** The index partition is the 3-character cell (keys.storeGeoPartition): 15 bits. */
export const PARTITION_BITS = 15;
/** Finer than this (a few metres) a cell is not worth its own query. */
const MAX_DEPTH = 40;
/** How many cells may start a cover before they are refined (the coarsest is a partition cell). */
const START_CELLS = 4;
/** Beyond this at the partition's depth (only within a few km of a pole) a search is refused. */
const MAX_START_CELLS = 32;

/** A cell: the first `depth` bits of the hash; `lo` is its first 45-bit hash, `box` its extent. */
export type Cell = { lo: number; depth: number; box: Box };
/** An inclusive range of 45-bit hashes. */
export type HashRange = { lo: number; hi: number };

const EARTH_RADIUS_KM = 6371.0088;
const rad = (deg: number) => (deg * Math.PI) / 180;
const deg = (r: number) => (r * 180) / Math.PI;
const span = (depth: number) => 2 ** (HASH_BITS - depth);

export const cellRange = (cell: Cell): HashRange => ({ lo: cell.lo, hi: cell.lo + span(cell.depth) - 1 });

/** The partition (first 15 bits) a hash lies in. */
export const partitionOf = (hash: number) => Math.floor(hash / span(PARTITION_BITS));

const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';

/** A 45-bit hash as its 9-character geohash. */
export function hashString(hash: number): string {
  let out = '';
  for (let i = 8; i >= 0; i--) out += BASE32[Math.floor(hash / 32 ** i) % 32];
  return out;
}

/** A 9-character geohash (an index sort key starts with one) as its 45-bit hash. */
export function hashValue(geohash9: string): number {
  let out = 0;
  for (const c of geohash9.slice(0, 9)) out = out * 32 + BASE32.indexOf(c);
  return out;
}

/** The area of a lat/lon box on the sphere. */
export function boxAreaKm2(box: Box): number {
  return EARTH_RADIUS_KM ** 2 * rad(box.maxLon - box.minLon) * Math.abs(Math.sin(rad(box.maxLat)) - Math.sin(rad(box.minLat)));
}

/** The area one 45-bit hash covers near a latitude: ranges are measured in these. */
export function unitAreaKm2(lat: number): number {
  const dLat = 180 / 2 ** 22;
  const dLon = 360 / 2 ** 23;
  return boxAreaKm2({ minLat: lat, maxLat: lat + dLat, minLon: 0, maxLon: dLon });
}

/** Longitude difference folded into [-180, 180]. */
const lonDelta = (from: number, to: number) => ((((to - from) % 360) + 540) % 360) - 180;

/** The closest point of a meridian arc (lon, lat in [minLat, maxLat]) to `p`: distance along a great circle is unimodal. */
function toMeridianKm(p: Point, lon: number, minLat: number, maxLat: number): number {
  const d = rad(lonDelta(p.lon, lon));
  const nearest = deg(Math.atan2(Math.sin(rad(p.lat)), Math.cos(rad(p.lat)) * Math.cos(d)));
  return haversineKm(p, { lat: Math.min(maxLat, Math.max(minLat, nearest)), lon });
}

/**
 * The least distance from `p` to any point of the box: exact, so a cell farther than a
 * radius can safely be left unread. Within the box's longitudes the nearest point is on p's
 * meridian; outside them it is on one of the two meridian edges (on a parallel edge the
 * distance only grows away from p's meridian, so its nearest point is a corner).
 */
export function minDistanceKm(p: Point, box: Box): number {
  const inside = lonDelta(box.minLon, p.lon) >= 0 && lonDelta(p.lon, box.maxLon) >= 0;
  if (inside) return haversineKm(p, { lat: Math.min(box.maxLat, Math.max(box.minLat, p.lat)), lon: p.lon });
  return Math.min(toMeridianKm(p, box.minLon, box.minLat, box.maxLat), toMeridianKm(p, box.maxLon, box.minLat, box.maxLat));
}

/**
 * The greatest distance from `p` to a point of a small box: at a corner (unless the box holds
 * p's antipodal meridian, far beyond any search). Too small a figure would only keep a cell
 * whole that could have been split: more read, never less.
 */
function maxDistanceKm(p: Point, box: Box): number {
  return Math.max(
    haversineKm(p, { lat: box.minLat, lon: box.minLon }),
    haversineKm(p, { lat: box.minLat, lon: box.maxLon }),
    haversineKm(p, { lat: box.maxLat, lon: box.minLon }),
    haversineKm(p, { lat: box.maxLat, lon: box.maxLon }),
  );
}

function children(cell: Cell): [Cell, Cell] {
  const { lo, depth, box } = cell;
  const next = { depth: depth + 1 };
  if (depth % 2 === 0) {
    const mid = (box.minLon + box.maxLon) / 2;
    return [
      { ...next, lo, box: { ...box, maxLon: mid } },
      { ...next, lo: lo + span(depth + 1), box: { ...box, minLon: mid } },
    ];
  }
  const mid = (box.minLat + box.maxLat) / 2;
  return [
    { ...next, lo, box: { ...box, maxLat: mid } },
    { ...next, lo: lo + span(depth + 1), box: { ...box, minLat: mid } },
  ];
}

/** The cells of one depth that cover a box, with their hashes (bits interleaved, longitude first). */
function cellsOver(box: Box, depth: number): Cell[] {
  const lonBits = Math.ceil(depth / 2);
  const latBits = Math.floor(depth / 2);
  const w = 360 / 2 ** lonBits;
  const h = 180 / 2 ** latBits;
  const index = (v: number, origin: number, size: number, count: number) => Math.min(count - 1, Math.floor((v + origin) / size));
  const cols = [index(box.minLon, 180, w, 2 ** lonBits), index(box.maxLon, 180, w, 2 ** lonBits)] as const;
  const rows = [index(box.minLat, 90, h, 2 ** latBits), index(box.maxLat, 90, h, 2 ** latBits)] as const;
  const out: Cell[] = [];
  for (let col = cols[0]; col <= cols[1]; col++) {
    for (let row = rows[0]; row <= rows[1]; row++) {
      let lo = 0;
      for (let i = 0; i < depth; i++) {
        const bit = i % 2 === 0 ? Math.floor(col / 2 ** (lonBits - 1 - i / 2)) % 2 : Math.floor(row / 2 ** (latBits - 1 - (i - 1) / 2)) % 2;
        lo = lo * 2 + bit;
      }
      lo *= span(depth);
      out.push({
        lo,
        depth,
        box: { minLon: -180 + col * w, maxLon: -180 + (col + 1) * w, minLat: -90 + row * h, maxLat: -90 + (row + 1) * h },
      });
    }
  }
  return out;
}

const countOver = (boxes: Box[], depth: number) => {
  const lonBits = Math.ceil(depth / 2);
  const latBits = Math.floor(depth / 2);
  return boxes.reduce((n, b) => {
    const cols = Math.floor(((b.maxLon + 180) * 2 ** lonBits) / 360) - Math.floor(((b.minLon + 180) * 2 ** lonBits) / 360) + 1;
    const rows = Math.floor(((b.maxLat + 90) * 2 ** latBits) / 180) - Math.floor(((b.minLat + 90) * 2 ** latBits) / 180) + 1;
    return n + cols * rows;
  }, 0);
};

/** The few cells (at most START_CELLS, never coarser than a partition) a disk's cover and read radius start from. */
function startCells(boxes: Box[]): Cell[] {
  let depth = PARTITION_BITS;
  while (depth < MAX_DEPTH && countOver(boxes, depth + 1) <= START_CELLS) depth++;
  return [...new Map(boxes.flatMap((b) => cellsOver(b, depth)).map((c) => [c.lo, c])).values()];
}

/** Whether a disk is too close to a pole for a nearby search (its cover would fan out). */
export const tooCloseToPole = (center: Point, radiusKm: number) =>
  countOver(boundingBoxes(center, radiusKm), PARTITION_BITS) > MAX_START_CELLS;

export type CoverOptions = {
  /** At most this many hash ranges to read (one Query each), unless the disk spans more partitions. */
  maxRanges: number;
  /** Stores per km² where known: the cells along the disk's edge are as fine as hold about FINEST_CELL_STORES stores. */
  density?: number;
  /** Hash ranges already read: left out. */
  read?: RangeSet;
};

/**
 * The disk's edge is followed with cells expected to hold about this many stores: finer cells
 * leave less outside the disk but make more ranges. In the bench's dense city (20 nearest of
 * ~240) 0.1 read the same entries as 0.25 over more cells; 0.5 read ~1 more.
 */
const FINEST_CELL_STORES = 0.25;
/** Density unknown (the probe's cover), the edge is followed this many levels finer than the start cells. */
const UNKNOWN_DENSITY_LEVELS = 4;
/** Never finer than where this many cells would span the disk's bounding boxes (CPU, not I/O). */
const MAX_CELLS_OVER_BOXES = 4096;
/**
 * A gap between two ranges expected to hold fewer stores than this is read rather than left:
 * a Query (a request, its share of a round, at least half a read unit) is worth more than
 * that. In the bench's dense city, per search: 0.5 → 13.8 Queries and 56.7 items read, 1.5 →
 * 11.8 and 57.8, 3 → 10.1 and 60.5.
 */
const GAP_STORES = 1.5;

/**
 * The hash ranges to read for a disk: every point within `radiusKm` of `center` lies in one
 * of them or in what was read (cells are dropped only when their nearest point is farther).
 * 1. Cells: from a few cells over the disk's bounding boxes (never coarser than a partition),
 *    the cells the disk's edge crosses are split, down to cells holding about
 *    FINEST_CELL_STORES stores at `density`; cells wholly inside stay whole, wholly outside go.
 * 2. Their hashes less what was read, touching ranges joined (within a partition).
 * 3. The smallest gaps between ranges of a partition are read too (they hold the fewest
 *    stores outside the disk) until at most `maxRanges` remain, and any gap expected to hold
 *    fewer than GAP_STORES stores.
 */
export function coverDisk(center: Point, radiusKm: number, options: CoverOptions): HashRange[] {
  const boxes = boundingBoxes(center, radiusKm);
  const queue = startCells(boxes);
  const start = queue[0]!.depth;
  let finest = MAX_DEPTH;
  while (finest > start && countOver(boxes, finest) > MAX_CELLS_OVER_BOXES) finest--;
  const unit = unitAreaKm2(center.lat);
  const { density } = options;
  const depthFor = density === undefined ? start + UNKNOWN_DENSITY_LEVELS : HASH_BITS - Math.log2(FINEST_CELL_STORES / (density * unit));
  const depth = Math.max(start, Math.min(finest, Math.ceil(depthFor)));
  const cells: Cell[] = [];
  while (queue.length) {
    const cell = queue.pop()!;
    if (minDistanceKm(center, cell.box) > radiusKm) continue;
    if (cell.depth >= depth || maxDistanceKm(center, cell.box) <= radiusKm) cells.push(cell);
    else queue.push(...children(cell));
  }
  const ranges = mergeRanges(cells.map(cellRange).flatMap((r) => options.read?.missing(r) ?? [r]));
  const gaps = ranges
    .slice(1)
    .map((r, i) => ({ at: i, size: r.lo - ranges[i]!.hi - 1 }))
    .filter(({ at }) => partitionOf(ranges[at]!.hi) === partitionOf(ranges[at + 1]!.lo))
    .sort((a, b) => a.size - b.size);
  const fill = new Set<number>();
  for (const gap of gaps) {
    const small = density !== undefined && gap.size * unit * density < GAP_STORES;
    if (!small && ranges.length - fill.size <= options.maxRanges) break;
    fill.add(gap.at);
  }
  const out: HashRange[] = [];
  ranges.forEach((r, i) => {
    if (i > 0 && fill.has(i - 1)) out[out.length - 1]!.hi = r.hi;
    else out.push({ ...r });
  });
  return out;
}

/**
 * How far from `center` every point has been read: the least distance to a cell that `read`
 * leaves unread (at most `upToKm`). Cells are visited nearest first; a cell partly read is
 * split until its parts are read or not (read ranges are runs of cells, so this ends). A cover
 * is coarser than its disk, so what was read often bounds more than the ring asked for.
 */
export function readRadiusKm(center: Point, read: RangeSet, upToKm: number): number {
  const queue = startCells(boundingBoxes(center, upToKm)).map((cell) => ({
    cell,
    km: minDistanceKm(center, cell.box),
  }));
  let best = upToKm;
  while (queue.length) {
    let i = 0;
    for (let j = 1; j < queue.length; j++) if (queue[j]!.km < queue[i]!.km) i = j;
    const { cell, km } = queue[i]!;
    queue[i] = queue[queue.length - 1]!;
    queue.pop();
    if (km >= best) break;
    const range = cellRange(cell);
    if (read.covers(range)) continue;
    if (!read.intersects(range)) {
      best = km;
      break;
    }
    for (const child of children(cell)) queue.push({ cell: child, km: minDistanceKm(center, child.box) });
  }
  return best;
}

/** A Query of a hash range, optionally capped at `limit` entries read from `lo` up (or, descending, from `hi` down). */
export type RangeQuery = HashRange & { limit?: number; descending?: boolean };

/** The probe's cover is this fine before it is reduced to one span per partition (CPU only: its extremes bound the span). */
const PROBE_COVER_RANGES = 8;

/**
 * The first Queries of a search, of unknown density: the whole disk, as one span of hashes
 * per partition it touches (from the first to the last cell of its cover there), each Query
 * capped at `limit` entries. The span holding the point's own hash is read outward from it,
 * one Query up and one down, so what a capped Query reads is what lies nearest in hash order
 * (cells around the point); a span in another partition is read from its end nearer the point.
 */
export function probeQueries(center: Point, radiusKm: number, limit: number): RangeQuery[] {
  const at = hash45(center);
  const spans = new Map<number, HashRange>();
  for (const r of coverDisk(center, radiusKm, { maxRanges: PROBE_COVER_RANGES })) {
    const span = spans.get(partitionOf(r.lo));
    spans.set(partitionOf(r.lo), span ? { lo: Math.min(span.lo, r.lo), hi: Math.max(span.hi, r.hi) } : r);
  }
  return [...spans.values()].flatMap((r): RangeQuery[] => {
    if (at > r.hi) return [{ ...r, limit, descending: true }];
    if (at < r.lo) return [{ ...r, limit }];
    const up: RangeQuery = { lo: at, hi: r.hi, limit };
    return at > r.lo ? [up, { lo: r.lo, hi: at - 1, limit, descending: true }] : [up];
  });
}

/**
 * What a Query has read for certain: its whole range, or where a limit cut it, every hash
 * before the one it stopped at (entries of that hash may remain; they are read again later).
 */
export function readPart(query: RangeQuery, stoppedAt: number | undefined): HashRange | undefined {
  if (stoppedAt === undefined) return { lo: query.lo, hi: query.hi };
  const part = query.descending ? { lo: stoppedAt + 1, hi: query.hi } : { lo: query.lo, hi: stoppedAt - 1 };
  return part.lo <= part.hi ? part : undefined;
}

/** Disjoint, sorted hash ranges: what a search has read so far. */
export class RangeSet {
  private ranges: HashRange[] = [];

  get length(): number {
    return this.ranges.reduce((n, r) => n + r.hi - r.lo + 1, 0);
  }

  covers(range: HashRange): boolean {
    return this.ranges.some((r) => r.lo <= range.lo && range.hi <= r.hi);
  }

  intersects(range: HashRange): boolean {
    return this.ranges.some((r) => r.lo <= range.hi && range.lo <= r.hi);
  }

  /** The parts of `range` not read yet. */
  missing(range: HashRange): HashRange[] {
    const out: HashRange[] = [];
    let from = range.lo;
    for (const r of this.ranges) {
      if (r.hi < from || r.lo > range.hi) continue;
      if (r.lo > from) out.push({ lo: from, hi: r.lo - 1 });
      from = r.hi + 1;
      if (from > range.hi) return out;
    }
    if (from <= range.hi) out.push({ lo: from, hi: range.hi });
    return out;
  }

  add(range: HashRange): void {
    this.ranges = mergeRanges([...this.ranges, range], false);
  }
}

/**
 * How many geohash cells these ranges are at the fewest: each run of hashes counted as the
 * fewest whole cells (of any depth) it is made of, so two sibling cells count as their parent.
 */
export function cellCount(ranges: HashRange[]): number {
  let count = 0;
  for (const { lo, hi } of mergeRanges(ranges, false)) {
    for (let at = lo; at <= hi; count++) {
      let size = 1;
      while (at % (size * 2) === 0 && at + size * 2 - 1 <= hi) size *= 2;
      at += size;
    }
  }
  return count;
}

/**
 * Sorted ranges with touching neighbours joined (one Query reads a run of adjacent cells);
 * `byPartition` keeps a run from crossing a partition (a Query reads one).
 */
export function mergeRanges(ranges: HashRange[], byPartition = true): HashRange[] {
  const sorted = [...ranges].sort((a, b) => a.lo - b.lo);
  const out: HashRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.lo <= last.hi + 1 && (!byPartition || partitionOf(r.lo) === partitionOf(last.hi))) {
      last.hi = Math.max(last.hi, r.hi);
    } else {
      out.push({ ...r });
    }
  }
  return out;
}

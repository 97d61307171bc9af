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
/** How many levels coarser than its finest a cover may start to fit a small budget (each doubles a cell). */
const COARSER_START = 2;
/** A cell is split (or read whole again) when that saves at least this many store reads per Query it adds (or spares). */
const SPLIT_GAIN = 1;
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

/** Roughly how much of a box lies outside the disk (a 4×4 sample): what refining it could save. */
function outsideKm2(center: Point, radiusKm: number, box: Box): number {
  let out = 0;
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      const lat = box.minLat + ((i + 0.5) / 4) * (box.maxLat - box.minLat);
      const lon = box.minLon + ((j + 0.5) / 4) * (box.maxLon - box.minLon);
      if (haversineKm(center, { lat, lon }) > radiusKm) out++;
    }
  }
  return (out / 16) * boxAreaKm2(box);
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

/** Whether a disk is too close to a pole for a nearby search (its cover would fan out). */
export const tooCloseToPole = (center: Point, radiusKm: number) =>
  countOver(boundingBoxes(center, radiusKm), PARTITION_BITS) > MAX_START_CELLS;

export type CoverOptions = {
  /** At most this many hash ranges to read (adjacent cells are one range, one Query). */
  maxRanges: number;
  /** Stores per km² where known: a cell is split only when that is expected to save at least one read. */
  density?: number;
  /** Hash ranges already read: cells wholly inside are left out. */
  read?: RangeSet;
};

/** However the ranges fall, a cover stops refining at this many cells per range (CPU, not I/O). */
const CELLS_PER_RANGE = 4;

/**
 * The cells to read for a disk: every point within `radiusKm` of `center` lies in one of
 * them (cells are dropped only when their nearest point is farther). Starts from a few cells
 * over the disk's bounding boxes (never coarser than a partition), then splits the cells
 * with the most area outside the disk while the ranges they make stay within the budget.
 */
export function coverDisk(center: Point, radiusKm: number, options: CoverOptions): Cell[] {
  const boxes = boundingBoxes(center, radiusKm);
  let depth = PARTITION_BITS;
  while (depth < MAX_DEPTH && countOver(boxes, depth + 1) <= START_CELLS) depth++;
  const keep = (cell: Cell) => minDistanceKm(center, cell.box) <= radiusKm && !options.read?.covers(cellRange(cell));
  const rangeCount = (list: Cell[]) => mergeRanges(list.map(cellRange)).length;
  const startCells = (d: number) => [...new Map(boxes.flatMap((b) => cellsOver(b, d)).map((c) => [c.lo, c])).values()].filter(keep);
  // A cover of unknown density (the probe's) whose budget is smaller than its start cells' ranges starts
  // coarser, at most COARSER_START levels: larger cells join into fewer ranges.
  const finest = depth;
  while (
    options.density === undefined &&
    depth > Math.max(PARTITION_BITS, finest - COARSER_START) &&
    rangeCount(startCells(depth)) > options.maxRanges
  )
    depth--;
  const scored = (cell: Cell) => ({ cell, waste: outsideKm2(center, radiusKm, cell.box), frozen: false });
  let cells = startCells(depth).map(scored);
  const worthSplitting = (waste: number) => (options.density === undefined ? waste > 0 : waste * options.density >= SPLIT_GAIN);
  while (cells.length < options.maxRanges * CELLS_PER_RANGE) {
    let best = -1;
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i]!;
      if (!c.frozen && c.cell.depth < MAX_DEPTH && worthSplitting(c.waste) && (best < 0 || c.waste > cells[best]!.waste)) best = i;
    }
    if (best < 0) break;
    const split = [...cells.slice(0, best), ...children(cells[best]!.cell).filter(keep).map(scored), ...cells.slice(best + 1)];
    if (rangeCount(split.map((c) => c.cell)) > options.maxRanges) cells[best]!.frozen = true;
    else cells = split;
  }
  return cells.map((c) => c.cell);
}

/**
 * How far from `center` every point has been read: the least distance to a cell that `read`
 * leaves unread (at most `upToKm`). Cells are visited nearest first; a cell partly read is
 * split until its parts are read or not (read ranges are runs of cells, so this ends). A cover
 * is coarser than its disk, so what was read often bounds more than the ring asked for.
 */
export function readRadiusKm(center: Point, read: RangeSet, upToKm: number): number {
  const boxes = boundingBoxes(center, upToKm);
  let depth = PARTITION_BITS;
  while (depth < MAX_DEPTH && countOver(boxes, depth + 1) <= START_CELLS) depth++;
  const queue = [...new Map(boxes.flatMap((b) => cellsOver(b, depth)).map((c) => [c.lo, c])).values()].map((cell) => ({
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

/**
 * The ranges to query for a cover: each cell minus what was read, adjacent pieces joined.
 * A cell that what was read would cut into several pieces is read whole when the stores it
 * would read again (at `density`, per km²) cost less than the extra queries.
 */
export function rangesToRead(cells: Cell[], read: RangeSet, density: number | undefined, unitKm2: number): HashRange[] {
  return mergeRanges(
    cells.flatMap((cell) => {
      const range = cellRange(cell);
      const missing = read.missing(range);
      if (missing.length <= 1 || density === undefined) return missing;
      const again = range.hi - range.lo + 1 - missing.reduce((n, r) => n + r.hi - r.lo + 1, 0);
      return density * again * unitKm2 <= (missing.length - 1) * SPLIT_GAIN ? [range] : missing;
    }),
  );
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
  for (const r of mergeRanges(coverDisk(center, radiusKm, { maxRanges: PROBE_COVER_RANGES }).map(cellRange))) {
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

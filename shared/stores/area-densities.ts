// State: how dense stores are around the points searched lately, as the searches measured it,
// by area (the ~5 km geohash cell of the point, and the service filtered on). Kept by the
// process: a warm Lambda serves a city's searches again and again, and a search whose area
// is known here skips the probe's first round (find-nearby.ts). A density is only a guess
// for sizing the first reads: a wrong one costs reads, never a wrong answer.

import type { Deps } from '../runtime/deps.ts';
import { geohash9, type Point } from './geo.ts';

/** ~4.9 × 4.9 km at the equator (~3.7 × 4.9 km at Madrid's latitude): about a city search's radius. */
const AREA_PRECISION = 5;
/** Areas kept; the one remembered first goes first (~100 bytes each). */
const AREAS_KEPT = 4096;

export class AreaDensities {
  private readonly byArea = new Map<string, number>();
  private readonly kept: number;

  constructor(kept = AREAS_KEPT) {
    this.kept = kept;
  }

  private static key(center: Point, service: string | undefined) {
    return `${geohash9(center).slice(0, AREA_PRECISION)} ${service ?? ''}`;
  }

  /** Matching stores per km² measured last around this point, if any. */
  get(center: Point, service?: string): number | undefined {
    return this.byArea.get(AreaDensities.key(center, service));
  }

  remember(center: Point, service: string | undefined, density: number): void {
    if (!(density > 0 && Number.isFinite(density))) return;
    const key = AreaDensities.key(center, service);
    this.byArea.delete(key);
    if (this.byArea.size >= this.kept) this.byArea.delete(this.byArea.keys().next().value!);
    this.byArea.set(key, density);
  }
}

/** One per Deps: in a Lambda, built once per process; in a test, per table, so tests do not share what they learnt. */
const perDeps = new WeakMap<Deps, AreaDensities>();
export function areaDensities(deps: Deps): AreaDensities {
  let densities = perDeps.get(deps);
  if (!densities) {
    densities = new AreaDensities();
    perDeps.set(deps, densities);
  }
  return densities;
}

import { describe, expect, it } from 'vitest';
import { localDeps } from '#shared/runtime/deps.ts';
import { AreaDensities, areaDensities } from '#shared/stores/area-densities.ts';

const sol = { lat: 40.4169, lon: -3.7035 };
// ~300 m away: the same ~5 km cell (ezjmg). ~10 km away: another.
const near = { lat: 40.419, lon: -3.7 };
const far = { lat: 40.5, lon: -3.7035 };

describe('AreaDensities: the density searches measured, by area', () => {
  it('answers for the area of a point, per service filtered on', () => {
    const densities = new AreaDensities();
    expect(densities.get(sol)).toBeUndefined();
    densities.remember(sol, undefined, 3);
    densities.remember(sol, 'stylist', 0.4);
    expect(densities.get(near)).toBe(3);
    expect(densities.get(near, 'stylist')).toBe(0.4);
    expect(densities.get(near, 'pickup')).toBeUndefined();
    expect(densities.get(far)).toBeUndefined();
    // The last measure wins.
    densities.remember(near, undefined, 2.5);
    expect(densities.get(sol)).toBe(2.5);
  });

  it('keeps no density that could not size a ring (zero, negative, infinite, NaN)', () => {
    const densities = new AreaDensities();
    for (const bad of [0, -1, Number.POSITIVE_INFINITY, Number.NaN]) densities.remember(sol, undefined, bad);
    expect(densities.get(sol)).toBeUndefined();
  });

  it('keeps a bounded number of areas, dropping the one remembered least lately', () => {
    const densities = new AreaDensities(2);
    densities.remember(sol, undefined, 1);
    densities.remember(far, undefined, 2);
    densities.remember(sol, undefined, 3); // remembered again: now the latest
    densities.remember(sol, 'returns', 4); // a third area: `far` goes
    expect(densities.get(far)).toBeUndefined();
    expect(densities.get(sol)).toBe(3);
    expect(densities.get(sol, 'returns')).toBe(4);
  });

  it('is one per Deps, so what one table taught is not used on another', () => {
    const a = localDeps({ endpoint: 'http://127.0.0.1:1', tableName: 'a' });
    const b = localDeps({ endpoint: 'http://127.0.0.1:1', tableName: 'b' });
    areaDensities(a).remember(sol, undefined, 3);
    expect(areaDensities(a).get(sol)).toBe(3);
    expect(areaDensities(b).get(sol)).toBeUndefined();
  });
});

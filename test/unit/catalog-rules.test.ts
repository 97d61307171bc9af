import { describe, expect, it } from 'vitest';
import { droppedSkus, styleToSave, unknownSkuErrors, variantsOf } from '#shared/catalog/rules.ts';
import { styleBody } from '#shared/catalog/schemas.ts';

const now = new Date('2026-11-24T10:00:00Z');
const input = styleBody.parse({
  names: { es: 'Vaquero slim' },
  category: 'Denim',
  price: 4995,
  variants: [
    { sku: 'JEAN-SLIM-BLU-38', colour: 'BLU', size: '38' },
    { sku: 'JEAN-SLIM-BLK-36', colour: 'BLK', size: '36' },
    { sku: 'JEAN-SLIM-BLU-40', colour: 'BLU', size: '40' },
  ],
});

describe('styleToSave', () => {
  it('stores the colours once each, in the order listed, and bumps the revision', () => {
    const first = styleToSave('JEAN-SLIM', input, undefined, now);
    expect(first).toMatchObject({ styleId: 'JEAN-SLIM', category: 'denim', currency: 'EUR', colours: ['BLU', 'BLK'], revision: 1 });
    expect(styleToSave('JEAN-SLIM', input, first, now).revision).toBe(2);
  });

  it('gives each variant its style, price and category', () => {
    const style = styleToSave('JEAN-SLIM', input, undefined, now);
    expect(variantsOf(style)[1]).toEqual({
      sku: 'JEAN-SLIM-BLK-36',
      colour: 'BLK',
      size: '36',
      styleId: 'JEAN-SLIM',
      price: 4995,
      currency: 'EUR',
      category: 'denim',
    });
  });
});

describe('droppedSkus', () => {
  it('lists the SKUs the new version no longer has', () => {
    const before = styleToSave('JEAN-SLIM', input, undefined, now);
    const after = styleToSave('JEAN-SLIM', { ...input, variants: input.variants.slice(1) }, before, now);
    expect(droppedSkus(before, after)).toEqual(['JEAN-SLIM-BLU-38']);
    expect(droppedSkus(undefined, after)).toEqual([]);
  });
});

describe('unknownSkuErrors', () => {
  const known = new Map([['JEAN-SLIM-BLU-38', { styleId: 'JEAN-SLIM' }]]);
  it('names each line whose SKU the catalogue lacks', () => {
    expect(unknownSkuErrors([{ sku: 'JEAN-SLIM-BLU-38' }, { sku: 'NOPE' }], known, (i) => `lines[${i}].sku`)).toEqual([
      { path: 'lines[1].sku', message: 'NOPE is not in the catalogue.' },
    ]);
  });
  it('names a variant of another style when a style is given', () => {
    expect(unknownSkuErrors([{ sku: 'JEAN-SLIM-BLU-38' }], known, () => 'sku', 'TEE-BASIC')[0]?.message).toMatch(/variant of JEAN-SLIM/);
  });
});

describe('styleBody', () => {
  it.each([
    ['a SKU twice', { variants: [input.variants[0], input.variants[0]] }, 'variants.1.sku'],
    ['a colour and size twice', { variants: [input.variants[0], { ...input.variants[0], sku: 'OTHER' }] }, 'variants.1.size'],
    ['no names', { names: {} }, 'names'],
    ['a bad locale', { names: { spanish: 'x' } }, 'names.spanish'],
    ['a bad SKU', { variants: [{ sku: 'a b', colour: 'X', size: 'U' }] }, 'variants.0.sku'],
  ])('refuses %s', (_what, patch, path) => {
    const parsed = styleBody.safeParse({ ...input, ...patch });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});

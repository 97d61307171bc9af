// Rules: what a style write stores, which variants it gives up, and which SKUs an order or a
// reservation may name. Pure.

import type { FieldError } from '../runtime/errors.ts';
import type { Style, StyleInput, Variant } from './schemas.ts';

/** The style as stored after a write over `previous` (undefined for a new style). */
export function styleToSave(styleId: string, input: StyleInput, previous: Pick<Style, 'revision'> | undefined, now: Date): Style {
  return {
    styleId,
    names: input.names,
    category: input.category,
    price: input.price,
    currency: input.currency,
    images: input.images,
    variants: input.variants,
    colours: [...new Set(input.variants.map((v) => v.colour))],
    revision: (previous?.revision ?? 0) + 1,
    updatedAt: now.toISOString(),
  };
}

/** Whether a write would store what is there already (a retried or repeated PUT changes nothing). */
export function unchanged(previous: Style | undefined, input: StyleInput): boolean {
  if (!previous) return false;
  const { names, category, price, currency, images, variants } = previous;
  return canonical({ names, category, price, currency, images, variants }) === canonical(input);
}

/** JSON with object keys sorted (a stored map comes back in any key order). */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );

/** Each variant's own record (price and category copied from the style). */
export const variantsOf = (style: Style): Variant[] =>
  style.variants.map((v) => ({
    ...v,
    styleId: style.styleId,
    price: style.price,
    currency: style.currency,
    category: style.category,
  }));

/** SKUs the previous version had and this one drops: their variant records go. */
export const droppedSkus = (previous: Pick<Style, 'variants'> | undefined, next: Pick<Style, 'variants'>): string[] => {
  const kept = new Set(next.variants.map((v) => v.sku));
  return (previous?.variants ?? []).flatMap((v) => (kept.has(v.sku) ? [] : [v.sku]));
};

/**
 * The lines naming a SKU the catalogue does not have (a 422 each, naming the line's field),
 * or — when `styleId` is given — a SKU of another style.
 */
export function unknownSkuErrors(
  lines: Array<{ sku: string }>,
  known: Map<string, Pick<Variant, 'styleId'>>,
  pathOf: (index: number) => string,
  styleId?: string,
): FieldError[] {
  return lines.flatMap(({ sku }, i): FieldError[] => {
    const variant = known.get(sku);
    if (!variant) return [{ path: pathOf(i), message: `${sku} is not in the catalogue.` }];
    if (styleId !== undefined && variant.styleId !== styleId) {
      return [{ path: pathOf(i), message: `${sku} is a variant of ${variant.styleId}, not of ${styleId}.` }];
    }
    return [];
  });
}

// Repository: styles (keys.style) and their variants (keys.variant, one item per SKU naming
// its style), and the transaction items of a style write. Decides nothing.

import type { Deps } from '../runtime/deps.ts';
import { batchGet } from '../table/batch.ts';
import { fromItem, type Stored, toItem } from '../table/item.ts';
import { keys } from '../table/keys.ts';
import { getItem } from '../table/query.ts';
import type { TransactItem } from '../table/transact.ts';
import type { Style, Variant } from './schemas.ts';

type StyleItem = Stored<'style', Style>;
type VariantItem = Stored<'variant', Variant>;

export async function getStyle(deps: Deps, styleId: string, consistent = true): Promise<Style | undefined> {
  const item = await getItem(deps, keys.style(styleId), consistent);
  return item && fromItem<Style>(item);
}

/** A variant item as read in someone else's BatchGet (orders reads them with its own keys). */
export const variantFromItem = (item: Record<string, unknown>): Variant => fromItem<Variant>(item);

/** The variants of these SKUs, by SKU (one BatchGetItem per 100; unknown SKUs are absent). */
export async function getVariants(deps: Deps, skus: string[]): Promise<Map<string, Variant>> {
  const items = await batchGet(
    deps,
    [...new Set(skus)].map((sku) => keys.variant(sku)),
  );
  return new Map(items.map((item) => [item.sku as string, variantFromItem(item)]));
}

/** The style, conditioned on the revision read (none: it must still not exist). */
export function stylePut(deps: Deps, style: Style, readRevision: number | undefined): TransactItem {
  const item: StyleItem = toItem('style', keys.style(style.styleId), style);
  return {
    Put: {
      TableName: deps.tableName,
      Item: item,
      ConditionExpression: readRevision === undefined ? 'attribute_not_exists(PK)' : 'revision = :read',
      ...(readRevision === undefined ? {} : { ExpressionAttributeValues: { ':read': readRevision } }),
    },
  };
}

/** A variant, claimed by its style: refused if the SKU belongs to another style. */
export function variantPut(deps: Deps, variant: Variant): TransactItem {
  const item: VariantItem = toItem('variant', keys.variant(variant.sku), variant);
  return {
    Put: {
      TableName: deps.tableName,
      Item: item,
      ConditionExpression: 'attribute_not_exists(PK) OR styleId = :style',
      ExpressionAttributeValues: { ':style': variant.styleId },
    },
  };
}

/** A variant the style no longer has (only if it is still this style's). */
export const variantDelete = (deps: Deps, styleId: string, sku: string): TransactItem => ({
  Delete: {
    TableName: deps.tableName,
    Key: keys.variant(sku),
    ConditionExpression: 'attribute_not_exists(PK) OR styleId = :style',
    ExpressionAttributeValues: { ':style': styleId },
  },
});

/** Bulk load (seeding): every style and variant, unconditionally. */
export const catalogueItems = (styles: Style[], variantsOf: (s: Style) => Variant[]) =>
  styles.flatMap((style) => [
    toItem('style', keys.style(style.styleId), style) as StyleItem,
    ...variantsOf(style).map((v): VariantItem => toItem('variant', keys.variant(v.sku), v)),
  ]);

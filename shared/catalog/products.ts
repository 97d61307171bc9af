// Use cases: writing and reading the catalogue (PUT /products/{styleId}, POST /products/batch,
// GET /products/{styleId}), and the SKU check orders and reservations make.

import type { Deps } from '../runtime/deps.ts';
import { fail, isDomainError } from '../runtime/errors.ts';
import { batchPut } from '../table/batch.ts';
import { Tx } from '../table/transact.ts';
import { catalogueItems, getStyle, getVariants, stylePut, variantDelete, variantPut } from './repository.ts';
import { droppedSkus, styleToSave, unchanged, variantsOf } from './rules.ts';
import type { Style, StyleBatch, StyleBatchOutcome, StyleInput } from './schemas.ts';

/** Attempts when another write of the same style landed between our read and our write. */
const SAVE_ATTEMPTS = 8;
/** Styles of a batch written at a time. */
const BATCH_CONCURRENCY = 8;

/**
 * Creates or replaces a style.
 * 1. Read the style as it is (strongly consistent); the same content again changes nothing.
 * 2. Decide what is stored: the new revision, each variant's record, the SKUs dropped.
 * 3. Write one transaction: the style (conditioned on the revision read), each variant
 *    (claimed by this style), the dropped variants deleted.
 * 4. A SKU of another style: 422 naming `variants[i].sku`. The style changed meanwhile (or
 *    another transaction held it): read and write again.
 */
export async function saveStyle(deps: Deps, command: { styleId: string; style: StyleInput }): Promise<Style> {
  const { styleId, style: input } = command;
  for (let attempt = 1; ; attempt++) {
    const previous = await getStyle(deps, styleId);
    if (previous && unchanged(previous, input)) return previous;
    const style = styleToSave(styleId, input, previous, deps.clock.now());
    const tx = new Tx<'style' | 'variant' | 'dropped'>().add('style', stylePut(deps, style, previous?.revision));
    for (const variant of variantsOf(style)) tx.add('variant', variantPut(deps, variant));
    for (const sku of droppedSkus(previous, style)) tx.add('dropped', variantDelete(deps, styleId, sku));
    try {
      await tx.write(deps);
      return style;
    } catch (error) {
      const failed = tx.failed(error);
      const busy = isDomainError(error, 'busy');
      if (!failed && !busy) throw error;
      const taken = busy ? [] : tx.failedOf(error, 'variant');
      if (taken.length) {
        const found = await getVariants(
          deps,
          taken.map((i) => style.variants[i]!.sku),
        );
        throw fail.unprocessable(
          taken.map((i) => ({
            path: `variants[${i}].sku`,
            message: `${style.variants[i]!.sku} is a variant of ${found.get(style.variants[i]!.sku)?.styleId ?? 'another style'}.`,
          })),
          'sku-of-another-style',
        );
      }
      if (attempt >= SAVE_ATTEMPTS) throw fail.busy('This style is being changed by another request; retry.');
      if (busy) await new Promise((r) => setTimeout(r, 5 * attempt * Math.random()));
    }
  }
}

/** Up to 100 styles from a feed, each saved on its own; one refused never stops the others. */
export async function saveStyles(deps: Deps, batch: StyleBatch): Promise<StyleBatchOutcome> {
  const queue = batch.products.map((product, index) => ({ product, index }));
  const results: StyleBatchOutcome['results'] = [];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const { product, index } = next;
      const { styleId, ...style } = product;
      try {
        await saveStyle(deps, { styleId, style });
        results.push({ index, styleId, result: 'saved' });
      } catch (error) {
        if (!isDomainError(error)) throw error;
        const field = error.fields[0];
        results.push({
          index,
          styleId,
          result: 'rejected',
          ...(field ? { field: `products[${index}].${field.path}` } : {}),
          reason: error.message,
        });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, queue.length) }, worker));
  results.sort((a, b) => a.index - b.index);
  return {
    saved: results.filter((r) => r.result === 'saved').length,
    rejected: results.filter((r) => r.result === 'rejected').length,
    results,
  };
}

/** One style; 404 for an unknown one. */
export async function findStyle(deps: Deps, styleId: string): Promise<Style> {
  const style = await getStyle(deps, styleId, false);
  if (!style) throw fail.notFound(`Style ${styleId} is not in the catalogue.`);
  return style;
}

/** Bulk load for seeding and benchmarks (BatchWriteItem, unconditional). */
export async function loadCatalogue(deps: Deps, styles: Array<StyleInput & { styleId: string }>): Promise<void> {
  const now = deps.clock.now();
  await batchPut(
    deps,
    catalogueItems(
      styles.map(({ styleId, ...input }) => styleToSave(styleId, input, undefined, now)),
      variantsOf,
    ),
  );
}

// Adapter: the catalog context's handlers (products, warehouses, product availability). The
// kit parses and authorizes; each handler turns the request into a command, calls one use
// case of shared/catalog or shared/fulfilment, and shapes the response.

import type { z } from 'zod';
import { findStyle, saveStyle, saveStyles, type styleBatchBody, type styleBody, type stylePathSchema } from '#shared/catalog/index.ts';
import {
  applyWarehouseStockEvents,
  productAvailability,
  type productAvailabilityQuery,
  requireWarehouse,
  saveWarehouse,
  type warehouseBody,
  type warehousePathSchema,
} from '#shared/fulfilment/index.ts';
import { ok, type Req } from '#shared/http/route.ts';
import type { stockEventsBody } from '#shared/inventory/index.ts';
import type { Deps } from '#shared/runtime/deps.ts';

type StylePath = z.output<typeof stylePathSchema>;
type WarehousePath = z.output<typeof warehousePathSchema>;

export async function putProduct(req: Req<StylePath, undefined, z.output<typeof styleBody>>, deps: Deps) {
  return ok(await saveStyle(deps, { styleId: req.path.styleId, style: req.body }));
}

export async function postProductBatch(req: Req<undefined, undefined, z.output<typeof styleBatchBody>>, deps: Deps) {
  const outcome = await saveStyles(deps, req.body);
  return ok({ ...outcome, results: outcome.results.map((r) => (r.field ? { ...r, field: `body.${r.field}` } : r)) });
}

export async function getProduct(req: Req<StylePath>, deps: Deps) {
  return ok(await findStyle(deps, req.path.styleId));
}

export async function getProductAvailability(req: Req<StylePath, z.output<typeof productAvailabilityQuery>>, deps: Deps) {
  return ok(await productAvailability(deps, { ...req.query, styleId: req.path.styleId }));
}

export async function putWarehouse(req: Req<WarehousePath, undefined, z.output<typeof warehouseBody>>, deps: Deps) {
  return ok(await saveWarehouse(deps, { warehouseId: req.path.warehouseId, warehouse: req.body }));
}

export async function getWarehouse(req: Req<WarehousePath>, deps: Deps) {
  return ok(await requireWarehouse(deps, req.path.warehouseId));
}

export async function postWarehouseStockEvents(req: Req<WarehousePath, undefined, z.output<typeof stockEventsBody>>, deps: Deps) {
  const outcome = await applyWarehouseStockEvents(deps, { warehouseId: req.path.warehouseId, events: req.body.events });
  return ok({ ...outcome, results: outcome.results.map((r) => (r.field ? { ...r, field: `body.${r.field}` } : r)) });
}

// Fixtures for the contact center's actions: audit entries, stock figures, a ready pickup.

import { expect } from 'vitest';
import { QueryCommand } from '#shared/runtime/dynamodb.ts';
import { keys } from '#shared/table/keys.ts';
import type { TestApi } from './api.ts';
import { orderBody, rawItem } from './orders.ts';

/** The access audit entries of one caller ("agent:a-1") on the clock's UTC day. */
export async function auditEntries(api: TestApi, actorKey: string) {
  const day = api.deps.clock.now().toISOString().slice(0, 10);
  const found = await api.deps.db.send(
    new QueryCommand({
      TableName: api.deps.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.accessAudit(actorKey, day, '').PK },
      ConsistentRead: true,
    }),
  );
  return (found.Items ?? []) as Array<Record<string, unknown>>;
}

export type Figures = { onHand: number; confirmed: number; available: number };

/** A store's figures of some SKUs, as its staff see them (GET /stores/{storeId}/stock). */
export async function storeFigures(api: TestApi, storeId: string, ...skus: string[]): Promise<Record<string, Figures>> {
  const res = await api.call('GET', `/stores/${storeId}/stock?sku=${skus.join(',')}`, { token: await api.staff(storeId) });
  expect(res.status).toBe(200);
  return Object.fromEntries(
    res.body.items.map((i: Figures & { sku: string }) => [i.sku, { onHand: i.onHand, confirmed: i.confirmed, available: i.available }]),
  );
}

/** A warehouse's stock line of a SKU as stored (on-hand and free units). */
export async function warehouseLine(api: TestApi, warehouseId: string, sku: string) {
  const item = await rawItem(api.deps, keys.stock(keys.warehouseLocation(warehouseId), sku));
  return { onHand: Number(item?.onHand ?? 0), freeUnits: Number(item?.freeUnits ?? 0) };
}

/** A pickup order placed through an orders integration and marked ready: the order and its pickup code. */
export async function readyPickup(
  api: TestApi,
  input: { channelOrderId: string; customerId: string; storeId: string; lines: Array<{ sku: string; quantity: number; price?: number }> },
) {
  const token = await api.integration('orders/write');
  const placed = await api.call('POST', '/orders', {
    token,
    body: orderBody({
      channelOrderId: input.channelOrderId,
      customer: { customerId: input.customerId },
      lines: input.lines.map((l) => ({ price: 2999, ...l, fulfilment: 'pickup', storeId: input.storeId })),
    }),
  });
  expect(placed.status).toBe(201);
  const ready = await api.call('POST', `/orders/${placed.body.orderId}/status`, { token, body: { status: 'ready_for_pickup' } });
  expect(ready.status).toBe(200);
  return { order: ready.body, pickupCode: placed.body.pickupCode as string };
}

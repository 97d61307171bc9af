// Fixtures for orders and tablet tests: customers, order bodies, raw reads.

import { normalizeOrReject, setIdentity, updateProfile } from '#shared/profiles/index.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { GetCommand } from '#shared/runtime/dynamodb.ts';

// Stores and stock lines come from inventory's fixtures (its line layout, its store index).
import { seedWarehouses, warehouseFixture } from './catalog.ts';
import { seedWarehouseStock } from './inventory.ts';

export { seedStock, seedStores, seedWarehouseStock, storeFixture } from './inventory.ts';

export async function seedCustomer(
  deps: Deps,
  customerId: string,
  identities: { email?: string; phone?: string; loyalty?: string } = {},
  name = 'Test Customer',
) {
  await updateProfile(deps, customerId, { name });
  for (const [kind, raw] of Object.entries(identities) as Array<['email' | 'phone' | 'loyalty', string]>) {
    await setIdentity(deps, customerId, kind, normalizeOrReject(deps, kind, raw, kind));
  }
}

type Line = {
  sku: string;
  quantity: number;
  price: number;
  fulfilment: 'ship' | 'pickup' | 'in_store';
  storeId?: string;
  category?: string;
  reservationId?: string;
};

/** An order body; one with ship lines goes to Madrid (shipTo 28013) unless it says otherwise. */
export function orderBody(overrides: Record<string, unknown> & { channelOrderId: string; lines?: Array<Line | Record<string, unknown>> }) {
  const body = {
    channel: 'web',
    customer: { email: 'someone@example.com' },
    currency: 'EUR',
    lines: [{ sku: 'SKU-1', quantity: 1, price: 2999, fulfilment: 'pickup', storeId: 'store-a', category: 'Denim' }],
    ...overrides,
  };
  const ships = body.lines.some((l) => l.fulfilment === 'ship');
  return ships && !('shipTo' in overrides) ? { ...body, shipTo: { postalCode: '28013' } } : body;
}

/** A Madrid warehouse (wh-test) with these units of each SKU, for ship lines. */
export async function seedShipping(deps: Deps, stock: Record<string, number>) {
  await seedWarehouses(deps, [warehouseFixture({ warehouseId: 'wh-test' })]);
  await seedWarehouseStock(
    deps,
    Object.entries(stock).map(([sku, onHand]) => ({ warehouseId: 'wh-test', sku, onHand })),
  );
}

export async function rawItem(deps: Deps, key: { PK: string; SK: string }) {
  return (await deps.db.send(new GetCommand({ TableName: deps.tableName, Key: key, ConsistentRead: true }))).Item;
}

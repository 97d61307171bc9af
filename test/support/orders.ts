// Fixtures for orders and tablet tests: stores, stock lines, customers, order bodies.

import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { normalizeOrReject } from '#shared/domain/identity.ts';
import * as profiles from '#shared/repositories/profiles.ts';
import { putStore } from '#shared/repositories/stores.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { type Store, storeSchema } from '#shared/schemas/store.ts';
import { keys } from '#shared/table/keys.ts';

const weekday = [{ open: '10:00', close: '21:00' }];

/** A Madrid store open 10:00–21:00 Monday to Saturday, offering pickup and returns. */
export function storeFixture(overrides: Partial<Store> & { storeId: string }): Store {
  return storeSchema.parse({
    name: `Store ${overrides.storeId}`,
    address: { line1: 'Calle Mayor 1', city: 'Madrid', postalCode: '28013', country: 'ES' },
    location: { lat: 40.4169, lon: -3.7035 },
    timeZone: 'Europe/Madrid',
    openingHours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: weekday },
    services: ['pickup', 'returns'],
    pickupLeadMinutes: 60,
    ...overrides,
  });
}

export async function seedStores(deps: Deps, stores: Store[]) {
  await Promise.all(stores.map((s) => putStore(deps, s)));
}

/** A stock line as a fresh count leaves it: nothing reserved. */
export async function seedStock(deps: Deps, lines: Array<{ storeId: string; sku: string; onHand: number }>) {
  await Promise.all(
    lines.map((l) =>
      deps.db.send(
        new PutCommand({
          TableName: deps.tableName,
          Item: { ...keys.stock(l.storeId, l.sku), type: 'stock', storeId: l.storeId, sku: l.sku, onHand: l.onHand, safetyStock: 0, confirmed: 0, holds: {}, free: l.onHand },
        }),
      ),
    ),
  );
}

export async function seedCustomer(deps: Deps, customerId: string, identities: { email?: string; phone?: string; loyalty?: string } = {}, name = 'Test Customer') {
  await profiles.updateProfile(deps, customerId, { name });
  for (const [kind, raw] of Object.entries(identities) as Array<['email' | 'phone' | 'loyalty', string]>) {
    await profiles.setIdentity(deps, customerId, kind, normalizeOrReject(deps, kind, raw, kind));
  }
}

type Line = { sku: string; quantity: number; price: number; fulfilment: 'ship' | 'pickup' | 'in_store'; storeId?: string; category?: string; reservationId?: string };

export function orderBody(overrides: Record<string, unknown> & { channelOrderId: string; lines?: Array<Line | Record<string, unknown>> }) {
  return {
    channel: 'web',
    customer: { email: 'someone@example.com' },
    currency: 'EUR',
    lines: [{ sku: 'SKU-1', quantity: 1, price: 2999, fulfilment: 'pickup', storeId: 'store-a', category: 'Denim' }],
    ...overrides,
  };
}

export async function rawItem(deps: Deps, key: { PK: string; SK: string }) {
  return (await deps.db.send(new GetCommand({ TableName: deps.tableName, Key: key, ConsistentRead: true }))).Item;
}

export async function partition(deps: Deps, pk: string) {
  return (await deps.db.send(new QueryCommand({ TableName: deps.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk } }))).Items ?? [];
}

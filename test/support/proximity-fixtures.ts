// Test fixtures for proximity: stores, and the items other contexts own (stock lines,
// appointments, the purchase summary) written directly with the pinned key layout.

import { lineItem } from '#shared/inventory/index.ts';
import type { Offer } from '#shared/proximity/schemas.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { PutCommand, QueryCommand } from '#shared/runtime/dynamodb.ts';
import { putStore, type Store, storeSchema } from '#shared/stores/index.ts';
import { keys } from '#shared/table/keys.ts';

const week = { open: '10:00', close: '21:00' };

/** An offer as stored, valid through November 2026, chain-wide, once a day. */
export function createMockOffer(overrides: Partial<Offer> = {}): Offer {
  return {
    offerId: '01JAAAAAAAAAAAAAAAAAAAAAAA',
    title: 'x',
    target: {},
    validFrom: '2026-11-01T00:00:00.000Z',
    validUntil: '2026-12-01T00:00:00.000Z',
    openingHoursOnly: true,
    priority: 100,
    frequencyCap: { times: 1, per: 'day' },
    redemptions: 0,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

export function createMockStore(overrides: Partial<Store> = {}): Store {
  return storeSchema.parse({
    storeId: 'mad-sol',
    name: 'Madrid Sol',
    address: { line1: 'Calle Preciados 1', city: 'Madrid', postalCode: '28013', country: 'ES' },
    location: { lat: 40.4169, lon: -3.7035 },
    timeZone: 'Europe/Madrid',
    openingHours: { mon: [week], tue: [week], wed: [week], thu: [week], fri: [week], sat: [week] },
    ...overrides,
  });
}

export async function seedStore(deps: Deps, overrides: Partial<Store> = {}): Promise<Store> {
  const store = createMockStore(overrides);
  await putStore(deps, store);
  return store;
}

/** A stock line as the inventory context writes it; `reserved` units are confirmed reservations. */
export async function putStockLine(
  deps: Deps,
  storeId: string,
  sku: string,
  line: { onHand: number; reserved?: number; safetyStock?: number },
) {
  const confirmed = line.reserved ?? 0;
  const safetyStock = line.safetyStock ?? 0;
  await deps.db.send(
    new PutCommand({
      TableName: deps.tableName,
      Item: lineItem({
        storeId,
        sku,
        onHand: line.onHand,
        safetyStock,
        confirmed,
        holds: {},
        freeUnits: line.onHand - safetyStock - confirmed,
      }),
    }),
  );
}

/** An appointment as the appointments context indexes it for the customer (GSI1). */
export async function putAppointment(deps: Deps, a: { customerId: string; storeId: string; start: string; status?: string; id?: string }) {
  const appointmentId = a.id ?? `appt-${Math.random().toString(36).slice(2, 10)}`;
  const startIso = new Date(a.start).toISOString();
  await deps.db.send(
    new PutCommand({
      TableName: deps.tableName,
      Item: {
        PK: `APPOINTMENT#${appointmentId}`,
        SK: 'APPOINTMENT',
        ...keys.customerAppointment(a.customerId, startIso, appointmentId),
        appointmentId,
        customerId: a.customerId,
        storeId: a.storeId,
        start: startIso,
        status: a.status ?? 'booked',
      },
    }),
  );
}

/** The purchase summary orders (issue 6) will maintain: category → last purchase ISO. */
export async function putPurchases(deps: Deps, customerId: string, categories: Record<string, string>) {
  await deps.db.send(
    new PutCommand({ TableName: deps.tableName, Item: { ...keys.purchaseSummary(customerId), entity: 'purchaseSummary', categories } }),
  );
}

/** Everything in a customer's partition (to assert what was, or was not, stored). */
export async function customerItems(deps: Deps, customerId: string) {
  const res = await deps.db.send(
    new QueryCommand({
      TableName: deps.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.customerPartition(customerId) },
      ConsistentRead: true,
    }),
  );
  return res.Items ?? [];
}

export const beaconUuid = 'f7826da6-4fa2-4e98-8024-bc5b71e0893e';
export const ibeacon = (minor: number, signal: { rssi?: number; proximity?: string } = { rssi: -60 }, seenAt?: string) => ({
  type: 'ibeacon' as const,
  uuid: beaconUuid,
  major: 1,
  minor,
  ...signal,
  ...(seenAt ? { seenAt } : {}),
});

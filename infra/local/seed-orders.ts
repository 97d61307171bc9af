// Local runtime: demo orders for the demo customers, from every channel, placed through the
// same use case the API uses (so pickups hold real stock of the demo stores). Lucía's
// online order waits at Madrid Sol ready for pickup — find her on the tablet by phone and
// hand it over (her code is in her ready-for-pickup message: GET /me/notifications, and the
// local inbox once the sweep ran). Sol holds pickups 3 days (its own pickup policy). A guest
// checkout (pablo.ruiz@example.com) waits to be merged into whoever signs up with it.

import { availableNow, getLines, pairKey } from '#shared/inventory/index.ts';
import { changeStatus, createOrderBody, placeOrder, setPickupPolicy } from '#shared/orders/index.ts';
import type { Actor } from '#shared/platform/actor.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { demoSkus } from './seed-catalog.ts';

const DAY = 86_400_000;
const seeder: Actor = { kind: 'integration', clientId: 'seed', scopes: ['orders/write'] };

/** The first SKUs of these styles with a unit free at the store (demo stock is random per store). */
async function freeSkus(deps: Deps, storeId: string, styles: string[], count: number): Promise<string[]> {
  const candidates = demoSkus().filter((sku) => styles.some((s) => sku.startsWith(`${s}-`)));
  const lines = await getLines(
    deps,
    candidates.map((sku) => ({ storeId, sku })),
  );
  const now = deps.clock.now();
  return candidates
    .filter((sku) => {
      const line = lines.get(pairKey(storeId, sku));
      return line !== undefined && availableNow(line, now) >= 1;
    })
    .slice(0, count);
}

export async function seedOrders(deps: Deps): Promise<void> {
  const now = deps.clock.now().getTime();
  const ago = (days: number) => new Date(now - days * DAY).toISOString();
  const place = (body: unknown) => placeOrder(deps, createOrderBody.parse(body));

  // Lucía: a knitwear order delivered last month (she can return it in a store), a coat by
  // phone on its way, and today's pickup at Sol.
  const knit = await place({
    channel: 'web',
    channelOrderId: 'WEB-88120',
    customer: { customerId: 'cust-demo-lucia' },
    placedAt: ago(40),
    lines: [{ sku: 'KNIT-MERINO-CAM-M', quantity: 1, price: 5995, fulfilment: 'ship', category: 'knitwear' }],
    shipTo: { postalCode: '28010', country: 'ES' },
  });
  await changeStatus(deps, { orderId: knit.order.orderId, to: 'shipped' }, seeder);
  await changeStatus(deps, { orderId: knit.order.orderId, to: 'delivered' }, seeder);
  const coat = await place({
    channel: 'contact_center',
    channelOrderId: 'CC-20411',
    customer: { phone: '612 345 678' },
    placedAt: ago(12),
    lines: [{ sku: 'COAT-WOOL-BLK-M', quantity: 1, price: 14995, fulfilment: 'ship', category: 'outerwear' }],
    shipTo: { postalCode: '28010', country: 'ES' },
  });
  await changeStatus(deps, { orderId: coat.order.orderId, to: 'shipped' }, seeder);
  const [jeans, tee] = await Promise.all([freeSkus(deps, 'mad-sol', ['JEAN-SLIM'], 1), freeSkus(deps, 'mad-sol', ['TEE-BASIC'], 1)]);
  const pickup = await place({
    channel: 'web',
    channelOrderId: 'WEB-100234',
    customer: { email: 'lucia.fernandez@example.com' },
    placedAt: ago(0.05),
    lines: [
      ...jeans.map((sku) => ({ sku, quantity: 1, price: 4995, fulfilment: 'pickup', storeId: 'mad-sol', category: 'denim' })),
      ...tee.map((sku) => ({ sku, quantity: 1, price: 1295, fulfilment: 'pickup', storeId: 'mad-sol', category: 'tops' })),
    ],
  });
  await setPickupPolicy(
    deps,
    { storeId: 'mad-sol', policy: { holdDays: 3, reminderHoursBefore: 24, maxExtensionDays: 4 } },
    { kind: 'integration', clientId: 'seed', scopes: ['catalog/write'] },
  );
  await changeStatus(deps, { orderId: pickup.order.orderId, to: 'ready_for_pickup' }, seeder);

  // Marc: a shirt bought at the Gran Vía till, and an app order being prepared at Castellana.
  const shirt = await freeSkus(deps, 'mad-granvia', ['SHIRT-OXFORD'], 1);
  if (shirt.length) {
    await place({
      channel: 'store',
      channelOrderId: 'POS-7781',
      customer: { loyalty: 'OMNI-100877' },
      placedAt: ago(3),
      lines: [{ sku: shirt[0], quantity: 1, price: 3995, fulfilment: 'in_store', storeId: 'mad-granvia', category: 'shirts' }],
    });
  }
  const mall = await freeSkus(
    deps,
    'mad-castellana',
    ['TEE-BASIC', 'JEAN-SLIM', 'KNIT-MERINO', 'SWEAT-HOODIE', 'POLO-PIQUE', 'DRESS-MIDI'],
    1,
  );
  if (mall.length) {
    await place({
      channel: 'app',
      channelOrderId: 'APP-60001',
      customer: { customerId: 'cust-demo-marc' },
      placedAt: ago(0.1),
      lines: [{ sku: mall[0], quantity: 1, price: 2995, fulfilment: 'pickup', storeId: 'mad-castellana' }],
    });
  }

  // A guest checkout: becomes part of the profile of whoever attaches this e-mail.
  await place({
    channel: 'web',
    channelOrderId: 'WEB-100400',
    customer: { email: 'pablo.ruiz@example.com', name: 'Pablo Ruiz' },
    placedAt: ago(2),
    lines: [{ sku: 'SNEAKER-LEATHER-WHT-41', quantity: 1, price: 8995, fulfilment: 'ship', category: 'shoes' }],
    shipTo: { postalCode: '08001', country: 'ES' },
  });
}

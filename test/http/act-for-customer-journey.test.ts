// The seed story with the contact center, end to end over real HTTP and real SMTP (a local
// maildev): an online order for pickup, the agent extends it and moves it to another store,
// it is picked up there and the colour exchanged; at home she calls, the agent finds her by
// the number as the phone system passes it, sees the exchange on her card, notes the call and
// opens a return by courier, and the warehouse receives it — the customer gets a message at
// each step the contact center took, the stock is right at every step (stores and warehouse),
// her timeline tells it by kind, and every agent read and action is in the audit trail.

import { beforeAll, describe, expect, it } from 'vitest';
import { createSweep } from '#functions/timers/sweep.ts';
import { smtpSender } from '#shared/notifications/index.ts';
import { fixedClock } from '#shared/runtime/clock.ts';
import { keys } from '#shared/table/keys.ts';
import { useTestApi } from '#test/support/api.ts';
import { storeFigures, warehouseLine } from '#test/support/care.ts';
import { useInbox, waitForMails } from '#test/support/inbox.ts';
import { orderBody, rawItem, seedCustomer, seedShipping, seedStock, seedStores, storeFixture } from '#test/support/orders.ts';
import { accessAuditOf } from '#test/support/table.ts';

const clock = fixedClock('2026-11-24T10:00:00Z'); // Tuesday 11:00 in Madrid
const api = useTestApi({ clock });
const inbox = useInbox();
const WHITE = 'TEE-BASIC-WHT-M';
const BLACK = 'TEE-BASIC-BLK-M';
const to = (address: string) => (m: { to: Array<{ address: string }> }) => m.to.some((r) => r.address === address);
const tick = () => clock.advance(60_000);

beforeAll(async () => {
  await seedStores(api.deps, [
    storeFixture({ storeId: 'mad-sol', name: 'Madrid Sol' }),
    storeFixture({ storeId: 'mad-goya', name: 'Madrid Goya' }),
  ]);
  await seedStock(api.deps, [
    { storeId: 'mad-sol', sku: WHITE, onHand: 5 },
    { storeId: 'mad-goya', sku: WHITE, onHand: 2 },
    { storeId: 'mad-goya', sku: BLACK, onHand: 4 },
  ]);
  await seedShipping(api.deps, { [WHITE]: 100, [BLACK]: 100 });
  await seedCustomer(api.deps, 'cust-lucia', { phone: '+34 612 345 678', email: 'lucia@example.com' }, 'Lucía');
});

describe('acting for the customer, end to end', () => {
  it('extend, move, pick up, exchange, return by courier: messages arrive and stock is right at every step', async () => {
    const sweep = createSweep(api.deps, smtpSender({ port: inbox.smtpPort, timeoutMs: 2000 }));
    const mailsFor = async (count: number) => {
      await sweep();
      return waitForMails(inbox, to('lucia@example.com'), count);
    };
    const orders = await api.integration('orders/write');
    const agent = await api.agent('agent-journey');
    await sweep(); // the sweeps' watermark

    // 1. The web shop's pickup order at Sol holds one white tee there; Sol marks it ready.
    tick();
    const placed = await api.call('POST', '/orders', {
      token: orders,
      body: orderBody({
        channelOrderId: 'WEB-100234',
        customer: { phone: '612 345 678' },
        lines: [{ sku: WHITE, quantity: 1, price: 1995, fulfilment: 'pickup', storeId: 'mad-sol', category: 'tops' }],
      }),
    });
    expect(placed.status).toBe(201);
    const { orderId } = placed.body;
    expect((await api.call('POST', `/orders/${orderId}/status`, { token: orders, body: { status: 'ready_for_pickup' } })).status).toBe(200);
    expect(await storeFigures(api, 'mad-sol', WHITE)).toEqual({ [WHITE]: { onHand: 5, confirmed: 1, available: 4 } });
    expect((await mailsFor(1)).map((m) => m.subject)).toEqual(['Tu pedido WEB-100234 está listo para recoger']);

    // 2. She calls: the agent gives her two more days.
    tick();
    const read = await api.call('GET', `/orders/${orderId}`, { token: agent });
    const until = new Date(Date.parse(read.body.pickupDeadline) + 2 * 24 * 3600_000).toISOString();
    const extended = await api.call('POST', `/orders/${orderId}/pickup/extend`, { token: agent, body: { until } });
    expect(extended.status).toBe(200);
    const [, extendedMail] = await mailsFor(2);
    expect(extendedMail!.subject).toBe('Más tiempo para recoger tu pedido WEB-100234');
    expect(extendedMail!.text).toContain('Madrid Sol');
    expect(extendedMail!.text).toContain('3 dic 2026'); // the new deadline, on the store's clock
    // The reminder follows the new deadline.
    const reminder = await rawItem(api.deps, keys.timer(`pickup-reminder#${orderId}`));
    expect(reminder?.payload).toEqual({ orderId, deadline: extended.body.pickupDeadline });

    // 3. …and then moves it to Goya, nearer her: the unit is held at Goya and released at Sol.
    tick();
    const moved = await api.call('POST', `/orders/${orderId}/pickup/move`, { token: agent, body: { storeId: 'mad-goya' } });
    expect(moved.status).toBe(200);
    expect(await storeFigures(api, 'mad-sol', WHITE)).toEqual({ [WHITE]: { onHand: 5, confirmed: 0, available: 5 } });
    expect(await storeFigures(api, 'mad-goya', WHITE, BLACK)).toEqual({
      [WHITE]: { onHand: 2, confirmed: 1, available: 1 },
      [BLACK]: { onHand: 4, confirmed: 0, available: 4 },
    });
    const movedMail = (await mailsFor(3))[2]!;
    expect(movedMail.subject).toBe('Recoge tu pedido WEB-100234 en Madrid Goya');
    expect(movedMail.text).toContain('Tu código de recogida no cambia');

    // 4. She picks it up at Goya with her code, and exchanges the colour on the spot.
    tick();
    const handed = await api.call('POST', `/stores/mad-goya/pickups/${orderId}/handover`, {
      token: await api.staff('mad-goya'),
      body: { code: placed.body.pickupCode },
    });
    expect(handed.status).toBe(200);
    const exchange = await api.call('POST', `/orders/${orderId}/returns`, {
      token: await api.staff('mad-goya'),
      body: { storeId: 'mad-goya', lines: [{ sku: WHITE, quantity: 1, exchangeSku: BLACK }] },
    });
    expect(exchange.status).toBe(200);
    expect(await storeFigures(api, 'mad-goya', WHITE, BLACK)).toEqual({
      [WHITE]: { onHand: 2, confirmed: 0, available: 2 },
      [BLACK]: { onHand: 3, confirmed: 0, available: 3 },
    });

    // 5. At home she calls again; the phone system passes her number as it comes in. The agent
    //    finds her, sees the exchange on her card and notes the call.
    tick();
    const found = await api.call('GET', `/customers?q=${encodeURIComponent('0034 612 34 56 78')}`, { token: agent });
    expect(found.status).toBe(200);
    expect(found.body.items).toEqual([expect.objectContaining({ customerId: 'cust-lucia', name: 'Lucía', matchedBy: 'phone' })]);
    expect(found.body.items[0].phone).not.toContain('612');
    expect(found.body.items[0].lastOrder).toMatchObject({ orderId });
    const card = await api.call('GET', '/customers/cust-lucia', { token: agent });
    expect(card.status).toBe(200);
    const onCard = card.body.orders.find((o: { orderId: string }) => o.orderId === orderId);
    expect(onCard.returns).toEqual([expect.objectContaining({ storeId: 'mad-goya' })]);
    expect(onCard.lines).toEqual([
      expect.objectContaining({ sku: WHITE, returnedQuantity: 1 }),
      expect.objectContaining({ sku: BLACK, fulfilment: 'in_store', storeId: 'mad-goya' }),
    ]);
    const note = await api.call('POST', '/customers/cust-lucia/notes', {
      token: agent,
      body: { channel: 'phone', reason: 'return', text: 'The black tee does not fit; return by courier.' },
      headers: { 'idempotency-key': 'call-2-note' },
    });
    expect(note.status).toBe(201);

    // …and opens a return by courier for the black tee.
    const rma = await api.call('POST', `/orders/${orderId}/return-authorizations`, {
      token: agent,
      body: { lines: [{ sku: BLACK, quantity: 1 }], reason: 'Does not fit', method: 'courier' },
      headers: { 'idempotency-key': 'call-2-rma' },
    });
    expect(rma.status).toBe(201);
    expect(rma.body).toMatchObject({ amount: 1995, lines: [{ sku: BLACK, quantity: 1, price: 1995 }] });
    const rmaMail = (await mailsFor(4))[3]!;
    expect(rmaMail.subject).toBe(`Devolución autorizada: ${rma.body.code}`);
    expect(rmaMail.text).toContain('un mensajero lo recogerá');
    expect(rmaMail.text).toContain('19,95');

    // 6. The warehouse receives the parcel: the unit is back in its stock, the order counts it returned.
    tick();
    const before = await warehouseLine(api, 'wh-test', BLACK);
    const received = await api.call('POST', `/return-authorizations/${rma.body.rmaId}/receive`, {
      token: await api.integration('inventory/write'),
      body: { locationId: 'wh-test' },
      headers: { 'idempotency-key': 'wms-parcel-1' },
    });
    expect(received.status).toBe(200);
    expect(received.body).toMatchObject({ status: 'received', refundedAmount: 1995 });
    expect(await warehouseLine(api, 'wh-test', BLACK)).toEqual({ onHand: before.onHand + 1, freeUnits: before.freeUnits + 1 });
    expect(await storeFigures(api, 'mad-goya', WHITE, BLACK)).toEqual({
      [WHITE]: { onHand: 2, confirmed: 0, available: 2 },
      [BLACK]: { onHand: 3, confirmed: 0, available: 3 },
    });
    const order = (await api.call('GET', `/orders/${orderId}`, { token: await api.customer('cust-lucia') })).body;
    expect(order.status).toBe('returned');
    const receivedMail = (await mailsFor(5))[4]!;
    expect(receivedMail.subject).toBe(`Hemos recibido tu devolución ${rma.body.code}`);
    expect(receivedMail.text).toContain('19,95');

    // Each message once, however often the sweep runs.
    await Promise.all(Array.from({ length: 5 }, () => sweep()));
    await new Promise((r) => setTimeout(r, 300));
    expect(await waitForMails(inbox, to('lucia@example.com'), 6, 300)).toHaveLength(5);

    // 7. Her timeline tells it, kind by kind; every read and action of the agent is audited.
    const timeline = await api.call('GET', '/customers/cust-lucia/timeline?limit=100', { token: agent });
    expect(timeline.status).toBe(200);
    const kinds = new Set(timeline.body.items.map((e: { kind: string }) => e.kind));
    for (const kind of ['order', 'return', 'note', 'message']) expect(kinds).toContain(kind);
    const returns = await api.call('GET', '/customers/cust-lucia/timeline?kind=return', { token: agent });
    expect(returns.body.items.map((e: { type: string }) => e.type)).toEqual(['return.received', 'return.authorized', 'order.exchanged']);
    const audit = (await accessAuditOf(api.deps, 'agent:agent-journey')).map((e) => e.action);
    expect(audit).toEqual(
      expect.arrayContaining([
        'order.view',
        'pickup.extend',
        'pickup.move',
        'customer.search',
        'customer.card',
        'customer.note',
        'return.authorize',
        'customer.timeline',
      ]),
    );
  });
});

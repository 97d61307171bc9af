// Notifications end to end over DynamoDB Local and a real SMTP server (maildev), with an
// injected clock: the ready-for-pickup message with its code, sent once however many sweeps
// run at once; the SMTP server down → retried with backoff, then recorded failed; quiet hours;
// no message without the preference that allows it; appointment reminders on the store's
// clock across a DST change.

import { beforeAll, describe, expect, it } from 'vitest';
import { createSweep } from '#functions/timers/sweep.ts';
import { freePort } from '#infra/local/dynamodb-local.ts';
import { appointmentEvents } from '#shared/appointments/index.ts';
import { listNotifications, SMS_HEADER, setPreferences, smtpSender } from '#shared/notifications/index.ts';
import { changeStatus, createOrderBody, placeOrder } from '#shared/orders/index.ts';
import type { Actor } from '#shared/platform/actor.ts';
import { outboxPut } from '#shared/platform/outbox.ts';
import { listTimeline } from '#shared/platform/timeline.ts';
import { fixedClock } from '#shared/runtime/clock.ts';
import { keys } from '#shared/table/keys.ts';
import { transactWrite } from '#shared/table/transact.ts';
import { useInbox, waitForMails } from '../support/inbox.ts';
import { orderBody, seedCustomer, seedStock, seedStores, storeFixture } from '../support/orders.ts';
import { useTestTable } from '../support/table.ts';

const clock = fixedClock('2026-11-24T10:00:00Z');
const t = useTestTable({ clock });
const inbox = useInbox();
const integration: Actor = { kind: 'integration', clientId: 'test', scopes: ['orders/write'] };
const MIN = 60_000;

let n = 0;
async function readyPickup(customerId: string) {
  n++;
  const placed = await placeOrder(
    t.deps,
    createOrderBody.parse(
      orderBody({
        channelOrderId: `NOTE-${n}`,
        customer: { customerId },
        lines: [{ sku: 'SKU-1', quantity: 1, price: 1000, fulfilment: 'pickup', storeId: 'store-a' }],
      }),
    ),
  );
  await changeStatus(t.deps, { orderId: placed.order.orderId, to: 'ready_for_pickup' }, integration);
  return { orderId: placed.order.orderId, code: placed.pickupCode as string, channelOrderId: placed.order.channelOrderId };
}
const sweepWith = (port: number) => createSweep(t.deps, smtpSender({ port, timeoutMs: 2000 }));
const to = (address: string) => (m: { to: Array<{ address: string }> }) => m.to.some((r) => r.address === address);

beforeAll(async () => {
  await seedStores(t.deps, [storeFixture({ storeId: 'store-a', name: 'Madrid Sol' })]);
  await seedStock(t.deps, [{ storeId: 'store-a', sku: 'SKU-1', onHand: 100 }]);
  await seedCustomer(t.deps, 'cust-lucia', { email: 'lucia@example.com', phone: '+34 612 345 678' }, 'Lucía');
  await seedCustomer(t.deps, 'cust-sms', { email: 'sms@example.com', phone: '+34 622 111 222' }, 'Sam');
  await seedCustomer(t.deps, 'cust-none', { email: 'none@example.com' }, 'Nobody');
  await seedCustomer(t.deps, 'cust-down', { email: 'down@example.com' }, 'Dora');
  await seedCustomer(t.deps, 'cust-quiet', { email: 'quiet@example.com' }, 'Quentin');
  await seedCustomer(t.deps, 'cust-appt', { email: 'appt@example.com' }, 'Ada');
});

describe('order ready for pickup', () => {
  it('mails the customer their pickup code once, even with 20 sweeps at once, and lists it in their notifications', async () => {
    const sweep = sweepWith(inbox.smtpPort);
    await sweep(); // the sweeps' watermark
    const { code, orderId } = await readyPickup('cust-lucia');
    await Promise.all(Array.from({ length: 20 }, () => sweep()));
    await sweep();
    const mails = await waitForMails(inbox, to('lucia@example.com'));
    await new Promise((r) => setTimeout(r, 300)); // a duplicate would have arrived by now
    expect(await waitForMails(inbox, to('lucia@example.com'))).toHaveLength(1);
    expect(mails[0]!.subject).toContain('está listo para recoger');
    expect(mails[0]!.text).toContain(code);

    const page = await listNotifications(t.deps, 'cust-lucia', { limit: 10 });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      kind: 'order.ready-for-pickup',
      channel: 'email',
      status: 'sent',
      attempts: 1,
      ref: { orderId },
    });
    expect(page.items[0]!.text).toContain(code);
    // The timeline says a message went, never what it said.
    const timeline = await listTimeline(t.deps, 'cust-lucia', { limit: 20 });
    const entry = timeline.items.find((e) => e.type === 'notification.sent');
    expect(entry?.summary).toContain('E-mail sent');
    expect(JSON.stringify(timeline.items)).not.toContain(code);
  });

  it('sends by SMS too when the customer chose it: the local inbox marks it SMS; in English when asked', async () => {
    await setPreferences(t.deps, 'cust-sms', { channels: ['email', 'sms'], language: 'en', timeZone: 'Europe/Madrid' });
    const { code } = await readyPickup('cust-sms');
    await sweepWith(inbox.smtpPort)();
    const [sms] = await waitForMails(inbox, (m) => m.headers[SMS_HEADER] === 'sms' && m.text.includes(code));
    expect(sms?.subject).toBe('[SMS] to +34622111222');
    const [mail] = await waitForMails(inbox, to('sms@example.com'));
    expect(mail?.subject).toContain('is ready for pickup');
  });

  it('sends nothing on a channel the customer did not choose (no channel at all: no message)', async () => {
    await setPreferences(t.deps, 'cust-none', { channels: [], language: 'es', timeZone: 'Europe/Madrid' });
    await readyPickup('cust-none');
    await sweepWith(inbox.smtpPort)();
    expect((await listNotifications(t.deps, 'cust-none', { limit: 10 })).items).toEqual([]);
    expect(await waitForMails(inbox, to('none@example.com'), 1, 500)).toEqual([]);
  });
});

describe('an order an associate placed in a store', () => {
  it('tells the customer once what they bought there, in their language', async () => {
    await seedCustomer(t.deps, 'cust-walkin', { email: 'walkin@example.com' }, 'Wanda');
    const sweep = sweepWith(inbox.smtpPort);
    await sweep();
    const placed = await placeOrder(
      t.deps,
      createOrderBody.parse(
        orderBody({
          channel: 'store',
          channelOrderId: 'STORE-WALKIN-1',
          customer: { customerId: 'cust-walkin' },
          lines: [{ sku: 'SKU-1', quantity: 1, price: 1000, fulfilment: 'pickup', storeId: 'store-a' }],
        }),
      ),
      { soldAt: { storeId: 'store-a', associateId: 'assoc-1' } },
    );
    await Promise.all(Array.from({ length: 5 }, () => sweep()));
    const mails = await waitForMails(inbox, to('walkin@example.com'));
    await new Promise((r) => setTimeout(r, 300)); // a duplicate would have arrived by now
    expect(await waitForMails(inbox, to('walkin@example.com'))).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Gracias por tu compra en Madrid Sol');
    expect(mails[0]!.text).toContain('STORE-WALKIN-1');
    const page = await listNotifications(t.deps, 'cust-walkin', { limit: 10 });
    expect(page.items).toMatchObject([{ kind: 'order.placed-in-store', status: 'sent', ref: { orderId: placed.order.orderId } }]);
  });
});

describe('pickup reminder and expiry', () => {
  it('reminds reminderHoursBefore the deadline while the order waits, and says so when it expires', async () => {
    const sweep = sweepWith(inbox.smtpPort);
    await seedCustomer(t.deps, 'cust-late', { email: 'late@example.com' }, 'Leo');
    clock.set('2026-11-24T11:00:00Z');
    await readyPickup('cust-late');
    await sweep();
    const deadline = Date.parse('2026-12-01T11:00:00Z'); // the default policy: 7 days, reminder 24 h before
    clock.set(new Date(deadline - 24 * 3600_000 - MIN));
    await sweep();
    const kinds = async () => (await listNotifications(t.deps, 'cust-late', { limit: 10 })).items.map((m) => m.kind);
    expect(await kinds()).toEqual(['order.ready-for-pickup']);
    clock.set(new Date(deadline - 24 * 3600_000 + MIN));
    await sweep();
    expect(await kinds()).toEqual(['order.pickup-reminder', 'order.ready-for-pickup']);
    clock.set(new Date(deadline + MIN));
    await sweep(); // expires it (and publishes order.expired)
    await sweep(); // the message about it
    expect(await kinds()).toEqual(['order.expired', 'order.pickup-reminder', 'order.ready-for-pickup']);
    const mails = await waitForMails(inbox, to('late@example.com'), 3);
    expect(mails.map((m) => m.subject)).toEqual([
      expect.stringContaining('está listo para recoger'),
      expect.stringContaining('Recuerda recoger'),
      expect.stringContaining('se ha cancelado'),
    ]);
    clock.set('2026-12-02T10:00:00Z');
  });
});

describe('delivery failures', () => {
  it('with the SMTP server down: retried with backoff, then recorded failed — on the timeline too, nothing lost', async () => {
    const closed = await freePort();
    const sweep = sweepWith(closed);
    await readyPickup('cust-down');
    await sweep();
    const first = (await listNotifications(t.deps, 'cust-down', { limit: 1 })).items[0]!;
    expect(first).toMatchObject({ status: 'retrying', attempts: 1 });
    const retries = [first.sendAt];
    for (let attempt = 2; attempt <= 4; attempt++) {
      clock.set(new Date(Date.parse(first.sendAt) - MIN / 2)); // not yet
      await sweep();
      expect((await listNotifications(t.deps, 'cust-down', { limit: 1 })).items[0]!.attempts).toBe(attempt - 1);
      const current = (await listNotifications(t.deps, 'cust-down', { limit: 1 })).items[0]!;
      clock.set(current.sendAt);
      await sweep();
      const after = (await listNotifications(t.deps, 'cust-down', { limit: 1 })).items[0]!;
      expect(after.attempts).toBe(attempt);
      if (attempt < 4) retries.push(after.sendAt);
      Object.assign(first, after);
    }
    const last = (await listNotifications(t.deps, 'cust-down', { limit: 1 })).items[0]!;
    expect(last.status).toBe('failed');
    expect(last.reason).toBeDefined();
    // Backoff: each wait longer than the one before.
    const gaps = retries.slice(1).map((r, i) => Date.parse(r) - Date.parse(retries[i]!));
    expect(gaps[1]!).toBeGreaterThan(gaps[0]!);
    const timeline = await listTimeline(t.deps, 'cust-down', { limit: 20 });
    expect(timeline.items.some((e) => e.type === 'notification.failed')).toBe(true);
  });
});

describe('quiet hours', () => {
  it('a message due inside them waits for their end (customer time zone)', async () => {
    clock.set('2026-12-02T22:30:00Z'); // 23:30 in Madrid (the clock only moves forward in this file: the sweep's watermark)
    await setPreferences(t.deps, 'cust-quiet', {
      channels: ['email'],
      language: 'en',
      quietHours: { start: '22:00', end: '08:00' },
      timeZone: 'Europe/Madrid',
    });
    await readyPickup('cust-quiet');
    const sweep = sweepWith(inbox.smtpPort);
    await sweep();
    const waiting = (await listNotifications(t.deps, 'cust-quiet', { limit: 1 })).items[0]!;
    expect(waiting).toMatchObject({ status: 'scheduled', sendAt: '2026-12-03T07:00:00.000Z' });
    clock.set('2026-12-03T06:59:00Z');
    await sweep();
    expect(await waitForMails(inbox, to('quiet@example.com'), 1, 500)).toEqual([]);
    clock.set('2026-12-03T07:00:30Z');
    await sweep();
    expect(await waitForMails(inbox, to('quiet@example.com'))).toHaveLength(1);
    expect((await listNotifications(t.deps, 'cust-quiet', { limit: 1 })).items[0]!.status).toBe('sent');
  });
});

/** An appointment as booking stores it, with its event: `status` booked or cancelled. */
async function bookFixture(appointmentId: string, start: string, status: 'booked' | 'cancelled' = 'booked') {
  const detail = {
    appointmentId,
    storeId: 'store-a',
    customerId: 'cust-appt',
    stylistId: 's',
    serviceId: 'cut',
    start,
    end: start,
    status,
  };
  await transactWrite(t.deps, [
    { Put: { TableName: t.tableName, Item: { ...keys.appointment(appointmentId), entity: 'appointment', ...detail } } },
    status === 'booked'
      ? outboxPut(t.deps, { event: appointmentEvents.booked, subject: `appointment#${appointmentId}`, detail })
      : outboxPut(t.deps, {
          event: appointmentEvents.cancelled,
          subject: `appointment#${appointmentId}`,
          detail: { ...detail, cancelledBy: 'customer' },
        }),
  ]);
}

describe('appointment reminders across a DST change', () => {
  it.each([
    // Madrid enters summer time on 2027-03-28 at 02:00: the day before at 10:00 is 23 real hours earlier.
    { start: '2027-03-28T08:00:00.000Z', reminder24: '2027-03-27T09:00:00.000Z', local: '10:00' },
    // ...and leaves it on 2027-10-31 at 03:00: 25 real hours. (The clock only moves forward: the sweep's watermark.)
    { start: '2027-10-31T09:00:00.000Z', reminder24: '2027-10-30T08:00:00.000Z', local: '10:00' },
  ])('books at $start: the 24 h reminder goes at $local the day before, the 2 h one 2 h before', async ({ start, reminder24 }) => {
    const appointmentId = `appt-${start.slice(0, 10)}`;
    clock.set(new Date(Date.parse(start) - 5 * 24 * 3600_000));
    await bookFixture(appointmentId, start);
    const sweep = sweepWith(inbox.smtpPort);
    await sweep(); // the booking message, and the reminders' timers
    const kinds = async () =>
      (await listNotifications(t.deps, 'cust-appt', { limit: 50 })).items.filter((m) => m.ref?.appointmentId === appointmentId);
    expect((await kinds()).map((m) => m.kind)).toEqual(['appointment.booked']);

    clock.set(new Date(Date.parse(reminder24) - MIN));
    await sweep();
    expect((await kinds()).map((m) => m.kind)).toEqual(['appointment.booked']);
    clock.set(new Date(Date.parse(reminder24) + MIN / 2));
    await sweep();
    const reminders = (await kinds()).filter((m) => m.kind === 'appointment.reminder');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.text).toContain('10:00');

    clock.set(new Date(Date.parse(start) - 2 * 3600_000 + MIN / 2));
    await sweep();
    expect((await kinds()).filter((m) => m.kind === 'appointment.reminder')).toHaveLength(2);
  });

  it('a cancelled appointment gets its cancellation message and no reminder', async () => {
    clock.set('2027-11-15T10:00:00Z');
    const sweep = sweepWith(inbox.smtpPort);
    await bookFixture('appt-cancelled', '2027-11-20T10:00:00.000Z');
    await sweep();
    clock.set('2027-11-15T10:05:00Z');
    await bookFixture('appt-cancelled', '2027-11-20T10:00:00.000Z', 'cancelled');
    await sweep();
    clock.set('2027-11-20T09:00:00Z'); // past both reminders' times
    await sweep();
    const mine = (await listNotifications(t.deps, 'cust-appt', { limit: 50 })).items.filter(
      (m) => m.ref?.appointmentId === 'appt-cancelled',
    );
    expect(mine.map((m) => m.kind)).toEqual(['appointment.cancelled', 'appointment.booked']);
  });
});

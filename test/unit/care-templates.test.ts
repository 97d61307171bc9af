// The words of the contact center's messages: a pickup extended or moved, a return
// authorized (code, what to do, until when, the refund) and received — in es and en.

import { describe, expect, it } from 'vitest';
import { render } from '#shared/notifications/templates.ts';

const base = { name: 'Lucía', storeName: 'Madrid Goya', timeZone: 'Europe/Madrid', channelOrderId: 'WEB-1' };

describe('Function: render (acting for the customer)', () => {
  it('tells the new deadline of an extended pickup, on the store clock', () => {
    const data = { ...base, deadline: '2026-12-03T19:30:00+01:00' };
    expect(render('order.pickup-extended', 'en', data)).toEqual({
      subject: 'More time to pick up your order WEB-1',
      text: expect.stringContaining('waiting at Madrid Goya until Dec 3, 2026, 7:30'),
    });
    expect(render('order.pickup-extended', 'es', data).text).toContain('hasta 3 dic 2026, 19:30');
  });

  it('tells the new store of a moved pickup, with its ready time and deadline, or that it will say when it is ready', () => {
    const ready = render('order.pickup-moved', 'en', {
      ...base,
      start: '2026-11-24T12:00:00+01:00',
      deadline: '2026-11-27T12:00:00+01:00',
    });
    expect(ready.subject).toBe('Pick up your order WEB-1 at Madrid Goya');
    expect(ready.text).toMatch(/ready from Nov 24, 2026, 12:00.*until Nov 27, 2026, 12:00.*code stays the same/);
    expect(render('order.pickup-moved', 'es', base).text).toContain('Te avisaremos cuando esté listo.');
  });

  it('gives an authorized return its code, what to do by method, until when and the refund in the currency', () => {
    const data = { ...base, rmaCode: 'RMA-7KQ2-M9XD', amount: 5998, currency: 'EUR', deadline: '2026-12-24T10:00:00Z' };
    const courier = render('order.return-authorized', 'en', { ...data, method: 'courier' });
    expect(courier.subject).toBe('Return authorized: RMA-7KQ2-M9XD');
    expect(courier.text).toMatch(/Write RMA-7KQ2-M9XD on the parcel.*Valid until Dec 24, 2026.*€59\.98/);
    const inStore = render('order.return-authorized', 'es', { ...data, method: 'in_store' });
    expect(inStore.text).toMatch(/cualquiera de nuestras tiendas con devoluciones.*59,98\s€/);
  });

  it('tells the refund of a received return', () => {
    const data = { ...base, rmaCode: 'RMA-7KQ2-M9XD', amount: 1995, currency: 'EUR' };
    expect(render('order.return-received', 'en', data)).toEqual({
      subject: 'We received your return RMA-7KQ2-M9XD',
      text: 'Hi Lucía, we received your return RMA-7KQ2-M9XD. We are refunding €19.95.',
    });
    expect(render('order.return-received', 'es', data).subject).toBe('Hemos recibido tu devolución RMA-7KQ2-M9XD');
  });
});

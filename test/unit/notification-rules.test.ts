import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowedChannels,
  appointmentReminders,
  defaultPreferences,
  deliveryTime,
  inQuietHours,
  MAX_SEND_ATTEMPTS,
  nextAttemptAt,
} from '#shared/notifications/rules.ts';
import { preferencesBody } from '#shared/notifications/schemas.ts';
import { render, timelineSummary } from '#shared/notifications/templates.ts';

const madrid = 'Europe/Madrid';
const quiet = { start: '22:00', end: '08:00' };

describe('allowedChannels', () => {
  const contact = { email: 'a@example.com', phone: '+34600000000' };
  it('sends transactional messages without marketing consent, on the chosen channels only', () => {
    expect(allowedChannels({ preferences: { channels: ['sms'] }, contact, category: 'transactional', marketingConsent: false })).toEqual([
      'sms',
    ]);
  });
  it('sends nothing else without marketing consent', () => {
    expect(
      allowedChannels({ preferences: { channels: ['email', 'sms'] }, contact, category: 'marketing', marketingConsent: false }),
    ).toEqual([]);
    expect(allowedChannels({ preferences: { channels: ['email'] }, contact, category: 'marketing', marketingConsent: true })).toEqual([
      'email',
    ]);
  });
  it('skips a chosen channel we have no address for', () => {
    expect(
      allowedChannels({
        preferences: { channels: ['email', 'sms'] },
        contact: { email: 'a@example.com' },
        category: 'transactional',
        marketingConsent: true,
      }),
    ).toEqual(['email']);
  });
  it('never answers a channel that was not chosen, or a marketing message without consent (property)', () => {
    fc.assert(
      fc.property(
        fc.subarray(['email', 'sms'] as const),
        fc.constantFrom('transactional', 'marketing') as fc.Arbitrary<'transactional' | 'marketing'>,
        fc.boolean(),
        (channels, category, consent) => {
          const out = allowedChannels({ preferences: { channels: [...channels] }, contact, category, marketingConsent: consent });
          expect(out.every((c) => channels.includes(c))).toBe(true);
          if (category === 'marketing' && !consent) expect(out).toEqual([]);
        },
      ),
    );
  });
});

describe('defaultPreferences', () => {
  it('e-mail when there is one, else SMS, else nothing; Spanish', () => {
    expect(defaultPreferences({ email: 'a@b.c', phone: '+34' }).channels).toEqual(['email']);
    expect(defaultPreferences({ phone: '+34' }).channels).toEqual(['sms']);
    expect(defaultPreferences({}, 'Europe/Lisbon')).toEqual({ channels: [], language: 'es', timeZone: 'Europe/Lisbon' });
  });
});

describe('quiet hours', () => {
  it.each([
    ['2026-11-24T21:30:00Z', true], // 22:30 Madrid
    ['2026-11-24T06:59:00Z', true], // 07:59
    ['2026-11-24T07:00:00Z', false], // 08:00: the end is not quiet
    ['2026-11-24T20:59:00Z', false], // 21:59
  ])('%s in Madrid is quiet: %s', (at, expected) => {
    expect(inQuietHours(new Date(at), quiet, madrid)).toBe(expected);
  });
  it('a window inside one day, and an empty one', () => {
    expect(inQuietHours(new Date('2026-11-24T13:30:00Z'), { start: '14:00', end: '16:00' }, madrid)).toBe(true);
    expect(inQuietHours(new Date('2026-11-24T13:30:00Z'), { start: '14:00', end: '14:00' }, madrid)).toBe(false);
  });
  it('a message due inside them waits for their end on the customer clock, across a DST change', () => {
    // Night of 2026-10-24 → 25: Madrid goes from +02:00 to +01:00; 08:00 local is 07:00Z.
    expect(deliveryTime(new Date('2026-10-24T21:00:00Z'), { quietHours: quiet, timeZone: madrid })).toEqual({
      sendAt: new Date('2026-10-25T07:00:00Z'),
    });
    // Night of 2027-03-27 → 28: to +02:00; 08:00 local is 06:00Z.
    expect(deliveryTime(new Date('2027-03-27T23:00:00Z'), { quietHours: quiet, timeZone: madrid })).toEqual({
      sendAt: new Date('2027-03-28T06:00:00Z'),
    });
  });
  it('drops a message that would be pointless after them, or is already late', () => {
    const due = new Date('2026-11-24T22:00:00Z');
    expect(deliveryTime(due, { quietHours: quiet, timeZone: madrid }, new Date('2026-11-25T05:00:00Z'))).toHaveProperty('drop');
    expect(deliveryTime(due, { timeZone: madrid }, new Date('2026-11-24T21:00:00Z'))).toHaveProperty('drop');
    expect(deliveryTime(due, { timeZone: madrid }, new Date('2026-11-25T21:00:00Z'))).toEqual({ sendAt: due });
  });
  it('never sends inside quiet hours, and never before it was due (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2026-01-01'), max: new Date('2028-01-01'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 23 }),
        (due, s, e) => {
          const q = { start: `${String(s).padStart(2, '0')}:00`, end: `${String(e).padStart(2, '0')}:30` };
          const out = deliveryTime(due, { quietHours: q, timeZone: madrid });
          if (!('sendAt' in out)) throw new Error('dropped without a deadline');
          expect(out.sendAt.getTime()).toBeGreaterThanOrEqual(due.getTime());
          expect(inQuietHours(out.sendAt, q, madrid)).toBe(false);
        },
      ),
    );
  });
});

describe('appointmentReminders', () => {
  it.each([
    // 10:00 local on the Sunday DST ends (+01:00): the day before at 10:00 (+02:00) is 25 h earlier.
    ['2026-10-25T09:00:00Z', '2026-10-24T08:00:00.000Z', '2026-10-25T07:00:00.000Z'],
    // 10:00 local on the Sunday DST starts (+02:00): the day before at 10:00 (+01:00) is 23 h earlier.
    ['2027-03-28T08:00:00Z', '2027-03-27T09:00:00.000Z', '2027-03-28T06:00:00.000Z'],
    // An ordinary day: 24 h.
    ['2026-11-24T09:00:00Z', '2026-11-23T09:00:00.000Z', '2026-11-24T07:00:00.000Z'],
  ])('an appointment at %s: the day before at the same local time, and 2 h before', (start, day, twoHours) => {
    expect(appointmentReminders(start, madrid)).toEqual([
      { which: '24h', at: day },
      { which: '2h', at: twoHours },
    ]);
  });
});

describe('retries', () => {
  it('waits longer after each failure, then gives up', () => {
    const now = new Date('2026-11-24T10:00:00Z');
    const waits = [1, 2, 3].map((n) => nextAttemptAt(n, now)!.getTime() - now.getTime());
    expect(waits).toEqual([60_000, 300_000, 1_500_000]);
    expect(nextAttemptAt(MAX_SEND_ATTEMPTS, now)).toBeUndefined();
  });
});

describe('templates', () => {
  it('write the pickup code into the text, never the subject; in the customer language and the store clock', () => {
    const data = {
      name: 'Lucía',
      storeName: 'Madrid Sol',
      timeZone: madrid,
      code: '123456',
      deadline: '2026-11-26T11:00:00+01:00',
      channelOrderId: 'WEB-1',
    };
    const es = render('order.ready-for-pickup', 'es', data);
    const en = render('order.ready-for-pickup', 'en', data);
    expect(es.subject).toBe('Tu pedido WEB-1 está listo para recoger');
    expect(es.text).toContain('123456');
    expect(en.text).toContain('Pickup code: 123456');
    expect(en.text).toContain('11:00');
    expect(es.subject + en.subject).not.toContain('123456');
    expect(timelineSummary('email', es.subject, 'sent')).toBe('E-mail sent: "Tu pedido WEB-1 está listo para recoger"');
    expect(timelineSummary('sms', 'x', 'failed')).toContain('SMS could not be delivered');
  });
});

describe('preferencesBody', () => {
  it.each([
    [{ channels: ['fax'], language: 'es', timeZone: madrid }, 'channels'],
    [{ channels: ['email', 'email'], language: 'es', timeZone: madrid }, 'channels'],
    [{ channels: ['email'], language: 'fr', timeZone: madrid }, 'language'],
    [{ channels: ['email'], language: 'es', timeZone: 'Mars/Base' }, 'timeZone'],
    [{ channels: ['email'], language: 'es', timeZone: madrid, quietHours: { start: '25:00', end: '08:00' } }, 'quietHours'],
  ])('refuses %j naming %s', (body, field) => {
    const result = preferencesBody.safeParse(body);
    expect(result.success).toBe(false);
    expect(String(result.error?.issues[0]?.path[0])).toBe(field);
  });
});

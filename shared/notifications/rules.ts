// Domain: who is sent what, when — consent, channel preferences, quiet hours in the
// customer's time zone, reminder times in the store's, retries. Pure: no I/O, `now` passed in.

import { instantOf, plusLocalDays, wallClock } from '../runtime/zoned-time.ts';
import type { Channel, Preferences } from './schemas.ts';

/** Transactional messages (about an order or booking the customer made) need no marketing consent; anything else does. */
export type Category = 'transactional' | 'marketing';

export type Contact = { email?: string; phone?: string };

/** The defaults for a customer who set nothing: e-mail if we have it (else SMS), Spanish, the store's time zone. */
export function defaultPreferences(contact: Contact, timeZone = 'Europe/Madrid'): Preferences {
  return { channels: contact.email ? ['email'] : contact.phone ? ['sms'] : [], language: 'es', timeZone };
}

/**
 * The channels a message may go out on: none without marketing consent unless it is
 * transactional; then only the channels the customer chose that we have an address for.
 */
export function allowedChannels(input: {
  preferences: Pick<Preferences, 'channels'>;
  contact: Contact;
  category: Category;
  marketingConsent: boolean;
}): Channel[] {
  if (input.category !== 'transactional' && !input.marketingConsent) return [];
  return input.preferences.channels.filter((c) => (c === 'email' ? input.contact.email : input.contact.phone));
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `at` falls inside the quiet hours (start inclusive, end exclusive; a window may span midnight). */
export function inQuietHours(at: Date, quiet: Preferences['quietHours'], timeZone: string): boolean {
  if (!quiet) return false;
  const m = Math.floor((wallClock(timeZone, at.getTime()) % DAY) / MINUTE);
  const [start, end] = [minutesOf(quiet.start), minutesOf(quiet.end)];
  if (start === end) return false;
  return start < end ? m >= start && m < end : m >= start || m < end;
}

/** The first end of the quiet hours after `at`, in the customer's zone (DST-correct). */
function quietEnd(at: Date, quiet: NonNullable<Preferences['quietHours']>, timeZone: string): Date {
  const wall = wallClock(timeZone, at.getTime());
  const endWall = Math.floor(wall / DAY) * DAY + minutesOf(quiet.end) * MINUTE;
  const end = instantOf(timeZone, endWall);
  return new Date(end > at.getTime() ? end : instantOf(timeZone, endWall + DAY));
}

/**
 * When a message due at `due` goes out: at once, or at the end of the quiet hours it falls
 * in — or never (dropped) when by then it would be pointless (after `notAfter`: a 2 h
 * reminder after the appointment, a pickup reminder after the deadline).
 */
export function deliveryTime(
  due: Date,
  preferences: Pick<Preferences, 'quietHours' | 'timeZone'>,
  notAfter?: Date,
): { sendAt: Date } | { drop: string } {
  if (notAfter && due >= notAfter) return { drop: 'It would arrive after what it is about.' };
  if (!inQuietHours(due, preferences.quietHours, preferences.timeZone)) return { sendAt: due };
  const end = quietEnd(due, preferences.quietHours!, preferences.timeZone);
  if (notAfter && end >= notAfter) return { drop: 'Due in your quiet hours, and pointless after them.' };
  return { sendAt: end };
}

/**
 * An appointment's reminders: the day before at the same local time (24 h on the store's
 * calendar — 23 or 25 real hours across a DST change) and 2 hours before. Each is pointless
 * once the appointment has started.
 */
export function appointmentReminders(startIso: string, storeTimeZone: string): Array<{ which: '24h' | '2h'; at: string }> {
  const start = Date.parse(startIso);
  return [
    { which: '24h', at: new Date(plusLocalDays(storeTimeZone, start, -1)).toISOString() },
    { which: '2h', at: new Date(start - 2 * 60 * MINUTE).toISOString() },
  ];
}

/** Sends tried before a message is recorded `failed`. */
export const MAX_SEND_ATTEMPTS = 4;

/** After the n-th failed send: wait 1, 5, 25 minutes… (or give up: undefined). */
export function nextAttemptAt(attempts: number, now: Date): Date | undefined {
  if (attempts >= MAX_SEND_ATTEMPTS) return undefined;
  return new Date(now.getTime() + 60_000 * 5 ** (attempts - 1));
}

/** A claimed send that never finished (the process died) may be claimed again after this. */
export const SEND_LEASE_MS = 60_000;

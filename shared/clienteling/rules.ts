// Rules: how the tablet's one search box is read, which match wins, and what the customer
// card shows (upcoming appointments in the store's calendar, presence here or elsewhere,
// recent visits). Pure: `now` and the facts read come in.

import type { matchKinds } from '../orders/index.ts';
import { guessIdentityKinds, type IdentityKind } from '../profiles/index.ts';
import { isPresent } from '../proximity/index.ts';
import { fail } from '../runtime/errors.ts';

export type MatchKind = (typeof matchKinds)[number];
export type Match = { customerId: string; matchedBy: MatchKind };

// ── the search box ────────────────────────────────────────────────────────────────────────

type SearchCandidates = { identities: IdentityKind[]; orderNumber?: string; orderId?: string };

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const ORDER_NUMBER = /^[A-Z0-9][A-Z0-9._/-]{0,63}$/;

/**
 * What the one search box may hold: the identity kinds guessIdentityKinds reads from it,
 * and — unless it is an e-mail — an order number (the channel's, or ours).
 */
export function searchCandidates(q: string): SearchCandidates {
  const text = q.trim();
  const identities = guessIdentityKinds(text);
  if (text.includes('@')) return { identities };
  const upper = text.toUpperCase();
  return {
    identities,
    ...(ORDER_NUMBER.test(upper) ? { orderNumber: upper } : {}),
    ...(ULID.test(upper) ? { orderId: upper } : {}),
  };
}

/**
 * The texts to read as this kind. A phone: a "+" the tablet forgot to URL-encode arrives as a
 * space, so digits are also read as international; "00" (the international prefix most of the
 * world dials, as phone systems pass caller ids) is read as "+" whatever the default country.
 */
export function textsToRead(kind: IdentityKind, q: string): string[] {
  if (kind !== 'phone') return [q];
  const text = q.trim();
  if (text.startsWith('00')) return [q, `+${text.slice(2)}`];
  return /^\d/.test(text) ? [q, `+${text}`] : [q];
}

/** When several identities match, the most specific wins. */
export const identityPrecedence = ['email', 'phone', 'loyalty'] as const satisfies readonly IdentityKind[];

/** A phone typed without a country prefix is read again in the store's country only if nobody was found and that country is not the default. */
export const readAgainInStoreCountry = (found: boolean, storeCountry: string, defaultCountry: string) =>
  !found && storeCountry.toUpperCase() !== defaultCountry.toUpperCase();

/** The customer an order number names across channels: refused when the channels' orders belong to different customers. */
export function orderOwner(owners: string[]): string | undefined {
  const distinct = [...new Set(owners)];
  if (distinct.length > 1) {
    throw fail.conflict(
      'Orders of different customers have this number in different channels; search by e-mail or phone.',
      'ambiguous-order-number',
    );
  }
  return distinct[0];
}

// ── the card ──────────────────────────────────────────────────────────────────────────────

/** Card bounds: upcoming appointments shown, timeline entries read for visits, visits shown. */
export const CARD_APPOINTMENTS = 10;
export const TIMELINE_WINDOW = 50;
export const CARD_VISITS = 5;

/** The day of an instant in the store's calendar, as YYYY-MM-DD (sorts as a string). */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/**
 * Where to start reading appointments so that every one of the store's today is included:
 * local midnight is at most 25 h ago (a DST day), read from a day and a bit back.
 */
export const appointmentsFrom = (now: Date) => new Date(now.getTime() - 26 * 3600_000);

type CardAppointment = { start: string; status: string };

/** Booked appointments from the start of the store's today on, soonest first, at most CARD_APPOINTMENTS. */
export function appointmentsFromToday<A extends CardAppointment>(appointments: A[], now: Date, timeZone: string): A[] {
  const today = localDate(now, timeZone);
  return appointments
    .filter((a) => a.status !== 'cancelled' && localDate(new Date(a.start), timeZone) >= today)
    .slice(0, CARD_APPOINTMENTS);
}

/** The card's presence line: a live presence here, elsewhere, or none (a lapsed one is none). */
export function presenceLine(
  presence: { storeId: string; since?: string; expiresAt: number } | undefined,
  storeId: string,
  now: Date,
): { inThisStore: boolean; storeId?: string; since?: string } {
  if (!presence || !isPresent(presence, now)) return { inThisStore: false };
  return { inThisStore: presence.storeId === storeId, storeId: presence.storeId, ...(presence.since ? { since: presence.since } : {}) };
}

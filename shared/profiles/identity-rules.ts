// Rules: identity values (e-mail, phone, loyalty number) normalised so the same person
// typed two ways is one identity, and what kinds a search text may be. Pure; the keyed
// hash of a normalised value is the repository's business.

import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/core';
import * as z from 'zod';
import { fail } from '../runtime/errors.ts';
import type { IdentityKind } from '../table/keys.ts';
import { phoneMetadata } from './phone-metadata.ts';

export type { IdentityKind };
export const identityKinds = ['email', 'phone', 'loyalty'] as const satisfies readonly IdentityKind[];

type Normalized = { ok: true; value: string } | { ok: false; message: string };

const emailSchema = z.email();

function normalizeEmail(input: string): Normalized {
  const value = input.trim().toLowerCase();
  return emailSchema.safeParse(value).success ? { ok: true, value } : { ok: false, message: 'Not an e-mail address.' };
}

/** E.164; a number without a country prefix is read in `defaultCountry`. Only the countries the deployment serves are known (phone-metadata.ts). */
function normalizePhone(input: string, defaultCountry: string): Normalized {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry.toUpperCase() as CountryCode, phoneMetadata());
  if (!parsed?.isValid()) return { ok: false, message: 'Not a valid phone number (use +<country code> if it is not local).' };
  return { ok: true, value: parsed.number };
}

/** Loyalty numbers are printed on cards with spaces and dashes; the number is what is left. */
function normalizeLoyalty(input: string): Normalized {
  const value = input.replace(/[\s-]/g, '').toUpperCase();
  return /^[A-Z0-9]{6,24}$/.test(value) ? { ok: true, value } : { ok: false, message: 'A loyalty number is 6 to 24 letters or digits.' };
}

export function normalizeIdentity(kind: IdentityKind, input: string, defaultCountry: string): Normalized {
  switch (kind) {
    case 'email':
      return normalizeEmail(input);
    case 'phone':
      return normalizePhone(input, defaultCountry);
    case 'loyalty':
      return normalizeLoyalty(input);
  }
}

/** What a free-text search box holds: an e-mail, a loyalty number or a phone number. */
export function guessIdentityKinds(q: string): IdentityKind[] {
  const text = q.trim();
  if (text.includes('@')) return ['email'];
  const digits = text.replace(/[^\d]/g, '');
  if (/^[+(]/.test(text) || (digits.length >= 6 && /^[\d\s().+-]+$/.test(text))) return ['phone', 'loyalty'];
  return ['loyalty'];
}

/**
 * Normalises a raw identity, or refuses it as invalid input naming `field`, its path in the
 * command ("value", "customer.email"): the HTTP kit says which part of the request that is.
 */
export function normalizeOrReject(deps: { defaultCountry: string }, kind: IdentityKind, raw: string, field: string, country?: string) {
  const result = normalizeIdentity(kind, raw, country ?? deps.defaultCountry);
  if (!result.ok) throw fail.invalid([{ path: field, message: result.message }]);
  return result.value;
}

/** The one identity a lookup names (the schema lets exactly one through). */
export function identityOf(lookup: { email?: string; phone?: string; loyalty?: string }): { kind: IdentityKind; raw: string } {
  if (lookup.email) return { kind: 'email', raw: lookup.email };
  if (lookup.phone) return { kind: 'phone', raw: lookup.phone };
  return { kind: 'loyalty', raw: lookup.loyalty ?? '' };
}

/**
 * An e-mail as a caller may be shown it to confirm it is theirs: the first character of the
 * local part and the domain ("l***@example.com").
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/**
 * A phone (E.164) as a caller may be shown it: the country calling code and the last three
 * digits ("+34 *** *** 678"). A number this deployment cannot read keeps only its last three.
 */
export function maskPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164, {}, phoneMetadata());
  const digits = e164.replace(/\D/g, '');
  const last = digits.slice(-3);
  return parsed ? `+${parsed.countryCallingCode} *** *** ${last}` : `*** *** ${last}`;
}

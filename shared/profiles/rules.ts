// Rules: what a new profile holds, what a PATCH changes, and what a change of consent or
// identity leaves on the customer's timeline. Pure: `now` comes in, nothing goes out.

import type { TimelineEntry } from '../platform/schemas.ts';
import type { IdentityKind } from './identity-rules.ts';
import type { ConsentPurpose, Profile, ProfilePatch } from './schemas.ts';

type Entry = Pick<TimelineEntry, 'type' | 'summary' | 'ref'>;

export function newProfile(customerId: string, now: Date, overrides: Partial<Profile> = {}): Profile {
  const at = now.toISOString();
  return {
    customerId,
    sizes: {},
    favouriteCategories: [],
    communication: {},
    consents: {},
    identities: {},
    loyaltyTier: 'none',
    guest: false,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

export const profileCreatedEntry: Entry = { type: 'profile.created', summary: 'Profile created' };

/** A PATCH sets the fields sent and removes those sent as null (the preferred store, today). */
export function patchChanges(patch: ProfilePatch): { set: Record<string, unknown>; remove: string[] } {
  const entries = Object.entries(patch).filter(([, value]) => value !== undefined);
  return {
    set: Object.fromEntries(entries.filter(([, value]) => value !== null)),
    remove: entries.filter(([, value]) => value === null).map(([field]) => field),
  };
}

/** A consent as recorded, and its entry on the timeline (the timeline is the audit trail). */
export function consentChange(purpose: ConsentPurpose, granted: boolean, now: Date) {
  return {
    consent: { granted, updatedAt: now.toISOString() },
    entry: {
      type: granted ? 'consent.granted' : 'consent.withdrawn',
      summary: `${purpose} consent ${granted ? 'granted' : 'withdrawn'}`,
      ref: { purpose },
    } satisfies Entry,
  };
}

/** The timeline entry of an identity attached or detached (the kind, never the value). */
export function identityEntry(kind: IdentityKind, change: 'added' | 'removed'): Entry {
  return { type: `identity.${change}`, summary: `${kind} ${change}`, ref: { kind } };
}

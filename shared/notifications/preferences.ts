// Use cases: the customer's communication preferences (GET/PUT /me/communication-preferences)
// and their messages (GET /me/notifications).

import type { PageRequest } from '../platform/schemas.ts';
import type { Deps } from '../runtime/deps.ts';
import { listMessageItems, putPreferences, readRecipient } from './repository.ts';
import { defaultPreferences } from './rules.ts';
import type { Preferences } from './schemas.ts';

/** 1. Read profile and preferences. 2. Theirs, or the defaults messages would follow now. */
export async function getPreferences(deps: Deps, customerId: string) {
  const { profile, preferences } = await readRecipient(deps, customerId);
  if (preferences) return { ...preferences, custom: true };
  const contact = { email: profile?.identities.email, phone: profile?.identities.phone };
  return { ...defaultPreferences(contact), custom: false };
}

/** 1. Write the whole set (a PUT replaces it). 2. Answer it. */
export async function setPreferences(deps: Deps, customerId: string, preferences: Preferences) {
  const updatedAt = deps.clock.now().toISOString();
  await putPreferences(deps, customerId, preferences, updatedAt);
  return { ...preferences, custom: true, updatedAt };
}

/** One page of what was sent (or is waiting, or failed), newest first — the pickup code included: it is theirs. */
export const listNotifications = (deps: Deps, customerId: string, page: PageRequest) => listMessageItems(deps, customerId, page);

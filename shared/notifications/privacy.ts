// Use cases: the notifications module's part of an erasure and an export. Messages and
// preferences live in the customer's partition (profiles' erasure deletes them); what lives
// outside it are the send timers of messages still waiting.

import { cancelTimer } from '../platform/timers.ts';
import type { Deps } from '../runtime/deps.ts';
import { sendTimerId } from './deliver.ts';
import { allMessages, messageFromItem, readRecipient } from './repository.ts';

/** 1. Every message of the customer. 2. Drop the send timers of those not settled. */
export async function forgetCustomer(deps: Deps, customerId: string): Promise<void> {
  const waiting = (await allMessages(deps, customerId)).filter((m) => ['scheduled', 'retrying', 'sending'].includes(m.status));
  await Promise.all(waiting.map((m) => cancelTimer(deps, sendTimerId(m))));
}

/** The customer's preferences and every message sent to them. */
export async function exportCustomer(deps: Deps, customerId: string) {
  const [{ preferences }, messages] = await Promise.all([readRecipient(deps, customerId), allMessages(deps, customerId)]);
  return { communicationPreferences: preferences ?? null, notifications: messages.map((m) => messageFromItem(m)) };
}

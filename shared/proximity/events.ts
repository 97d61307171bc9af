// Events the proximity module publishes (outbox → EventBridge).

import { defineEvent } from '../platform/events.ts';

export const proximityEvents = {
  enteredStore: defineEvent<{ customerId: string; storeId: string; zone: string; at: string }>(
    'customer.entered-store',
    "A consenting customer's phone heard a store's beacon: a new visit began.",
  ),
  offerRedeemed: defineEvent<{ offerId: string; customerId: string; storeId: string; redeemedAt: string }>(
    'offer.redeemed',
    'A customer redeemed a proximity offer at checkout.',
  ),
};

// Events the orders module publishes (outbox → EventBridge).

import type { ActorRef } from '../platform/actor.ts';
import { defineEvent } from '../platform/events.ts';
import type { placedInStoreDetail } from './placing-rules.ts';
import type { ReturnRequest } from './return-schemas.ts';
import type { RmaReceipt } from './rma-schemas.ts';
import type { Order, OrderStatus } from './schemas.ts';

type OrderStatusChange = {
  orderId: string;
  customerId: string;
  from: OrderStatus;
  to: OrderStatus;
  by: ActorRef;
  pickupStoreId?: string;
  /** ready_for_pickup: until when it is held. */
  pickupDeadline?: string;
};
type OrderReturn = {
  orderId: string;
  customerId: string;
  returnId: string;
  at: string;
  storeId: string;
  lines: ReturnRequest['lines'];
  by: ActorRef;
};

type PickupChange = {
  orderId: string;
  customerId: string;
  pickupStoreId: string;
  pickupDeadline?: string;
  by: ActorRef;
};
type RmaFacts = { rmaId: string; code: string; orderId: string; customerId: string; currency: string; by: ActorRef };

export const orderEvents = {
  placed: defineEvent<Order & { guestCreated: boolean }>('order.placed', 'An order from any channel was placed.'),
  placedInStore: defineEvent<ReturnType<typeof placedInStoreDetail>>(
    'order.placed-in-store',
    'An associate placed an order for a walk-in customer; the customer is told what comes and when.',
    { dispatched: true },
  ),
  readyForPickup: defineEvent<OrderStatusChange>('order.ready-for-pickup', 'A pickup order is ready at its store.', { dispatched: true }),
  pickedUp: defineEvent<OrderStatusChange>('order.picked-up', 'A pickup order was handed over (or a channel reported it collected).'),
  shipped: defineEvent<OrderStatusChange>('order.shipped', 'A ship order left the warehouse (reported by the carrier or WMS integration).'),
  delivered: defineEvent<OrderStatusChange>(
    'order.delivered',
    'A ship order was delivered to the customer (reported by the carrier integration).',
  ),
  cancelled: defineEvent<OrderStatusChange>('order.cancelled', 'An order was cancelled; its held units were released.'),
  expired: defineEvent<OrderStatusChange>(
    'order.expired',
    'A ready pickup was not collected by its deadline: cancelled, its units back in stock.',
    { dispatched: true },
  ),
  returned: defineEvent<OrderReturn>('order.returned', 'Lines of an order were returned in a store.'),
  exchanged: defineEvent<OrderReturn>('order.exchanged', 'Lines of an order were exchanged for other SKUs in a store.'),
  pickupCodeReissued: defineEvent<{ orderId: string; by: ActorRef }>(
    'order.pickup-code-reissued',
    'A new pickup code replaced the old one.',
  ),
  pickupExtended: defineEvent<PickupChange & { previousDeadline: string }>(
    'order.pickup-extended',
    'A ready pickup was given a later deadline (within the store policy); the customer is told the new one.',
    { dispatched: true },
  ),
  pickupMoved: defineEvent<PickupChange & { fromStoreId: string; readyAt?: string }>(
    'order.pickup-moved',
    'A pickup moved to another store: its units held there and released at the first; the customer is told where and until when.',
    { dispatched: true },
  ),
  returnAuthorized: defineEvent<
    RmaFacts & { method: string; expiresAt: string; amount: number; lines: Array<{ sku: string; quantity: number }> }
  >(
    'order.return-authorized',
    'A return authorization (RMA) was opened for lines of an order; the customer gets its code and instructions.',
    { dispatched: true },
  ),
  returnReceived: defineEvent<RmaFacts & RmaReceipt & { status: string }>(
    'order.return-received',
    'Goods of a return authorization arrived at a store or warehouse and went back into stock; the customer is told the refund.',
    { dispatched: true },
  ),
  guestMerged: defineEvent<{ customerId: string; guestId: string; kind: string }>(
    'customer.guest-merged',
    "A guest profile's identity and orders moved to a signed-up customer.",
  ),
};

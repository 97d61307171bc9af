// Route table slice: placing an order — from any channel (an integration's POST /orders) or
// by an associate for a walk-in on the tablet. Both resolve the customer's identity (a guest
// profile if unknown), hold the stock and promise the delivery; nothing else in orders does,
// so placing is its own function and the rest of orders carries none of it.

import { idempotencyHeader } from '#shared/http/idempotency-key.ts';
import { defineRoute } from '#shared/http/route.ts';
import { assistedOrderBody, createdOrderSchema, createOrderBody, storeIdPath } from '#shared/orders/index.ts';
import * as h from './handlers.ts';

const tags = ['orders'];

export const routes = [
  defineRoute({
    method: 'POST',
    path: '/stores/{storeId}/orders',
    tags,
    auth: ['staff'],
    errors: [404, 409, 422],
    summary:
      "An associate's order for a walk-in (by e-mail, phone or loyalty number; a guest if unknown): home delivery, pickup elsewhere or in store",
    request: { path: storeIdPath, body: assistedOrderBody, headers: idempotencyHeader },
    response: { status: 201, schema: createdOrderSchema, description: 'Placed (200: the same Idempotency-Key again)' },
    maxBodyBytes: 64 * 1024,
    handler: h.postAssistedOrder,
  }),
  defineRoute({
    method: 'POST',
    path: '/orders',
    tags,
    auth: ['scope:orders/write'],
    errors: [409, 422],
    summary: 'Place an order from any channel; sending the same channelOrderId again returns the first order (200)',
    request: { body: createOrderBody },
    response: { status: 201, schema: createdOrderSchema, description: 'Placed; pickupCode is shown only here' },
    maxBodyBytes: 64 * 1024,
    handler: h.postOrder,
  }),
];

// Route table slice: an order once placed — the order itself, its status, the pickup code, a
// return in store, the customer's own order history and the store's pickup policy. Placing
// an order is functions/order-placing; the contact center's actions on orders are
// functions/order-care.

import { idempotencyHeader } from '#shared/http/idempotency-key.ts';
import { defineRoute } from '#shared/http/route.ts';
import {
  orderPathSchema,
  orderSchema,
  pickupCodeSchema,
  pickupPolicyBody,
  pickupPolicySchema,
  returnBody,
  statusChangeBody,
  storeIdPath,
} from '#shared/orders/index.ts';
import { page, paginationQuery } from '#shared/platform/schemas.ts';
import * as h from './handlers.ts';

const tags = ['orders'];

export const routes = [
  defineRoute({
    method: 'GET',
    path: '/orders/{orderId}',
    tags,
    auth: ['customer', 'staff', 'agent', 'scope:orders/write', 'scope:orders/read'],
    errors: [404],
    summary: 'One order (its customer, staff of a store it involves, a contact-center agent — audited —, or an orders integration)',
    request: { path: orderPathSchema },
    response: { status: 200, schema: orderSchema },
    handler: h.getOrder,
  }),
  defineRoute({
    method: 'POST',
    path: '/orders/{orderId}/status',
    tags,
    auth: ['staff', 'scope:orders/write'],
    errors: [404, 409],
    summary:
      'Move an order on: ready_for_pickup, picked_up (integrations; staff use the handover), shipped and delivered (ship orders, integrations) or cancelled',
    request: { path: orderPathSchema, body: statusChangeBody },
    response: { status: 200, schema: orderSchema },
    handler: h.postStatus,
  }),
  defineRoute({
    method: 'POST',
    path: '/orders/{orderId}/pickup-code',
    tags,
    auth: ['customer', 'scope:orders/write'],
    errors: [404, 409],
    summary: 'Issue a new pickup code (the old one stops working; unlocks a pickup locked by wrong codes)',
    request: { path: orderPathSchema },
    response: { status: 200, schema: pickupCodeSchema },
    handler: h.postPickupCode,
  }),
  defineRoute({
    method: 'POST',
    path: '/orders/{orderId}/returns',
    tags,
    auth: ['staff', 'scope:orders/write'],
    errors: [404, 409, 422],
    summary: "Return lines in a store, or exchange them (exchangeSku); the store's stock moves in the same transaction",
    request: { path: orderPathSchema, body: returnBody, headers: idempotencyHeader },
    response: { status: 200, schema: orderSchema },
    handler: h.postReturn,
  }),
  defineRoute({
    method: 'GET',
    path: '/me/orders',
    tags,
    auth: ['customer'],
    summary: "The signed-in customer's orders from every channel, newest first",
    request: { query: paginationQuery },
    response: { status: 200, schema: page(orderSchema) },
    handler: h.getMyOrders,
  }),
  defineRoute({
    method: 'GET',
    path: '/stores/{storeId}/pickup-policy',
    tags,
    auth: ['staff', 'scope:catalog/write', 'scope:orders/write', 'scope:orders/read'],
    errors: [404],
    summary: "The store's pickup policy in force (its own, or the chain's defaults)",
    request: { path: storeIdPath },
    response: { status: 200, schema: pickupPolicySchema },
    handler: h.getPickupPolicy,
  }),
  defineRoute({
    method: 'PUT',
    path: '/stores/{storeId}/pickup-policy',
    tags,
    auth: ['staff', 'scope:catalog/write'],
    errors: [404],
    summary:
      'Set how long ready pickups are held, when the reminder goes out and how far a pickup may be extended (admin or regional staff)',
    request: { path: storeIdPath, body: pickupPolicyBody },
    response: { status: 200, schema: pickupPolicySchema },
    handler: h.putPickupPolicy,
  }),
];

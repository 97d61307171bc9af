// Route table slice: the contact center acting for the customer on an order — a pickup's
// deadline extended or its store changed, a return authorized (RMA) and its goods received in
// a store or a warehouse. Its own function, so the orders function does not carry it.

import { idempotencyHeader } from '#shared/http/idempotency-key.ts';
import { defineRoute } from '#shared/http/route.ts';
import {
  orderPathSchema,
  orderSchema,
  pickupExtendBody,
  pickupMoveBody,
  rmaBody,
  rmaPath,
  rmaReceiveBody,
  rmaSchema,
  rmaWarehouseReceiveBody,
  storeRmaPath,
} from '#shared/orders/index.ts';
import { page, paginationQuery } from '#shared/platform/schemas.ts';
import * as h from './handlers.ts';

const tags = ['orders'];

export const routes = [
  defineRoute({
    method: 'POST',
    path: '/orders/{orderId}/pickup/extend',
    tags,
    auth: ['agent', 'staff'],
    errors: [404, 409, 422],
    summary:
      "Give a ready pickup a later deadline, at most maxExtensionDays (the store's policy) after its original deadline; the expiry follows (agents, regional and admin staff)",
    request: { path: orderPathSchema, body: pickupExtendBody, headers: idempotencyHeader },
    response: { status: 200, schema: orderSchema },
    handler: h.postPickupExtend,
  }),
  defineRoute({
    method: 'POST',
    path: '/orders/{orderId}/pickup/move',
    tags,
    auth: ['agent', 'staff'],
    errors: [404, 409, 422],
    summary:
      'Collect at another store: the units are held there and released here in one transaction, with a new ready time and deadline; 409 lists what the store has when it cannot hold them (agents, regional and admin staff)',
    request: { path: orderPathSchema, body: pickupMoveBody, headers: idempotencyHeader },
    response: { status: 200, schema: orderSchema },
    handler: h.postPickupMove,
  }),
  defineRoute({
    method: 'POST',
    path: '/orders/{orderId}/return-authorizations',
    tags,
    auth: ['agent', 'staff'],
    errors: [404, 409, 422],
    summary:
      'Open a return authorization (RMA) for received units: a code, an expiry, the units and the refund fixed now (agents, regional and admin staff)',
    request: { path: orderPathSchema, body: rmaBody, headers: idempotencyHeader },
    response: { status: 201, schema: rmaSchema, description: 'Opened (200: the same Idempotency-Key again)' },
    handler: h.postReturnAuthorization,
  }),
  defineRoute({
    method: 'GET',
    path: '/return-authorizations/{rmaId}',
    tags,
    auth: ['customer', 'agent', 'staff', 'scope:orders/read', 'scope:orders/write', 'scope:inventory/write'],
    errors: [404],
    summary: 'One return authorization (its customer, agents and staff — audited —, or an orders or inventory integration)',
    request: { path: rmaPath },
    response: { status: 200, schema: rmaSchema },
    handler: h.getReturnAuthorization,
  }),
  defineRoute({
    method: 'GET',
    path: '/me/return-authorizations',
    tags,
    auth: ['customer'],
    summary: "The signed-in customer's return authorizations (open, received, expired), newest first",
    request: { query: paginationQuery },
    response: { status: 200, schema: page(rmaSchema) },
    handler: h.getMyReturnAuthorizations,
  }),
  defineRoute({
    method: 'POST',
    path: '/stores/{storeId}/return-authorizations/{rmaId}/receive',
    tags,
    auth: ['staff'],
    errors: [404, 409, 422],
    summary:
      "Receive the goods of a return authorization in a store that takes returns (without lines: everything outstanding); the store's stock goes back up in the same transaction",
    request: { path: storeRmaPath, body: rmaReceiveBody, headers: idempotencyHeader },
    response: { status: 200, schema: rmaSchema },
    handler: h.postStoreReceive,
  }),
  defineRoute({
    method: 'POST',
    path: '/return-authorizations/{rmaId}/receive',
    tags,
    auth: ['scope:inventory/write', 'scope:orders/write'],
    errors: [404, 409, 422],
    summary:
      "A courier return arrived at a warehouse (locationId: the warehouse id): the warehouse's stock goes back up in the same transaction (WMS or carrier integrations)",
    request: { path: rmaPath, body: rmaWarehouseReceiveBody, headers: idempotencyHeader },
    response: { status: 200, schema: rmaSchema },
    handler: h.postWarehouseReceive,
  }),
];

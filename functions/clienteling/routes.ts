// Route table slice: the store tablet — find the walk-in, see everything about them, hand
// over their pickup.

import { defineRoute } from '#shared/http/route.ts';
import {
  customerCardSchema,
  customerSearchQuery,
  handoverBody,
  orderSchema,
  pickupListQuery,
  pickupPath,
  pickupSchema,
  storeIdPath,
} from '#shared/orders/index.ts';
import { page } from '#shared/platform/schemas.ts';
import * as h from './handlers.ts';

const tags = ['clienteling'];

export const routes = [
  defineRoute({
    method: 'GET',
    path: '/stores/{storeId}/customers',
    tags,
    auth: ['staff'],
    errors: [404, 409],
    summary: 'One search box (e-mail, phone in any format, loyalty or order number) to the customer card; every lookup is audited',
    request: { path: storeIdPath, query: customerSearchQuery },
    response: { status: 200, schema: customerCardSchema },
    handler: h.getCustomer,
  }),
  defineRoute({
    method: 'GET',
    path: '/stores/{storeId}/pickups',
    tags,
    auth: ['staff', 'scope:orders/read'],
    summary: 'Orders waiting at the store: ready to hand over (status=ready) or being prepared (status=placed)',
    request: { path: storeIdPath, query: pickupListQuery },
    response: { status: 200, schema: page(pickupSchema) },
    handler: h.listPickups,
  }),
  defineRoute({
    method: 'POST',
    path: '/stores/{storeId}/pickups/{orderId}/handover',
    tags,
    auth: ['staff'],
    errors: [404, 409, 422, 423],
    summary: "Hand a ready pickup over against the customer's code; wrong codes are counted and lock the pickup",
    request: { path: pickupPath, body: handoverBody },
    response: { status: 200, schema: orderSchema },
    handler: h.handOver,
  }),
];

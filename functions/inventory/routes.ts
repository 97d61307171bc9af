// Route table slice: the store directory, live stock near me, the stock feed and
// reservations for pickup.

import { defineRoute } from '#shared/http/route.ts';
import { idempotencyHeader } from '#shared/http/idempotency-key.ts';
import { page, paginationQuery } from '#shared/platform/schemas.ts';
import {
  availabilityQuery, availabilityResponse, nearbyQuery, nearbyResponse, reservationBody, reservationPathSchema,
  reservationSchema, stockEventsBody, stockEventsResponse, stockListResponse, stockQuery, storePathSchema,
  storeUpsertBody, storeViewSchema,
} from '#shared/inventory/index.ts';
import * as h from './handlers.ts';

const tags = ['inventory'];

export const routes = [
  // Before /stores/{storeId}, so "nearby" is never read as a store id.
  defineRoute({
    method: 'GET', path: '/stores/nearby', tags, auth: 'public',
    summary: 'Stores within radiusKm of a point, nearest first, with the distance and whether each is open now',
    request: { query: nearbyQuery },
    response: { status: 200, schema: nearbyResponse },
    handler: h.getNearby,
  }),
  defineRoute({
    method: 'GET', path: '/stores/{storeId}', tags, auth: 'public', errors: [404],
    summary: 'One store: address, location, time zone, hours, services, pickup lead time',
    request: { path: storePathSchema },
    response: { status: 200, schema: storeViewSchema },
    handler: h.getStoreById,
  }),
  defineRoute({
    method: 'PUT', path: '/stores/{storeId}', tags, auth: ['scope:catalog/write'],
    summary: 'Create or replace a store in the directory',
    request: { path: storePathSchema, body: storeUpsertBody },
    response: { status: 200, schema: storeViewSchema },
    maxBodyBytes: 64 * 1024,
    handler: h.putStore,
  }),
  defineRoute({
    method: 'GET', path: '/availability', tags, auth: 'public',
    summary: 'Up to 100 SKUs in the stores near a point: status, units available and when a pickup could be ready',
    request: { query: availabilityQuery },
    response: { status: 200, schema: availabilityResponse },
    handler: h.getAvailability,
  }),
  defineRoute({
    method: 'GET', path: '/stores/{storeId}/stock', tags, auth: ['staff', 'scope:inventory/write'], errors: [404],
    summary: 'Exact stock figures of a store (on hand, reserved, safety stock), by SKU list or page by page',
    request: { path: storePathSchema, query: stockQuery },
    response: { status: 200, schema: stockListResponse },
    handler: h.getStoreStock,
  }),
  defineRoute({
    method: 'POST', path: '/stores/{storeId}/stock-events', tags, auth: ['staff', 'scope:inventory/write'], errors: [404],
    summary: 'Apply up to 100 stock events (sale, receipt, return, adjustment, count), each exactly once; a result per event',
    request: { path: storePathSchema, body: stockEventsBody },
    response: { status: 200, schema: stockEventsResponse },
    maxBodyBytes: 64 * 1024,
    handler: h.postStockEvents,
  }),
  defineRoute({
    method: 'POST', path: '/reservations', tags, auth: ['customer', 'scope:orders/write'], errors: [404, 409],
    summary: 'Hold stock for pickup: every line or none; 409 lists the lines that are short',
    request: { body: reservationBody, headers: idempotencyHeader },
    response: { status: 201, schema: reservationSchema },
    handler: h.postReservation,
  }),
  defineRoute({
    method: 'GET', path: '/reservations/{reservationId}', tags, auth: ['customer', 'staff', 'scope:orders/write'], errors: [404],
    summary: 'One reservation (its customer, staff of its store, or an orders integration)',
    request: { path: reservationPathSchema },
    response: { status: 200, schema: reservationSchema },
    handler: h.getReservation,
  }),
  defineRoute({
    method: 'POST', path: '/reservations/{reservationId}/confirm', tags, auth: ['customer', 'staff', 'scope:orders/write'],
    errors: [404, 409],
    summary: 'Confirm a held reservation: its units stay reserved for the pickup order and no longer expire',
    request: { path: reservationPathSchema },
    response: { status: 200, schema: reservationSchema },
    handler: h.confirmReservation,
  }),
  defineRoute({
    method: 'POST', path: '/reservations/{reservationId}/cancel', tags, auth: ['customer', 'staff', 'scope:orders/write'],
    errors: [404],
    summary: 'Cancel a reservation and release its units (repeating it changes nothing)',
    request: { path: reservationPathSchema },
    response: { status: 200, schema: reservationSchema },
    handler: h.cancelReservation,
  }),
  defineRoute({
    method: 'GET', path: '/me/reservations', tags, auth: ['customer'],
    summary: 'The signed-in customer\'s reservations, newest first',
    request: { query: paginationQuery },
    response: { status: 200, schema: page(reservationSchema) },
    handler: h.listMyReservations,
  }),
];

// Route table slice: the catalogue (styles and their variants), warehouses and their stock
// feed, and the one availability answer for a style.

import { styleBatchBody, styleBatchResponse, styleBody, stylePathSchema, styleSchema } from '#shared/catalog/index.ts';
import {
  productAvailabilityQuery,
  productAvailabilityResponse,
  warehouseBody,
  warehousePathSchema,
  warehouseSchema,
} from '#shared/fulfilment/index.ts';
import { defineRoute } from '#shared/http/route.ts';
import { stockEventsBody, stockEventsResponse } from '#shared/inventory/index.ts';
import * as h from './handlers.ts';

const tags = ['catalog'];

export const routes = [
  // Before /products/{styleId}, so "batch" is never read as a style id.
  defineRoute({
    method: 'POST',
    path: '/products/batch',
    tags,
    auth: ['scope:catalog/write'],
    summary: 'Create or replace up to 100 styles (a product feed): a result per style',
    request: { body: styleBatchBody },
    response: { status: 200, schema: styleBatchResponse },
    maxBodyBytes: 1024 * 1024,
    handler: h.postProductBatch,
  }),
  defineRoute({
    method: 'PUT',
    path: '/products/{styleId}',
    tags,
    auth: ['scope:catalog/write'],
    errors: [422],
    summary: 'Create or replace a style: names per locale, category, price, images and its colour × size variants (SKUs)',
    request: { path: stylePathSchema, body: styleBody },
    response: { status: 200, schema: styleSchema },
    maxBodyBytes: 64 * 1024,
    handler: h.putProduct,
  }),
  defineRoute({
    method: 'GET',
    path: '/products/{styleId}',
    tags,
    auth: 'public',
    errors: [404],
    summary: 'One style with every colour and size',
    request: { path: stylePathSchema },
    response: { status: 200, schema: styleSchema },
    handler: h.getProduct,
  }),
  defineRoute({
    method: 'GET',
    path: '/products/{styleId}/availability',
    tags,
    auth: 'public',
    errors: [404, 422],
    summary:
      'Every variant of a style: units in storeId now, the nearest stores that have it (pickupReadyAt), a ship-to-store date and the home-delivery "arrives by"',
    request: { path: stylePathSchema, query: productAvailabilityQuery },
    response: { status: 200, schema: productAvailabilityResponse },
    handler: h.getProductAvailability,
  }),
  defineRoute({
    method: 'PUT',
    path: '/warehouses/{warehouseId}',
    tags,
    auth: ['scope:catalog/write'],
    summary: 'Create or replace a warehouse: location, time zone, cut-off, handling and transit days, carrier calendar',
    request: { path: warehousePathSchema, body: warehouseBody },
    response: { status: 200, schema: warehouseSchema },
    maxBodyBytes: 64 * 1024,
    handler: h.putWarehouse,
  }),
  defineRoute({
    method: 'GET',
    path: '/warehouses/{warehouseId}',
    tags,
    auth: ['staff', 'scope:catalog/write', 'scope:inventory/write', 'scope:orders/write'],
    errors: [404],
    summary: 'One warehouse',
    request: { path: warehousePathSchema },
    response: { status: 200, schema: warehouseSchema },
    handler: h.getWarehouse,
  }),
  defineRoute({
    method: 'POST',
    path: '/warehouses/{warehouseId}/stock-events',
    tags,
    auth: ['scope:inventory/write'],
    errors: [404],
    summary: "Apply up to 100 stock events to a warehouse's stock: the same events, rules and answers as a store's feed",
    request: { path: warehousePathSchema, body: stockEventsBody },
    response: { status: 200, schema: stockEventsResponse },
    maxBodyBytes: 64 * 1024,
    handler: h.postWarehouseStockEvents,
  }),
];

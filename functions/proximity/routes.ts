// Route table slice: beacon registry, sightings and presence, proximity offers and redemptions.

import { idempotencyHeader } from '#shared/http/idempotency-key.ts';
import type { AuthRequirement } from '#shared/http/principal.ts';
import { defineRoute } from '#shared/http/route.ts';
import { page, paginationQuery } from '#shared/platform/schemas.ts';
import {
  beaconPathSchema,
  beaconRegistrationSchema,
  beaconSchema,
  offerInputSchema,
  offerPathSchema,
  offerSchema,
  presenceEntrySchema,
  presenceQuerySchema,
  proximitySettingsSchema,
  redemptionBodySchema,
  redemptionSchema,
  sightingBodySchema,
  sightingResponseSchema,
  storePathSchema,
} from '#shared/proximity/index.ts';
import * as h from './handlers.ts';

const tags = ['proximity'];
/** Integrations with catalog/write, and staff with the admin role (checked in the handler). */
const catalogWriters: AuthRequirement = ['staff', 'scope:catalog/write'];

export const routes = [
  defineRoute({
    method: 'POST',
    path: '/beacons',
    tags,
    auth: catalogWriters,
    summary: 'Register a beacon (iBeacon uuid/major/minor or Eddystone-UID namespace/instance) in a store zone, or move it',
    request: { body: beaconRegistrationSchema },
    response: { status: 200, schema: beaconSchema },
    handler: h.putBeacon,
  }),
  defineRoute({
    method: 'DELETE',
    path: '/beacons/{beaconId}',
    tags,
    auth: catalogWriters,
    errors: [404],
    summary: 'Remove a beacon from the registry',
    request: { path: beaconPathSchema },
    response: { status: 204 },
    handler: h.deleteBeacon,
  }),
  defineRoute({
    method: 'GET',
    path: '/stores/{storeId}/beacons',
    tags,
    auth: ['staff', 'scope:catalog/write'],
    summary: 'The beacons registered in a store',
    request: { path: storePathSchema, query: paginationQuery },
    response: { status: 200, schema: page(beaconSchema) },
    handler: h.getBeacons,
  }),
  defineRoute({
    method: 'PUT',
    path: '/stores/{storeId}/proximity-settings',
    tags,
    auth: catalogWriters,
    summary: 'How many offers a sighting in this store may return, and the repeat-sighting cooldown',
    request: { path: storePathSchema, body: proximitySettingsSchema },
    response: { status: 200, schema: proximitySettingsSchema },
    handler: h.putSettings,
  }),
  defineRoute({
    method: 'POST',
    path: '/proximity/sightings',
    tags,
    auth: ['customer'],
    summary: 'Report the beacons the phone hears; records presence (with proximity consent only) and answers the offers that fit',
    request: { body: sightingBodySchema },
    response: { status: 200, schema: sightingResponseSchema },
    handler: h.postSighting,
  }),
  defineRoute({
    method: 'GET',
    path: '/stores/{storeId}/presence',
    tags,
    auth: ['staff'],
    errors: [404],
    summary:
      'Consented customers in the store now: name, zone, since when, loyalty tier, appointment today (pickup waiting comes with orders)',
    request: { path: storePathSchema, query: presenceQuerySchema },
    response: { status: 200, schema: page(presenceEntrySchema) },
    handler: h.getPresence,
  }),
  defineRoute({
    method: 'POST',
    path: '/offers',
    tags,
    auth: catalogWriters,
    summary: 'Create a proximity offer: targeting, audience rules, validity, hours, priority, caps, limits',
    request: { body: offerInputSchema, headers: idempotencyHeader },
    response: { status: 201, schema: offerSchema },
    handler: h.postOffer,
  }),
  defineRoute({
    method: 'GET',
    path: '/offers/{offerId}',
    tags,
    auth: catalogWriters,
    errors: [404],
    summary: 'An offer with its redemption count',
    request: { path: offerPathSchema },
    response: { status: 200, schema: offerSchema },
    handler: h.getOffer,
  }),
  defineRoute({
    method: 'PUT',
    path: '/offers/{offerId}',
    tags,
    auth: catalogWriters,
    errors: [404],
    summary: "Replace an offer's definition (its redemption count stays)",
    request: { path: offerPathSchema, body: offerInputSchema },
    response: { status: 200, schema: offerSchema },
    handler: h.putOffer,
  }),
  defineRoute({
    method: 'POST',
    path: '/offers/{offerId}/redemptions',
    tags,
    auth: ['staff', 'scope:orders/write'],
    errors: [404, 409],
    summary: "Redeem an offer at checkout: once per customer, never above the offer's total limit",
    request: { path: offerPathSchema, body: redemptionBodySchema, headers: idempotencyHeader },
    response: { status: 201, schema: redemptionSchema },
    handler: h.postRedemption,
  }),
];

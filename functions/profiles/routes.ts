// Route table slice: customer profiles, consents, identities and the timeline.

import { defineRoute } from '#shared/http/route.ts';
import { page, paginationQuery, timelineEntrySchema } from '#shared/platform/schemas.ts';
import { customerExportSchema } from '#shared/privacy/index.ts';
import {
  consentBodySchema,
  consentPathSchema,
  customerSummarySchema,
  identityBodySchema,
  identityPathSchema,
  lookupBodySchema,
  profilePatchSchema,
  profileSchema,
} from '#shared/profiles/index.ts';
import * as h from './handlers.ts';

const tags = ['profiles'];

export const routes = [
  defineRoute({
    method: 'GET',
    path: '/me',
    tags,
    auth: ['customer'],
    summary: "The signed-in customer's profile, created on first access",
    response: { status: 200, schema: profileSchema },
    handler: h.getMe,
  }),
  defineRoute({
    method: 'PATCH',
    path: '/me',
    tags,
    auth: ['customer'],
    summary: 'Change name, preferred store, sizes, favourite categories or communication preferences',
    request: { body: profilePatchSchema },
    response: { status: 200, schema: profileSchema },
    handler: h.patchMe,
  }),
  defineRoute({
    method: 'GET',
    path: '/me/export',
    tags,
    auth: ['customer'],
    summary: 'Everything held about the signed-in customer, as one JSON document (data portability)',
    description:
      'Profile, identities, consents, timeline, orders, reservations, appointments, presence, visits and redemptions. Each list is gathered up to 1,000 items; a longer one says `complete: false` and names the paged route (`rest`) that continues it. Nothing is created: an erased customer gets empty sections.',
    response: { status: 200, schema: customerExportSchema, description: 'The export, as an attachment' },
    handler: h.getMyExport,
  }),
  defineRoute({
    method: 'DELETE',
    path: '/me',
    tags,
    auth: ['customer'],
    summary: 'Erase the profile and everything keyed to it',
    response: { status: 204 },
    handler: h.deleteMe,
  }),
  defineRoute({
    method: 'PUT',
    path: '/me/consents/{purpose}',
    tags,
    auth: ['customer'],
    summary: 'Grant or withdraw a consent (marketing, proximity); the change is kept on the timeline',
    request: { path: consentPathSchema, body: consentBodySchema },
    response: { status: 200, schema: profileSchema },
    handler: h.putConsent,
  }),
  defineRoute({
    method: 'PUT',
    path: '/me/identities/{kind}',
    tags,
    auth: ['customer'],
    errors: [409],
    summary:
      'Attach or replace the e-mail, phone or loyalty number; unique across customers (one a guest profile holds is taken over, with its orders)',
    request: { path: identityPathSchema, body: identityBodySchema },
    response: { status: 200, schema: profileSchema },
    handler: h.putIdentity,
  }),
  defineRoute({
    method: 'DELETE',
    path: '/me/identities/{kind}',
    tags,
    auth: ['customer'],
    summary: 'Detach an identity',
    request: { path: identityPathSchema },
    response: { status: 200, schema: profileSchema },
    handler: h.deleteIdentity,
  }),
  defineRoute({
    method: 'GET',
    path: '/me/timeline',
    tags,
    auth: ['customer'],
    summary: "The customer's timeline, newest first",
    request: { query: paginationQuery },
    response: { status: 200, schema: page(timelineEntrySchema) },
    handler: h.getTimeline,
  }),
  defineRoute({
    method: 'POST',
    path: '/customers/lookup',
    tags,
    auth: ['staff', 'scope:customers/read', 'scope:orders/write'],
    errors: [404],
    summary: 'Find a customer by e-mail, phone or loyalty number (sent in the body, never in the URL)',
    request: { body: lookupBodySchema },
    response: { status: 200, schema: customerSummarySchema },
    handler: h.postLookup,
  }),
];

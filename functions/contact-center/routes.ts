// Route table slice: the contact center — find any customer of the chain, see their card and
// timeline, note the contact, book for them. Agents, and regional or admin staff; every read
// and action is audited.

import { appointmentSchema, bookingBodySchema } from '#shared/appointments/index.ts';
import {
  agentCardSchema,
  customerPath,
  customerSearchQuery,
  customerSearchResponse,
  noteBody,
  noteSchema,
  timelineQuery,
} from '#shared/contact-center/index.ts';
import { idempotencyHeader } from '#shared/http/idempotency-key.ts';
import { defineRoute } from '#shared/http/route.ts';
import { page, timelineEntrySchema } from '#shared/platform/schemas.ts';
import * as h from './handlers.ts';

const tags = ['contact-center'];
const auth = ['agent', 'staff'] as const;

export const routes = [
  defineRoute({
    method: 'GET',
    path: '/customers',
    tags,
    auth: [...auth],
    errors: [409],
    summary:
      'Search the whole chain by e-mail, phone in any format (0034 612 34 56 78), loyalty or order number: masked identities and the last order; no match is an empty list; audited',
    request: { query: customerSearchQuery },
    response: { status: 200, schema: customerSearchResponse },
    handler: h.searchCustomers,
  }),
  defineRoute({
    method: 'GET',
    path: '/customers/{customerId}',
    tags,
    auth: [...auth],
    errors: [404],
    summary:
      "The agent's card: profile, consents, communication preferences, orders of every channel with returns and exchanges, open reservations and pickups with deadlines, appointments, visits, redeemed offers, earlier contacts; audited",
    request: { path: customerPath },
    response: { status: 200, schema: agentCardSchema },
    handler: h.getCard,
  }),
  defineRoute({
    method: 'GET',
    path: '/customers/{customerId}/timeline',
    tags,
    auth: [...auth],
    errors: [404],
    summary:
      "The customer's timeline, newest first, optionally of one kind (order, reservation, appointment, visit, offer, consent, message, return, note); audited",
    request: { path: customerPath, query: timelineQuery },
    response: { status: 200, schema: page(timelineEntrySchema) },
    handler: h.getTimeline,
  }),
  defineRoute({
    method: 'POST',
    path: '/customers/{customerId}/notes',
    tags,
    auth: [...auth],
    errors: [404],
    summary: "Note a contact (channel, reason, text) on the customer's timeline with its author, so nobody asks again; audited",
    request: { path: customerPath, body: noteBody, headers: idempotencyHeader },
    response: { status: 201, schema: noteSchema },
    handler: h.postNote,
  }),
  defineRoute({
    method: 'POST',
    path: '/customers/{customerId}/appointments',
    tags,
    auth: [...auth],
    errors: [404, 409],
    summary:
      "Book for the customer at any store, by the customer's rules; 409 with the nearest alternatives if the slot was taken; audited",
    request: { path: customerPath, body: bookingBodySchema, headers: idempotencyHeader },
    response: { status: 201, schema: appointmentSchema },
    handler: h.postAppointment,
  }),
];

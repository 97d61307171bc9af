// Route table slice: the store's appointment desk on the tablet — the day's agenda, a walk-in
// booked by the identity the customer gives, and the outcome of an appointment (completed,
// no-show). Store staff only. Its own function, so the customer's booking function does not
// carry identity resolution (phone numbers) and the desk does not carry the nearby slot search.

import {
  agendaQuery,
  agendaResponseSchema,
  appointmentPath,
  appointmentSchema,
  storePath,
  walkInBodySchema,
} from '#shared/appointments/index.ts';
import { idempotencyHeader } from '#shared/http/idempotency-key.ts';
import { defineRoute } from '#shared/http/route.ts';
import * as h from './handlers.ts';

const tags = ['appointments'];

export const routes = [
  defineRoute({
    method: 'GET',
    path: '/stores/{storeId}/agenda',
    tags,
    auth: ['staff'],
    errors: [404],
    summary: "The store's day by stylist: working hours and appointments with a customer summary",
    request: { path: storePath, query: agendaQuery },
    response: { status: 200, schema: agendaResponseSchema },
    handler: h.getAgenda,
  }),
  defineRoute({
    method: 'POST',
    path: '/stores/{storeId}/appointments',
    tags,
    auth: ['staff'],
    errors: [404, 409],
    summary: 'Book for a walk-in found by e-mail, phone or loyalty number (no minimum notice)',
    request: { path: storePath, body: walkInBodySchema, headers: idempotencyHeader },
    response: { status: 201, schema: appointmentSchema },
    handler: h.postWalkIn,
  }),
  defineRoute({
    method: 'POST',
    path: '/appointments/{appointmentId}/complete',
    tags,
    auth: ['staff'],
    errors: [404, 409],
    summary: 'Mark an appointment that has started as completed',
    request: { path: appointmentPath },
    response: { status: 200, schema: appointmentSchema },
    handler: h.completeAppointment,
  }),
  defineRoute({
    method: 'POST',
    path: '/appointments/{appointmentId}/no-show',
    tags,
    auth: ['staff'],
    errors: [404, 409],
    summary: 'Mark an appointment whose customer did not come as a no-show',
    request: { path: appointmentPath },
    response: { status: 200, schema: appointmentSchema },
    handler: h.noShowAppointment,
  }),
];

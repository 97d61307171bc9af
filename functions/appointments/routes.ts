// Route table slice: stylist appointments — booking catalogue, free slots, bookings,
// cancel / reschedule, and the store's agenda and walk-ins.

import * as z from 'zod';
import { defineRoute } from '#shared/http/route.ts';
import { idempotencyHeader } from '#shared/http/idempotency-key.ts';
import {
  agendaQuery, agendaResponseSchema, appointmentPath, appointmentSchema, bookingBodySchema, catalogResponseSchema,
  myAppointmentsQuery, policyBodySchema, policySchema, rescheduleBodySchema, serviceBodySchema, servicePath, serviceSchema,
  slotsQuery, slotsResponseSchema, storePath, stylistBodySchema, stylistPath, stylistSchema, walkInBodySchema,
} from '#shared/appointments/index.ts';
import { page } from '#shared/platform/schemas.ts';
import * as h from './handlers.ts';

const tags = ['appointments'];
const catalogWriters = ['scope:catalog/write', 'staff'] as const;

export const routes = [
  defineRoute({
    method: 'GET', path: '/stores/{storeId}/appointment-services', tags, auth: 'public', errors: [404],
    summary: 'The services a store books, who performs each, and its booking policy',
    request: { path: storePath },
    response: { status: 200, schema: catalogResponseSchema },
    handler: h.getCatalog,
  }),
  defineRoute({
    method: 'GET', path: '/stores/{storeId}/appointment-slots', tags, auth: 'public', errors: [404],
    summary: 'Free start times (up to 90 days in one call) with the stylists free at each',
    request: { path: storePath, query: slotsQuery },
    response: { status: 200, schema: slotsResponseSchema },
    handler: h.getSlots,
  }),
  defineRoute({
    method: 'PUT', path: '/stores/{storeId}/appointment-services/{serviceId}', tags, auth: [...catalogWriters], errors: [404],
    summary: 'Create or replace a bookable service (duration, buffer after, price, stylists)',
    request: { path: servicePath, body: serviceBodySchema },
    response: { status: 200, schema: serviceSchema },
    handler: h.putService,
  }),
  defineRoute({
    method: 'PUT', path: '/stores/{storeId}/stylists/{stylistId}', tags, auth: [...catalogWriters], errors: [404],
    maxBodyBytes: 64 * 1024,
    summary: 'Create or replace a stylist: skills, weekly hours in the store time zone, breaks, days off, sick leave, extra shifts',
    request: { path: stylistPath, body: stylistBodySchema },
    response: { status: 200, schema: stylistSchema },
    handler: h.putStylist,
  }),
  defineRoute({
    method: 'GET', path: '/stores/{storeId}/stylists', tags, auth: ['staff', 'scope:catalog/write'], errors: [404],
    summary: 'The store\'s stylists with their schedules',
    request: { path: storePath },
    response: { status: 200, schema: z.object({ items: z.array(stylistSchema) }) },
    handler: h.getStylists,
  }),
  defineRoute({
    method: 'PUT', path: '/stores/{storeId}/booking-policy', tags, auth: [...catalogWriters], errors: [404],
    summary: 'Set minimum notice, horizon, slot interval, cancellation and reschedule cut-offs, daily cap per customer',
    request: { path: storePath, body: policyBodySchema },
    response: { status: 200, schema: policySchema },
    handler: h.putPolicy,
  }),
  defineRoute({
    method: 'POST', path: '/appointments', tags, auth: ['customer'], errors: [409],
    summary: 'Book a stylist (or "any"); 409 with the nearest alternatives if the slot was taken',
    request: { body: bookingBodySchema, headers: idempotencyHeader },
    response: { status: 201, schema: appointmentSchema },
    handler: h.postAppointment,
  }),
  defineRoute({
    method: 'GET', path: '/me/appointments', tags, auth: ['customer'],
    summary: 'The customer\'s appointments: upcoming (soonest first) or past (latest first)',
    request: { query: myAppointmentsQuery },
    response: { status: 200, schema: page(appointmentSchema) },
    handler: h.getMyAppointments,
  }),
  defineRoute({
    method: 'POST', path: '/appointments/{appointmentId}/cancel', tags, auth: ['customer', 'staff'], errors: [404, 409],
    summary: 'Cancel (customers until the cut-off; the store until it starts)',
    request: { path: appointmentPath },
    response: { status: 200, schema: appointmentSchema },
    handler: h.cancelAppointment,
  }),
  defineRoute({
    method: 'POST', path: '/appointments/{appointmentId}/reschedule', tags, auth: ['customer', 'staff'], errors: [404, 409],
    summary: 'Move to another start (and stylist) atomically: the new slot is secured before the old one is released',
    request: { path: appointmentPath, body: rescheduleBodySchema },
    response: { status: 200, schema: appointmentSchema },
    handler: h.rescheduleAppointment,
  }),
  defineRoute({
    method: 'GET', path: '/stores/{storeId}/agenda', tags, auth: ['staff'], errors: [404],
    summary: 'The store\'s day by stylist: working hours and appointments with a customer summary',
    request: { path: storePath, query: agendaQuery },
    response: { status: 200, schema: agendaResponseSchema },
    handler: h.getAgenda,
  }),
  defineRoute({
    method: 'POST', path: '/stores/{storeId}/appointments', tags, auth: ['staff'], errors: [404, 409],
    summary: 'Book for a walk-in found by e-mail, phone or loyalty number (no minimum notice)',
    request: { path: storePath, body: walkInBodySchema, headers: idempotencyHeader },
    response: { status: 201, schema: appointmentSchema },
    handler: h.postWalkIn,
  }),
  defineRoute({
    method: 'POST', path: '/appointments/{appointmentId}/complete', tags, auth: ['staff'], errors: [404, 409],
    summary: 'Mark an appointment that has started as completed',
    request: { path: appointmentPath },
    response: { status: 200, schema: appointmentSchema },
    handler: h.completeAppointment,
  }),
  defineRoute({
    method: 'POST', path: '/appointments/{appointmentId}/no-show', tags, auth: ['staff'], errors: [404, 409],
    summary: 'Mark an appointment whose customer did not come as a no-show',
    request: { path: appointmentPath },
    response: { status: 200, schema: appointmentSchema },
    handler: h.noShowAppointment,
  }),
];

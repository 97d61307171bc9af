// Route table slice: the customer's communication preferences and the messages sent to them.

import { defineRoute } from '#shared/http/route.ts';
import { messageSchema, preferencesBody, preferencesSchema } from '#shared/notifications/index.ts';
import { page, paginationQuery } from '#shared/platform/schemas.ts';
import * as h from './handlers.ts';

const tags = ['notifications'];

export const routes = [
  defineRoute({
    method: 'GET',
    path: '/me/communication-preferences',
    tags,
    auth: ['customer'],
    summary: 'How the customer is sent messages: channels, language, quiet hours, time zone (the defaults until set)',
    response: { status: 200, schema: preferencesSchema },
    handler: h.getPreferences,
  }),
  defineRoute({
    method: 'PUT',
    path: '/me/communication-preferences',
    tags,
    auth: ['customer'],
    summary: 'Set channels (email, sms), language (es, en), quiet hours (HH:MM, in timeZone) and time zone',
    request: { body: preferencesBody },
    response: { status: 200, schema: preferencesSchema },
    handler: h.putPreferences,
  }),
  defineRoute({
    method: 'GET',
    path: '/me/notifications',
    tags,
    auth: ['customer'],
    summary: 'What was sent to the customer, when, by which channel, its status — newest first (pickup codes included)',
    request: { query: paginationQuery },
    response: { status: 200, schema: page(messageSchema) },
    handler: h.getNotifications,
  }),
];

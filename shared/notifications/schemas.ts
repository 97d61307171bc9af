// Schemas: the customer's communication preferences and the messages sent to them.

import * as z from 'zod';
import { isoDateTime } from '../platform/schemas.ts';
import { isTimeZone } from '../runtime/zoned-time.ts';

export const channels = ['email', 'sms'] as const;
export type Channel = (typeof channels)[number];
export const languages = ['es', 'en'] as const;
export type Language = (typeof languages)[number];

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM, 24-hour (e.g. 22:00).');
const quietHours = z.object({ start: hhmm, end: hhmm }).strict();
const timeZone = z.string().refine(isTimeZone, 'Not an IANA time zone (e.g. Europe/Madrid).');

/** PUT /me/communication-preferences: the whole set (a PUT replaces it). */
export const preferencesBody = z
  .object({
    channels: z
      .array(z.enum(channels))
      .max(channels.length)
      .refine((c) => new Set(c).size === c.length, 'Name each channel once.'),
    language: z.enum(languages),
    quietHours: quietHours.optional(),
    timeZone,
  })
  .strict();
export type Preferences = z.output<typeof preferencesBody>;

export const preferencesSchema = z.object({
  channels: z.array(z.enum(channels)),
  language: z.enum(languages),
  quietHours: z.object({ start: z.string(), end: z.string() }).optional(),
  timeZone: z.string(),
  /** False while the customer has set nothing (these are the defaults). */
  custom: z.boolean(),
  updatedAt: isoDateTime.optional(),
});

export const messageStatuses = ['scheduled', 'sending', 'sent', 'retrying', 'failed', 'dropped'] as const;

/** A message as the customer sees it (GET /me/notifications): the pickup code included. */
export const messageSchema = z.object({
  messageId: z.string(),
  kind: z.string(),
  channel: z.enum(channels),
  status: z.enum(messageStatuses),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  createdAt: isoDateTime,
  /** When it goes (or went) out: later than createdAt inside the customer's quiet hours, or while retrying. */
  sendAt: isoDateTime,
  sentAt: isoDateTime.optional(),
  attempts: z.number().int(),
  /** Why it was dropped or failed. */
  reason: z.string().optional(),
  ref: z.record(z.string(), z.string()).optional(),
});
export type Message = z.output<typeof messageSchema>;

// Use case: erase a customer (DELETE /me). The privacy module sits above every module that
// holds personal data and asks each to forget the customer, in an order that can simply be
// run again if it is interrupted.

import { forgetCustomer as releaseAppointments } from '../appointments/index.ts';
import { forgetCustomer as forgetNotifications } from '../notifications/index.ts';
import { forgetEventsAbout } from '../platform/outbox.ts';
import { forgetCustomer as forgetProfile } from '../profiles/index.ts';
import type { Deps } from '../runtime/deps.ts';

/**
 * 1. Appointments: live bookings are cancelled so the stylists' time (kept outside the
 *    customer's items) is released; the events name no customer.
 * 2. The outbox: every event whose detail names the customer is removed.
 * 3. Notifications: the send timers of messages still waiting (they live outside the
 *    customer's partition).
 * 4. Profiles: identity claims, then every item in the customer's partition or indexed to
 *    them (orders, reservations, appointments, messages, Idempotency-Key records of answers
 *    about them…), the profile last.
 * What stays (README, "Erasure and export"): the tablet lookup audit and the contact center's
 * access audit, pseudonymised.
 */
export async function eraseCustomer(deps: Deps, customerId: string): Promise<void> {
  await releaseAppointments(deps, customerId);
  await forgetEventsAbout(deps, customerId);
  await forgetNotifications(deps, customerId);
  await forgetProfile(deps, customerId);
}

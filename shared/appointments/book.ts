// Use cases: booking an appointment — by a signed-in customer, or by the store for a
// walk-in — each applied once per Idempotency-Key.

import { ulid } from 'ulid';
import type * as z from 'zod';
import { type Actor, actorKey, assertAgentAccess, assertStoreAccess, requireCustomer } from '../platform/actor.ts';
import { accessAuditPut } from '../platform/audit.ts';
import { idempotent, noRecord, type RecordResponse } from '../platform/idempotency.ts';
import { getProfile, type lookupBodySchema, normalizeOrReject, resolveIdentity } from '../profiles/index.ts';
import type { Deps } from '../runtime/deps.ts';
import { fail } from '../runtime/errors.ts';
import { type TransactItem, Tx } from '../table/transact.ts';
import {
  checkStart,
  customerCells,
  noCells,
  planCells,
  serviceFor,
  stylistCells,
  stylistsFor,
  summaryOf,
  timesAt,
  toAppointment,
  type WriteLabel,
  within,
} from './booking-rules.ts';
import { claimSlot } from './claim-slot.ts';
import { appointmentDetail, appointmentEvents } from './events.ts';
import {
  appointmentEvent,
  appointmentPut,
  bookingsAround,
  customerLocks,
  dailyCount,
  loadCatalogue,
  markerPut,
  stylistLocks,
  timelineEntry,
} from './repository.ts';
import { ANY_STYLIST, type Appointment, type AppointmentRecord } from './schemas.ts';
import { localDateOf, localDayBounds } from './slots.ts';

type BookingCommand = {
  storeId: string;
  serviceId: string;
  /** ISO instant with offset, on the store's slot grid. */
  start: string;
  /** A stylist id, or "any". */
  stylistId: string;
  notes?: string;
  customerId: string;
  /**
   * `customer`: the customer names a store in the booking (unknown: invalid, naming `storeId`).
   * `agent`: the contact center books for the customer, by the customer's rules.
   * `staff`: a walk-in, booked where it happens (unknown store: not found); no minimum
   * notice, and the slot already running is still bookable.
   */
  bookedBy: 'customer' | 'agent' | 'staff';
  /** Minted by a caller that must name the appointment in its own items (the agent's audit entry). */
  appointmentId?: string;
};

/**
 * 1. Read the store's catalogue and its bookings around the start (two Queries, in parallel).
 * 2. Decide: the service, the stylist(s), the start against grid, notice and horizon (invalid,
 *    naming the field); then who is free that day, the least busy first.
 * 3. Write, for each free stylist until one commits, one TransactWriteItems: the appointment
 *    and its marker, the stylist's and the customer's busy cells, the daily counter, the
 *    timeline entry, the outbox event and the idempotency record. Nobody free (or left):
 *    a conflict with the nearest alternatives.
 */
export async function book(
  deps: Deps,
  command: BookingCommand,
  record: RecordResponse<Appointment> = noRecord,
  alongside: TransactItem[] = [],
): Promise<Appointment> {
  const nowDate = deps.clock.now();
  const now = nowDate.getTime();
  const walkIn = command.bookedBy === 'staff';
  const [catalogue, around] = await Promise.all([
    loadCatalogue(deps, command.storeId),
    bookingsAround(deps, command.storeId, command.start),
  ]);
  if (!catalogue) {
    const message = `Store ${command.storeId} does not exist.`;
    throw walkIn ? fail.notFound(message) : fail.invalid([{ path: 'storeId', message }]);
  }
  const zone = catalogue.store.timeZone;
  const service = serviceFor(catalogue, command.serviceId);
  const candidates = stylistsFor(catalogue, service, command.stylistId);
  const t = checkStart(catalogue, command.start, now, walkIn);
  const localDate = localDateOf(t, zone);
  const at = nowDate.toISOString();
  const booking = {
    appointmentId: command.appointmentId ?? ulid(now),
    storeId: command.storeId,
    serviceId: service.serviceId,
    serviceName: service.name,
    customerId: command.customerId,
    ...timesAt(t, service),
    localDate,
    timeZone: zone,
    status: 'booked' as const,
    price: service.price,
    ...(command.notes ? { notes: command.notes } : {}),
    policy: {
      cancellationCutoffMinutes: catalogue.policy.cancellationCutoffMinutes,
      rescheduleCutoffMinutes: catalogue.policy.rescheduleCutoffMinutes,
    },
    bookedBy: command.bookedBy,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };

  return claimSlot(
    deps,
    { catalogue, shape: service, candidates, now, walkIn },
    t,
    within(around, localDayBounds(localDate, zone)),
    command.stylistId === ANY_STYLIST ? 'No stylist is free for this service at that time.' : 'That stylist is not free at that time.',
    (stylist) => {
      const appointment: AppointmentRecord = { ...booking, stylistId: stylist.stylistId, stylistName: stylist.name };
      const { appointmentId, customerId, storeId } = appointment;
      const response = toAppointment(appointment);
      const tx = new Tx<WriteLabel>()
        .add('appointment', appointmentPut(deps, appointment))
        .add('other', markerPut(deps, appointment))
        .add('stylist', ...stylistLocks(deps, storeId, stylist.stylistId, planCells(noCells, stylistCells(appointment)), appointmentId))
        .add('customer', ...customerLocks(deps, customerId, planCells(noCells, customerCells(appointment)), appointmentId))
        .add('daily', dailyCount(deps, customerId, storeId, localDate, 1, catalogue.policy.maxPerCustomerPerDay))
        .add('other', timelineEntry(deps, appointment, 'appointment.booked', summaryOf(appointment, 'booked')))
        .add('other', appointmentEvent(deps, appointmentEvents.booked, appointmentDetail(appointment)))
        .add('other', ...alongside)
        .add('idempotency', record(response));
      return { tx, result: response };
    },
  );
}

type BookingRequest = Omit<BookingCommand, 'customerId' | 'bookedBy'>;

/** A signed-in customer books (see `book`); a retry with the same Idempotency-Key gets the same answer. */
export function bookForCustomer(deps: Deps, actor: Actor, request: BookingRequest, idempotencyKey: string | undefined) {
  const customerId = requireCustomer(actor);
  return idempotent<Appointment>(deps, {
    scope: `appointment:${customerId}`,
    key: idempotencyKey,
    request,
    ownerOf: (answer) => answer.customerId,
    run: (record) => book(deps, { ...request, customerId, bookedBy: 'customer' }, record),
  });
}

type WalkInCommand = Omit<BookingRequest, 'storeId'> & {
  storeId: string;
  /** The one identity the customer gives: e-mail, phone or loyalty number. */
  customer: z.output<typeof lookupBodySchema>;
};

/**
 * The store books for a walk-in.
 * 1. Only the store's staff (forbidden otherwise).
 * 2. Normalize the identity the customer gave (invalid, naming `customer.<kind>`) and resolve
 *    it to a customer (one GetItem; not found if nobody has it).
 * 3. Book as the store (see `book`), once per Idempotency-Key of this staff member.
 */
export async function bookWalkIn(deps: Deps, actor: Actor, command: WalkInCommand, idempotencyKey: string | undefined) {
  const { storeId, ...request } = command;
  assertStoreAccess(actor, storeId);
  const { customer, ...booking } = request;
  const [kind, raw] = customer.email
    ? (['email', customer.email] as const)
    : customer.phone
      ? (['phone', customer.phone] as const)
      : (['loyalty', customer.loyalty as string] as const);
  const value = normalizeOrReject(deps, kind, raw, `customer.${kind}`, customer.country);
  const customerId = await resolveIdentity(deps, kind, value);
  if (!customerId) throw fail.notFound(`No customer has this ${kind}; ask them to sign up, or look them up another way.`);
  const staffId = actor.kind === 'staff' ? actor.userId : 'integration';
  return idempotent<Appointment>(deps, {
    scope: `appointment-walk-in:${storeId}:${staffId}`,
    key: idempotencyKey,
    request,
    ownerOf: (answer) => answer.customerId,
    run: (record) => book(deps, { ...booking, storeId, customerId, bookedBy: 'staff' }, record),
  });
}

/**
 * A contact-center agent (or regional / admin staff) books for a customer at any store, by
 * the customer's rules (minimum notice, horizon, daily cap).
 * 1. Agents, regional and admin staff only.
 * 2. The customer must exist (one GetItem; not found otherwise).
 * 3. Book (see `book`) once per Idempotency-Key of this caller, the audit entry in the same
 *    transaction.
 */
export async function bookForCustomerByAgent(
  deps: Deps,
  actor: Actor,
  command: BookingRequest & { customerId: string },
  idempotencyKey: string | undefined,
) {
  assertAgentAccess(actor);
  const { customerId, ...request } = command;
  if (!(await getProfile(deps, customerId))) throw fail.notFound(`There is no customer ${customerId}.`);
  return idempotent<Appointment>(deps, {
    scope: `appointment-for-customer:${actorKey(actor)}`,
    key: idempotencyKey,
    request: command,
    ownerOf: (answer) => answer.customerId,
    run: async (record) => {
      const appointmentId = ulid(deps.clock.now().getTime());
      const audit = await accessAuditPut(deps, actor, { action: 'appointment.book', customerId, ref: appointmentId, result: 'done' });
      return book(deps, { ...request, customerId, appointmentId, bookedBy: 'agent' }, record, [audit]);
    },
  });
}

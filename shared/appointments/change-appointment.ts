// Use cases: changing a booked appointment — cancel, reschedule, complete / no-show. Each
// reads the appointment, decides with the booking rules, and writes one transaction whose
// appointment update is conditioned on the version it read (and on it still being booked):
// someone else's change in between is refused (a conflict) instead of being overwritten.

import type { Actor } from '../platform/actor.ts';
import { accessAuditPut } from '../platform/audit.ts';
import type { Deps } from '../runtime/deps.ts';
import { Tx } from '../table/transact.ts';
import {
  byCustomerRules,
  changedMeanwhile,
  checkCancel,
  checkOutcome,
  checkReschedule,
  checkStart,
  customerCells,
  mayChange,
  noCells,
  planCells,
  shapeOf,
  staysPut,
  stylistCells,
  stylistsFor,
  summaryOf,
  timesAt,
  toAppointment,
  type WriteLabel,
  within,
} from './booking-rules.ts';
import { requireCatalogue } from './catalogue.ts';
import { claimSlot } from './claim-slot.ts';
import { appointmentDetail, appointmentEvents } from './events.ts';
import {
  appointmentEvent,
  appointmentUpdate,
  bookingsAround,
  customerLocks,
  dailyCount,
  getAppointment,
  markerDelete,
  markerPut,
  stylistLocks,
  timelineEntry,
} from './repository.ts';
import type { Appointment, AppointmentRecord, AppointmentStatus } from './schemas.ts';
import { isoInZone, localDateOf, localDayBounds } from './slots.ts';

/** An agent's change is audited inside its own transaction (platform/audit.ts). */
const agentAudit = async (deps: Deps, actor: Actor, action: string, read: AppointmentRecord) =>
  actor.kind === 'agent'
    ? accessAuditPut(deps, actor, { action, customerId: read.customerId, ref: read.appointmentId, result: 'done' })
    : undefined;

/** The one commit path of a change: its version condition failing means someone else changed it first. */
async function commit(deps: Deps, tx: Tx<WriteLabel>): Promise<void> {
  try {
    await tx.write(deps);
  } catch (error) {
    if (tx.failed(error)?.has('appointment')) throw changedMeanwhile();
    throw error;
  }
}

/**
 * Cancel: customers (and agents for them) until the booking's cut-off, the store until it starts.
 * 1. Read the appointment (consistent); someone else's is not found.
 * 2. Decide: already cancelled answers as it is (a retry); otherwise the cut-off rules.
 * 3. One transaction: the appointment (version-conditioned), its marker deleted, the
 *    stylist's and the customer's cells released, the daily counter down, the timeline
 *    entry, the event, and an agent's audit entry.
 */
export async function cancel(deps: Deps, appointmentId: string, actor: Actor): Promise<Appointment> {
  const read = mayChange(actor, await getAppointment(deps, appointmentId), appointmentId);
  const nowDate = deps.clock.now();
  if (!checkCancel(read, byCustomerRules(actor), nowDate.getTime())) return toAppointment(read);
  const at = nowDate.toISOString();
  const cancelled: AppointmentRecord = { ...read, status: 'cancelled', cancelledAt: at, updatedAt: at, version: read.version + 1 };
  const tx = new Tx<WriteLabel>()
    .add('appointment', appointmentUpdate(deps, read, { status: 'cancelled', cancelledAt: at, updatedAt: at }))
    .add('other', markerDelete(deps, appointmentId))
    .add('stylist', ...stylistLocks(deps, read.storeId, read.stylistId, planCells(stylistCells(read), noCells), appointmentId))
    .add('customer', ...customerLocks(deps, read.customerId, planCells(customerCells(read), noCells), appointmentId))
    .add('daily', dailyCount(deps, read.customerId, read.storeId, read.localDate, -1))
    .add('other', timelineEntry(deps, read, 'appointment.cancelled', summaryOf(read, 'cancelled')))
    .add('other', appointmentEvent(deps, appointmentEvents.cancelled, { ...appointmentDetail(cancelled), cancelledBy: actor.kind }))
    .add('other', await agentAudit(deps, actor, 'appointment.cancel', read));
  await commit(deps, tx);
  return toAppointment(cancelled);
}

type RescheduleCommand = {
  start: string;
  /** Defaults to the appointment's stylist; "any" lets the store pick. */
  stylistId?: string;
};

/**
 * Reschedule: the new slot is secured before the old one is released, in one transaction.
 * 1. Read the appointment (someone else's is not found); the cut-off rules.
 * 2. Read the store's catalogue and its bookings around the new start (in parallel).
 * 3. Decide: the stylist(s), the start against grid, notice and horizon (invalid,
 *    naming the field); a move to where it already is answers as it is. The booking keeps its own
 *    duration and buffer (the service may have changed since).
 * 4. For each free stylist until one commits: the appointment (version-conditioned), its
 *    marker, the new cells claimed and the old released (stylist and customer), the daily
 *    counters of both dates, the timeline entry, the event and an agent's audit entry. Nobody free: a conflict with the
 *    nearest alternatives, and nothing has changed.
 */
export async function reschedule(deps: Deps, appointmentId: string, command: RescheduleCommand, actor: Actor): Promise<Appointment> {
  const read = mayChange(actor, await getAppointment(deps, appointmentId), appointmentId);
  const nowDate = deps.clock.now();
  const now = nowDate.getTime();
  const byStore = !byCustomerRules(actor);
  const audit = await agentAudit(deps, actor, 'appointment.reschedule', read);
  checkReschedule(read, !byStore, now);
  const [catalogue, around] = await Promise.all([requireCatalogue(deps, read.storeId), bookingsAround(deps, read.storeId, command.start)]);
  const zone = catalogue.store.timeZone;
  const shape = shapeOf(read);
  const service = catalogue.services.get(read.serviceId) ?? { name: read.serviceName, stylistIds: [read.stylistId] };
  const choice = command.stylistId ?? read.stylistId;
  const candidates = stylistsFor(catalogue, service, choice);
  const t = checkStart(catalogue, command.start, now, byStore);
  if (staysPut(read, t, choice)) return toAppointment(read); // a retried reschedule changes nothing
  const localDate = localDateOf(t, zone);
  const at = nowDate.toISOString();
  const from = isoInZone(Date.parse(read.start), zone);

  return claimSlot(
    deps,
    { catalogue, shape, candidates, now, walkIn: byStore, moving: appointmentId },
    t,
    within(around, localDayBounds(localDate, zone)),
    'No stylist is free at that time.',
    (stylist) => {
      const changes = {
        stylistId: stylist.stylistId,
        stylistName: stylist.name,
        ...timesAt(t, shape),
        localDate,
        updatedAt: at,
      };
      const next: AppointmentRecord = { ...read, ...changes, version: read.version + 1 };
      const { storeId, customerId } = read;
      const tx = new Tx<WriteLabel>().add('appointment', appointmentUpdate(deps, read, changes)).add('other', markerPut(deps, next));
      // The new cells are claimed and the old ones released in this same transaction.
      if (stylist.stylistId === read.stylistId) {
        tx.add('stylist', ...stylistLocks(deps, storeId, read.stylistId, planCells(stylistCells(read), stylistCells(next)), appointmentId));
      } else {
        tx.add('stylist', ...stylistLocks(deps, storeId, stylist.stylistId, planCells(noCells, stylistCells(next)), appointmentId));
        tx.add('other', ...stylistLocks(deps, storeId, read.stylistId, planCells(stylistCells(read), noCells), appointmentId));
      }
      tx.add('customer', ...customerLocks(deps, customerId, planCells(customerCells(read), customerCells(next)), appointmentId));
      if (localDate !== read.localDate) {
        tx.add('daily', dailyCount(deps, customerId, storeId, localDate, 1, catalogue.policy.maxPerCustomerPerDay));
        tx.add('other', dailyCount(deps, customerId, storeId, read.localDate, -1));
      }
      tx.add(
        'other',
        timelineEntry(deps, next, 'appointment.rescheduled', summaryOf(next, `moved from ${from.slice(0, 10)} ${from.slice(11, 16)}`)),
      );
      tx.add(
        'other',
        appointmentEvent(deps, appointmentEvents.rescheduled, {
          ...appointmentDetail(next),
          previousStart: read.start,
          previousStylistId: read.stylistId,
        }),
      );
      tx.add('other', audit);
      return { tx, result: toAppointment(next) };
    },
  );
}

type Outcome = Extract<AppointmentStatus, 'completed' | 'no_show'>;

/**
 * Completed or no-show, set by the store once the appointment has started; its time stays used.
 * 1. Read the appointment; only the store's staff.
 * 2. Decide: already so answers as it is; only a booked appointment that has started.
 * 3. One transaction: the appointment (version-conditioned), the timeline entry and the event.
 */
export async function markOutcome(deps: Deps, appointmentId: string, status: Outcome, actor: Actor): Promise<Appointment> {
  const read = mayChange(actor, await getAppointment(deps, appointmentId), appointmentId, 'store');
  const nowDate = deps.clock.now();
  if (!checkOutcome(read, status, nowDate.getTime())) return toAppointment(read);
  const at = nowDate.toISOString();
  const next: AppointmentRecord = { ...read, status, updatedAt: at, version: read.version + 1 };
  const tx = new Tx<WriteLabel>()
    .add('appointment', appointmentUpdate(deps, read, { status, updatedAt: at }))
    .add(
      'other',
      timelineEntry(deps, read, `appointment.${status}`, summaryOf(read, status === 'completed' ? 'completed' : 'missed (no-show)')),
    )
    .add(
      'other',
      appointmentEvent(deps, status === 'completed' ? appointmentEvents.completed : appointmentEvents.noShow, appointmentDetail(next)),
    );
  await commit(deps, tx);
  return toAppointment(next);
}

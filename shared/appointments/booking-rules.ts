// Rules: the booking decisions — which service and stylists a request means, whether a
// start may be booked, who may still cancel or move an appointment, which free stylist
// takes a booking (the least busy first), which alternatives a refusal offers, and which
// busy cells a change claims and releases. Pure: no I/O; `now` is passed in.

import { type Actor, assertStoreAccess } from '../platform/actor.ts';
import { type DomainError, fail } from '../runtime/errors.ts';
import type { Store } from '../stores/index.ts';
import type { Service, Stylist } from './catalogue-schemas.ts';
import {
  ANY_STYLIST,
  type Appointment,
  type AppointmentRecord,
  type AppointmentStatus,
  type BookingPolicy,
  MAX_SEARCH_DAYS,
} from './schemas.ts';
import {
  type Busy,
  bookableWindow,
  busyCells,
  computeSlots,
  formatInZone,
  isOnGrid,
  isoInZone,
  localDayBounds,
  type Slot,
  type Span,
  type StylistSchedule,
} from './slots.ts';

const MIN = 60_000;
const DAY = 86_400_000;
/** How many other starts a refused booking offers. */
const ALTERNATIVES = 5;

/** A store's booking catalogue: the store, its policy, its services and stylists. */
export type Catalogue = { store: Store; policy: BookingPolicy; services: Map<string, Service>; stylists: Map<string, Stylist> };

/** How long a booking occupies its stylist: the appointment, then the clean-up buffer. */
type Shape = Pick<Service, 'durationMinutes' | 'bufferAfterMinutes'>;

/** What a slot search needs of a booking (its marker, or the appointment itself). */
export type Booked = Pick<AppointmentRecord, 'appointmentId' | 'stylistId' | 'start' | 'busyUntil'>;

// ── what a request means ─────────────────────────────────────────────────────────────

/** The service, if the store offers it; else invalid, naming `serviceId`. */
export function serviceFor(catalogue: Catalogue, serviceId: string): Service {
  const service = catalogue.services.get(serviceId);
  if (!service?.active) {
    throw fail.invalid([{ path: 'serviceId', message: `No service ${serviceId} is offered in store ${catalogue.store.storeId}.` }]);
  }
  return service;
}

/** Whether a store books the service and has an active stylist for it (the nearby slot search keeps only these). */
export const offersService = (catalogue: Catalogue, serviceId: string) => {
  const service = catalogue.services.get(serviceId);
  return Boolean(service?.active && service.stylistIds.some((id) => catalogue.stylists.get(id)?.active));
};

/** The stylists who may take the service: the one named (checked), or every active one for "any". */
export function stylistsFor(catalogue: Catalogue, service: Pick<Service, 'name' | 'stylistIds'>, stylistId: string | undefined): Stylist[] {
  if (stylistId === undefined || stylistId === ANY_STYLIST) {
    return service.stylistIds.flatMap((id) => {
      const s = catalogue.stylists.get(id);
      return s?.active ? [s] : [];
    });
  }
  const stylist = catalogue.stylists.get(stylistId);
  const refuse = (message: string) => fail.invalid([{ path: 'stylistId', message }]);
  if (!stylist?.active) throw refuse(`No stylist ${stylistId} in store ${catalogue.store.storeId}.`);
  if (!service.stylistIds.includes(stylistId)) throw refuse(`${stylist.name} does not offer ${service.name}.`);
  return [stylist];
}

/** A slot search's range: a date means that store day's start (`from`) or end (`to`); at most 90 days. */
export function searchRange(from: string, to: string, timeZone: string): Span {
  const bound = (value: string, edge: 'start' | 'end') => (value.length === 10 ? localDayBounds(value, timeZone)[edge] : Date.parse(value));
  const range = { start: bound(from, 'start'), end: bound(to, 'end') };
  if (range.end <= range.start) throw fail.invalid([{ path: 'to', message: 'Must be after from.' }]);
  // 90 calendar days, which may be an hour longer across a DST change.
  if (range.end - range.start > MAX_SEARCH_DAYS * DAY + 3_600_000) {
    throw fail.invalid([{ path: 'to', message: `Search at most ${MAX_SEARCH_DAYS} days at a time.` }]);
  }
  return range;
}

/**
 * A requested start checked against the store's slot grid, the clock (a walk-in may start
 * in the running slot; a customer books with the minimum notice) and the horizon; invalid,
 * naming `start` otherwise.
 */
export function checkStart(catalogue: Pick<Catalogue, 'store' | 'policy'>, startIso: string, now: number, walkIn: boolean): number {
  const { policy, store } = catalogue;
  const t = Date.parse(startIso);
  const refuse = (message: string) => fail.invalid([{ path: 'start', message }]);
  if (!isOnGrid(t, store.timeZone, policy.slotIntervalMinutes)) {
    throw refuse(
      `Not on this store's ${policy.slotIntervalMinutes}-minute slot grid (local times a whole number of slots after midnight).`,
    );
  }
  const window = bookableWindow(policy, now, walkIn);
  if (walkIn ? t < window.earliest : t < now) throw refuse('Is in the past.');
  if (t < window.earliest) throw refuse(`Book at least ${policy.minNoticeMinutes} minutes ahead.`);
  if (t > window.latest) throw refuse(`Is beyond the ${policy.maxHorizonDays}-day booking horizon.`);
  return t;
}

// ── who may change an appointment, and until when ─────────────────────────────────────

/**
 * The appointment, if this actor may act on it: a customer on their own (someone else's
 * reads as not found: no existence leak), store staff on their store's (`store`: staff only).
 */
export function mayChange(
  actor: Actor,
  record: AppointmentRecord | undefined,
  appointmentId: string,
  who: 'customer-or-store' | 'store' = 'customer-or-store',
): AppointmentRecord {
  if (!record || (actor.kind === 'customer' && record.customerId !== actor.customerId)) {
    throw fail.notFound(`You have no appointment ${appointmentId}.`);
  }
  // A contact-center agent reaches every customer's appointments, to cancel and reschedule for them.
  if (actor.kind === 'agent' && who === 'customer-or-store') return record;
  if (actor.kind !== 'customer' || who === 'store') assertStoreAccess(actor, record.storeId, { integrations: false });
  return record;
}

/** The customer's cut-offs and notice apply to the customer and to an agent acting for them; the store's staff go by the store's. */
export const byCustomerRules = (actor: Actor) => actor.kind === 'customer' || actor.kind === 'agent';

/** What cancelling and rescheduling say, and which of the booking's cut-offs each has. */
const changes = {
  cancel: {
    done: 'cancelled',
    code: 'cancellation',
    cutoff: (r: AppointmentRecord) => r.policy.cancellationCutoffMinutes,
    started: 'This appointment has already started; mark it completed or a no-show instead.',
    notBooked: 'not-cancellable',
  },
  reschedule: {
    done: 'rescheduled',
    code: 'reschedule',
    cutoff: (r: AppointmentRecord) => r.policy.rescheduleCutoffMinutes,
    started: 'This appointment has already started.',
    notBooked: 'not-reschedulable',
  },
};

/** Only a booked appointment that has not started; customers only until the booking's own cut-off. */
function checkInTime(record: AppointmentRecord, change: keyof typeof changes, byCustomer: boolean, now: number): void {
  const c = changes[change];
  if (record.status !== 'booked') throw fail.conflict(`This appointment is ${record.status}; it cannot be ${c.done}.`, c.notBooked);
  const start = Date.parse(record.start);
  if (now >= start) throw fail.conflict(c.started, 'already-started');
  const cutoff = c.cutoff(record);
  if (byCustomer && now > start - cutoff * MIN) {
    throw fail.conflict(
      `Appointments can be ${c.done} up to ${cutoff} minutes before they start; please call the store.`,
      `${c.code}-cutoff-passed`,
    );
  }
}

/**
 * Whether a cancel has anything to do (false: already cancelled, a retry). Customers cancel
 * until the booking's own cut-off, the store until it starts.
 */
export function checkCancel(record: AppointmentRecord, byCustomer: boolean, now: number): boolean {
  if (record.status === 'cancelled') return false;
  checkInTime(record, 'cancel', byCustomer, now);
  return true;
}

/** Customers move a booking until its own reschedule cut-off, the store until it starts. */
export const checkReschedule = (record: AppointmentRecord, byCustomer: boolean, now: number): void =>
  checkInTime(record, 'reschedule', byCustomer, now);

/** A move to where the appointment already is (same start, same or any stylist) changes nothing: a retry. */
export const staysPut = (record: AppointmentRecord, t: number, stylistChoice: string) =>
  t === Date.parse(record.start) && (stylistChoice === record.stylistId || stylistChoice === ANY_STYLIST);

/** Whether marking an outcome has anything to do (false: already so). Only a booking that has started. */
export function checkOutcome(record: AppointmentRecord, status: Extract<AppointmentStatus, 'completed' | 'no_show'>, now: number): boolean {
  if (record.status === status) return false;
  if (record.status !== 'booked') throw fail.conflict(`This appointment is ${record.status}.`, 'not-booked');
  if (now < Date.parse(record.start)) throw fail.conflict('This appointment has not started yet.', 'not-started');
  return true;
}

// ── free time: who is free, which stylist takes it, what else to offer ─────────────────

/** What a booking looks for a slot with. */
export type SlotRequest = {
  catalogue: Catalogue;
  shape: Shape;
  candidates: Stylist[];
  now: number;
  walkIn: boolean;
  /** The appointment being moved: its own time does not count as busy. */
  moving?: string;
};

const scheduleOf = (s: Stylist): StylistSchedule => ({
  stylistId: s.stylistId,
  weeklyHours: s.weeklyHours,
  breaks: s.breaks,
  exceptions: s.exceptions,
});

const toBusy = (booked: Booked[], exceptId?: string): Busy[] =>
  booked
    .filter((b) => b.appointmentId !== exceptId)
    .map((b) => ({ stylistId: b.stylistId, start: Date.parse(b.start), end: Date.parse(b.busyUntil) }));

/** The bookings that occupy any of a span. */
export const within = <B extends Booked>(booked: B[], span: Span) =>
  booked.filter((b) => Date.parse(b.busyUntil) > span.start && Date.parse(b.start) < span.end);

/** Free starts in [from, to) for the request's candidates, given what is booked. */
export function slotsIn(req: SlotRequest, booked: Booked[], from: number, to: number): Slot[] {
  return computeSlots({
    store: req.catalogue.store,
    rules: req.catalogue.policy,
    durationMinutes: req.shape.durationMinutes,
    bufferAfterMinutes: req.shape.bufferAfterMinutes,
    stylists: req.candidates.map(scheduleOf),
    busy: toBusy(booked, req.moving),
    now: req.now,
    from,
    to,
    walkIn: req.walkIn,
  });
}

/**
 * The candidates free at `t`, least busy that day first (fewest bookings), ties in the
 * order `tieBreak` gives (random by default, so parallel "any stylist" bookings spread
 * over the stylists instead of all racing for the first).
 */
export function freeStylists(req: SlotRequest, t: number, dayBookings: Booked[], tieBreak: () => number = Math.random): Stylist[] {
  const [slot] = slotsIn(req, dayBookings, t, t + 1);
  const free = new Set(slot?.start === t ? slot.stylistIds : []);
  const load = new Map<string, number>();
  for (const b of toBusy(dayBookings, req.moving)) load.set(b.stylistId, (load.get(b.stylistId) ?? 0) + 1);
  return req.candidates
    .filter((c) => free.has(c.stylistId))
    .map((c) => ({ c, load: load.get(c.stylistId) ?? 0, tie: tieBreak() }))
    .sort((a, b) => a.load - b.load || a.tie - b.tie)
    .map((x) => x.c);
}

/** Where a refusal looks for other starts: from the day before to a week after. */
export const alternativesWindow = (t: number): Span => ({ start: t - DAY, end: t + 7 * DAY });

/** The free starts nearest to the refused one (not it), in start order. */
export function nearestAlternatives(slots: Slot[], t: number, count = ALTERNATIVES) {
  return slots
    .filter((s) => s.start !== t)
    .sort((a, b) => Math.abs(a.start - t) - Math.abs(b.start - t) || a.start - b.start)
    .slice(0, count)
    .sort((a, b) => a.start - b.start)
    .map((s) => ({ start: formatInZone(s.start, s.offsetMinutes), stylistIds: s.stylistIds }));
}

/** The instants a booking at `t` holds: the appointment's start and end, and its stylist's busy-until (UTC ISO). */
export const timesAt = (t: number, shape: Shape) => ({
  start: new Date(t).toISOString(),
  end: new Date(t + shape.durationMinutes * MIN).toISOString(),
  busyUntil: new Date(t + (shape.durationMinutes + shape.bufferAfterMinutes) * MIN).toISOString(),
});

/** A booking's own shape, as booked (its service may have changed since). */
export const shapeOf = (r: Pick<AppointmentRecord, 'start' | 'end' | 'busyUntil'>): Shape => ({
  durationMinutes: (Date.parse(r.end) - Date.parse(r.start)) / MIN,
  bufferAfterMinutes: (Date.parse(r.busyUntil) - Date.parse(r.end)) / MIN,
});

/** Labels of a booking transaction's items, to read which condition refused it. */
export type WriteLabel = 'appointment' | 'stylist' | 'customer' | 'daily' | 'idempotency' | 'other';

export const changedMeanwhile = () => fail.conflict('This appointment was changed meanwhile; reload and retry.');

/**
 * Why a booking's (or a move's) transaction was refused, from the items whose condition
 * failed: the appointment changed meanwhile, the customer's own overlap, the daily cap; or
 * 'next-stylist' when only the stylist's time was taken (another free stylist may take it).
 */
export function writeRefusal(
  failed: ReadonlySet<WriteLabel>,
  policy: BookingPolicy,
  moving: boolean,
): DomainError | 'next-stylist' | undefined {
  if (failed.has('appointment')) return changedMeanwhile();
  if (failed.has('customer')) {
    return fail.conflict(`You already have ${moving ? 'another' : 'an'} appointment at that time.`, 'customer-overlap');
  }
  if (failed.has('daily')) {
    return fail.conflict(`This store takes at most ${policy.maxPerCustomerPerDay} appointments per customer a day.`, 'daily-limit');
  }
  return failed.has('stylist') ? 'next-stylist' : undefined;
}

export const slotTaken = (detail: string, alternatives: ReturnType<typeof nearestAlternatives>) =>
  fail.conflict(detail, 'slot-unavailable', { alternatives });

// ── busy cells ─────────────────────────────────────────────────────────────────────────

/** The cells to claim and release on one UTC day's lock item. */
export type CellPlan = { date: string; claim: string[]; release: string[] };

/** The stylist is busy for the appointment and its buffer; the customer for the appointment only. */
export const stylistCells = (a: Pick<AppointmentRecord, 'start' | 'busyUntil'>) => busyCells(Date.parse(a.start), Date.parse(a.busyUntil));
export const customerCells = (a: Pick<AppointmentRecord, 'start' | 'end'>) => busyCells(Date.parse(a.start), Date.parse(a.end));
export const noCells = new Map<string, string[]>();

/**
 * What to claim and release on each day's lock item to move from `before` to `after`
 * cells, by date: cells held in both stay as they are (they are already ours).
 */
export function planCells(before: Map<string, string[]>, after: Map<string, string[]>): CellPlan[] {
  const dates = new Set([...before.keys(), ...after.keys()]);
  return [...dates].sort().flatMap((date) => {
    const old = new Set(before.get(date) ?? []);
    const next = new Set(after.get(date) ?? []);
    const claim = [...next].filter((c) => !old.has(c));
    const release = [...old].filter((c) => !next.has(c));
    return claim.length || release.length ? [{ date, claim, release }] : [];
  });
}

// ── what clients and the timeline see ───────────────────────────────────────────────────

/** The appointment as the API shows it: times in the store's zone with its offset. */
export function toAppointment(record: AppointmentRecord): Appointment {
  const zone = record.timeZone;
  return {
    appointmentId: record.appointmentId,
    storeId: record.storeId,
    serviceId: record.serviceId,
    serviceName: record.serviceName,
    stylistId: record.stylistId,
    stylistName: record.stylistName,
    customerId: record.customerId,
    start: isoInZone(Date.parse(record.start), zone),
    end: isoInZone(Date.parse(record.end), zone),
    timeZone: zone,
    status: record.status,
    price: record.price,
    ...(record.notes ? { notes: record.notes } : {}),
    policy: record.policy,
    bookedBy: record.bookedBy,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** "Trim with Eva booked for 2026-11-25 10:00" (the store's local time). */
export function summaryOf(record: Pick<AppointmentRecord, 'start' | 'timeZone' | 'serviceName' | 'stylistName'>, verb: string): string {
  const local = isoInZone(Date.parse(record.start), record.timeZone);
  return `${record.serviceName} with ${record.stylistName} ${verb} for ${local.slice(0, 10)} ${local.slice(11, 16)}`;
}

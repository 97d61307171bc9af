// Repository: the appointments module's items — the booking catalogue in the store's
// partition, appointments with their lean markers (GSI2) and the customer's index (GSI1),
// and the busy-cell locks and daily counters that go into the same transactions. It reads,
// maps items to records and builds transaction items; it decides nothing.
//
// Why a booking can never be double-booked: every booking, in the same TransactWriteItems
// as the appointment item, claims one attribute per 5-minute cell it occupies
// (appointment + buffer) on the stylist's lock item for that UTC day, each with
// attribute_not_exists. Two bookings that overlap share a cell, so DynamoDB lets at most
// one of the transactions commit, whatever the concurrency. The customer's own cells
// (appointment only) are claimed the same way, so a customer never holds two overlapping
// appointments, and a per-store-per-day counter with a `< max` condition caps daily
// bookings. Cancel releases the same cells in one transaction; reschedule claims the new
// cells and releases the old ones in one transaction (new slot secured or nothing changes).
// Cells are packed per stylist-day (not one item per cell) so even a 6-hour appointment
// plus its buffer stays one Update, and a reschedule stays far below the 100-item limit.
//
// Reads never look at the locks: a slot search reads the store's lean appointment markers
// (GSI2, one Query for the whole range) and the catalogue (one Query); the locks are the
// arbiter only when writing, so a stale read can at worst offer a slot that then answers 409.

import type { EventType } from '../platform/events.ts';
import { outboxPut } from '../platform/outbox.ts';
import { timelinePut } from '../platform/timeline.ts';
import type { Deps } from '../runtime/deps.ts';
import { type NativeAttributeValue, QueryCommand } from '../runtime/dynamodb.ts';
import { storeFromItem } from '../stores/index.ts';
import { batchGet } from '../table/batch.ts';
import { epochSeconds, fromItem, type Stored, toItem } from '../table/item.ts';
import { keys } from '../table/keys.ts';
import { getItem, queryAll, queryPage } from '../table/query.ts';
import { type TransactItem, Tx } from '../table/transact.ts';
import { updateParts } from '../table/update.ts';
import { type Booked, type Catalogue, type CellPlan, within } from './booking-rules.ts';
import type { Service, Stylist } from './catalogue-schemas.ts';
import { type AppointmentRecord, type BookingPolicy, defaultPolicy, MAX_OCCUPIED_MINUTES } from './schemas.ts';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Lock and counter items outlive their day by this much, then TTL removes them. */
const LOCK_TTL_DAYS = 2;

type PolicyRecord = BookingPolicy & { storeId: string; updatedAt: string };
type AppointmentItem = Stored<'appointment', AppointmentRecord>;
/** Only what the keys do not already hold: the start and id are in GSI2SK. */
type MarkerItem = Stored<'appointmentMarker', Pick<Booked, 'stylistId' | 'busyUntil'>>;
type StylistItem = Stored<'stylist', Stylist>;
type ServiceItem = Stored<'appointmentService', Service>;
type PolicyItem = Stored<'bookingPolicy', PolicyRecord>;

// ── the catalogue: one Query over the store's partition ───────────────────────────────

/** The store, its policy, services and stylists in one Query (they share the store partition). */
export async function loadCatalogue(deps: Deps, storeId: string): Promise<Catalogue | undefined> {
  const storeKey = keys.store(storeId);
  const items = await queryAll(deps, {
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :store AND :last',
    ExpressionAttributeValues: { ':pk': storeKey.PK, ':store': storeKey.SK, ':last': `${keys.appointmentCatalogPrefix}~` },
  });
  const storeItem = items.find((i) => i.SK === storeKey.SK);
  if (!storeItem) return undefined;
  const catalogue: Catalogue = { store: storeFromItem(storeItem), policy: defaultPolicy, services: new Map(), stylists: new Map() };
  for (const item of items) {
    if (item.entity === 'bookingPolicy') {
      const { storeId: _s, updatedAt: _u, ...policy } = fromItem<PolicyRecord>(item);
      catalogue.policy = { ...defaultPolicy, ...policy };
    } else if (item.entity === 'appointmentService') {
      const service = fromItem<Service>(item);
      catalogue.services.set(service.serviceId, service);
    } else if (item.entity === 'stylist') {
      const stylist = fromItem<Stylist>(item);
      catalogue.stylists.set(stylist.stylistId, stylist);
    }
  }
  return catalogue;
}

export const stylistItem = (s: Stylist): StylistItem => toItem('stylist', keys.stylist(s.storeId, s.stylistId), s);
export const serviceItem = (s: Service): ServiceItem => toItem('appointmentService', keys.appointmentService(s.storeId, s.serviceId), s);
export const policyItem = (p: PolicyRecord): PolicyItem => toItem('bookingPolicy', keys.bookingPolicy(p.storeId), p);

/** Writes one catalogue item if its store exists (a condition, not a read); false when it does not. */
export async function putInStore(deps: Deps, storeId: string, item: StylistItem | ServiceItem | PolicyItem): Promise<boolean> {
  const tx = new Tx<'store' | 'item'>()
    .add('store', { ConditionCheck: { TableName: deps.tableName, Key: keys.store(storeId), ConditionExpression: 'attribute_exists(PK)' } })
    .add('item', { Put: { TableName: deps.tableName, Item: item } });
  try {
    await tx.write(deps);
    return true;
  } catch (error) {
    if (tx.failed(error)?.has('store')) return false;
    throw error;
  }
}

/** Which of these stylist ids the store has (one BatchGetItem). */
export async function knownStylists(deps: Deps, storeId: string, stylistIds: string[]): Promise<Set<string>> {
  const found = await batchGet(
    deps,
    [...new Set(stylistIds)].map((id) => keys.stylist(storeId, id)),
  );
  return new Set(found.map((i) => fromItem<Stylist>(i).stylistId));
}

// ── the store's bookings: markers on GSI2 ─────────────────────────────────────────────

/** The store's live bookings that occupy any of [from, to): one (paginated) Query on GSI2. */
export async function storeBookings(deps: Deps, storeId: string, from: number, to: number): Promise<Booked[]> {
  const items = await queryAll(deps, {
    IndexName: 'GSI2',
    KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': keys.storeAppointment(storeId, '', '').GSI2PK,
      // Sorted by start: look back the longest a booking can last.
      ':from': new Date(from - MAX_OCCUPIED_MINUTES * MIN).toISOString(),
      ':to': `${new Date(to).toISOString()}~`,
    },
  });
  return within(
    items.map((i) => ({ ...keys.storeAppointmentOf(i.GSI2SK), ...fromItem<Pick<Booked, 'stylistId' | 'busyUntil'>>(i) })),
    { start: from, end: to },
  );
}

/**
 * The bookings around a requested start, read before the store's time zone is known (in
 * parallel with the catalogue): ±36 hours covers that start's local day in any zone.
 */
export function bookingsAround(deps: Deps, storeId: string, startIso: string): Promise<Booked[]> {
  const t = Date.parse(startIso);
  return Number.isNaN(t) ? Promise.resolve([]) : storeBookings(deps, storeId, t - 36 * HOUR, t + 36 * HOUR);
}

// ── appointments ──────────────────────────────────────────────────────────────────────

/** One appointment, strongly consistent (a caller acts on what it reads). */
export async function getAppointment(deps: Deps, appointmentId: string): Promise<AppointmentRecord | undefined> {
  const item = await getItem(deps, keys.appointment(appointmentId));
  return item && fromItem<AppointmentRecord>(item);
}

/** Appointments by id (one BatchGetItem per 100). */
export async function getAppointments(deps: Deps, appointmentIds: string[]): Promise<AppointmentRecord[]> {
  const items = await batchGet(
    deps,
    appointmentIds.map((id) => keys.appointment(id)),
  );
  return items.map((i) => fromItem<AppointmentRecord>(i));
}

// ── the customer's appointments: GSI1, in start order ──────────────────────────────────

/** The customer index's sort key at an instant (APPT#<start UTC ISO>…). */
const indexAt = (startIso: string) => `${keys.customerAppointmentPrefix}${startIso}`;

/** One page of the customer's appointments from `pivotIso` on (forwards) or up to it (backwards, latest first). */
export async function customerAppointmentPage(
  deps: Deps,
  customerId: string,
  direction: 'forwards' | 'backwards',
  pivotIso: string,
  page: { limit: number; cursor?: string },
) {
  const pk = keys.customerPartition(customerId);
  const [from, to] = direction === 'forwards' ? [indexAt(pivotIso), indexAt('~')] : [indexAt(''), indexAt(pivotIso)];
  const found = await queryPage(
    deps,
    {
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to },
      ScanIndexForward: direction === 'forwards',
    },
    { partition: pk, index: 'GSI1' },
    page,
  );
  return { items: found.items.map((i) => fromItem<AppointmentRecord>(i)), nextCursor: found.nextCursor };
}

/** The customer's booked appointments starting from `fromIso` on (every page: a customer has few). */
export async function bookedFrom(deps: Deps, customerId: string, fromIso: string): Promise<AppointmentRecord[]> {
  const items = await queryAll(deps, {
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK >= :from',
    FilterExpression: '#status = :booked',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':pk': keys.customerPartition(customerId), ':from': indexAt(fromIso), ':booked': 'booked' },
  });
  return items.filter((i) => typeof i.appointmentId === 'string').map((i) => fromItem<AppointmentRecord>(i));
}

/** At most `limit` entries of the customer's index starting from `from` on, in start order (one Query). */
export async function customerIndexFrom(deps: Deps, customerId: string, from: Date, limit: number) {
  const { items } = await queryPage(
    deps,
    {
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': keys.customerPartition(customerId),
        ':from': indexAt(from.toISOString()),
        ':to': indexAt('\uffff'),
      },
    },
    { partition: keys.customerPartition(customerId), index: 'GSI1' },
    { limit },
  );
  // An entry's start: its own field, else the instant in its index key (APPT#<start>#<id>).
  return items.map((i) => ({
    ...fromItem<AppointmentRecord>(i),
    start: (i.start as string | undefined) ?? String(i.GSI1SK).split('#')[1]!,
  }));
}

/**
 * Whether the customer has a booked appointment at this store starting within [start, end]:
 * one COUNT Query on the customer's index.
 */
export async function hasAppointmentBetween(deps: Deps, customerId: string, storeId: string, start: Date, end: Date): Promise<boolean> {
  const res = await deps.db.send(
    new QueryCommand({
      TableName: deps.tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to',
      FilterExpression: '#status = :booked AND storeId = :store',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':pk': keys.customerPartition(customerId),
        ':from': indexAt(start.toISOString()),
        ':to': indexAt(end.toISOString()),
        ':booked': 'booked',
        ':store': storeId,
      },
      Select: 'COUNT',
    }),
  );
  return (res.Count ?? 0) > 0;
}

// ── transaction items ──────────────────────────────────────────────────────────────────

const appointmentItem = (r: AppointmentRecord): AppointmentItem =>
  toItem('appointment', { ...keys.appointment(r.appointmentId), ...keys.customerAppointment(r.customerId, r.start, r.appointmentId) }, r);

/** A new appointment (its id is new: the condition only guards against a reused one). */
export const appointmentPut = (deps: Deps, record: AppointmentRecord): TransactItem => ({
  Put: { TableName: deps.tableName, Item: appointmentItem(record), ConditionExpression: 'attribute_not_exists(PK)' },
});

/**
 * A change to a booked appointment, conditioned on the version it was read at (and on it
 * still being booked): the version is bumped, and a new start moves its customer index entry.
 */
export function appointmentUpdate(deps: Deps, read: AppointmentRecord, changes: Partial<AppointmentRecord>): TransactItem {
  const set: Record<string, NativeAttributeValue> = { ...changes, version: read.version + 1 };
  if (changes.start) set.GSI1SK = keys.customerAppointment(read.customerId, changes.start, read.appointmentId).GSI1SK;
  return {
    Update: {
      TableName: deps.tableName,
      Key: keys.appointment(read.appointmentId),
      ...updateParts({ set, expect: { version: read.version, status: 'booked' } }),
    },
  };
}

/** The marker of an appointment (what a slot search needs, nothing personal), on the store's GSI2. */
export function markerPut(deps: Deps, r: AppointmentRecord): TransactItem {
  const marker: MarkerItem = toItem(
    'appointmentMarker',
    { ...keys.appointmentMarker(r.appointmentId), ...keys.storeAppointment(r.storeId, r.start, r.appointmentId) },
    { stylistId: r.stylistId, busyUntil: r.busyUntil },
  );
  return { Put: { TableName: deps.tableName, Item: marker } };
}

export const markerDelete = (deps: Deps, appointmentId: string): TransactItem => ({
  Delete: { TableName: deps.tableName, Key: keys.appointmentMarker(appointmentId) },
});

const lockExpiry = (utcDate: string) => epochSeconds(Date.parse(`${utcDate}T00:00:00Z`) + (1 + LOCK_TTL_DAYS) * DAY);

/** Claims (each only if free) and releases cells on one day's lock item, an item of entity `busyCells`. */
function lockUpdate(deps: Deps, key: { PK: string; SK: string }, plan: CellPlan, appointmentId: string): TransactItem {
  // Cell names (c0930…) are plain attribute names: no placeholders needed, which keeps
  // 96 conditions inside the 4 KB expression limit.
  const set = ['#entity = :entity', ...plan.claim.map((c) => `${c} = :id`)];
  if (plan.claim.length) set.push('expiresAt = :exp');
  const remove = plan.release.length ? ` REMOVE ${plan.release.join(', ')}` : '';
  return {
    Update: {
      TableName: deps.tableName,
      Key: key,
      UpdateExpression: `SET ${set.join(', ')}${remove}`,
      ExpressionAttributeNames: { '#entity': 'entity' },
      ExpressionAttributeValues: {
        ':entity': 'busyCells',
        ...(plan.claim.length ? { ':id': appointmentId, ':exp': lockExpiry(plan.date) } : {}),
      },
      ...(plan.claim.length ? { ConditionExpression: plan.claim.map((c) => `attribute_not_exists(${c})`).join(' AND ') } : {}),
    },
  };
}

/** The stylist's lock items for these plans (one per UTC day). */
export const stylistLocks = (deps: Deps, storeId: string, stylistId: string, plans: CellPlan[], appointmentId: string) =>
  plans.map((plan) => lockUpdate(deps, keys.stylistBusyDay(storeId, stylistId, plan.date), plan, appointmentId));

/** The customer's lock items for these plans (one per UTC day). */
export const customerLocks = (deps: Deps, customerId: string, plans: CellPlan[], appointmentId: string) =>
  plans.map((plan) => lockUpdate(deps, keys.customerBusyDay(customerId, plan.date), plan, appointmentId));

/**
 * The customer's count of appointments in one store on one local date (entity
 * `appointmentDay`), moved by `delta`; with `max`, only while below it.
 */
export function dailyCount(deps: Deps, customerId: string, storeId: string, localDate: string, delta: 1 | -1, max?: number): TransactItem {
  return {
    Update: {
      TableName: deps.tableName,
      Key: keys.customerAppointmentDay(customerId, storeId, localDate),
      ...updateParts({
        add: { appointments: delta },
        set: { entity: 'appointmentDay', expiresAt: epochSeconds(Date.parse(`${localDate}T00:00:00Z`) + (2 + LOCK_TTL_DAYS) * DAY) },
        ...(max === undefined ? {} : { condition: 'attribute_not_exists(#appointments) OR #appointments < :max', values: { ':max': max } }),
      }),
    },
  };
}

/** An event about one appointment (its subject: `appointment#<id>`), into the outbox. */
export const appointmentEvent = <D extends { appointmentId: string }>(deps: Deps, event: EventType<D>, detail: D): TransactItem =>
  outboxPut(deps, { event, subject: `appointment#${detail.appointmentId}`, detail });

/** The entry on the customer's timeline. */
export const timelineEntry = (deps: Deps, r: AppointmentRecord, type: string, summary: string): TransactItem =>
  timelinePut(deps, r.customerId, { type, summary, ref: { appointmentId: r.appointmentId, storeId: r.storeId } });

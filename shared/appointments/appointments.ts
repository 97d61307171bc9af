// Repository: the appointments context — the booking catalogue (services, stylists,
// policy), bookings, and the busy-cell locks that make a double booking impossible.
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

import { GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { fail } from '../platform/errors.ts';
import { outboxPut } from '../platform/outbox.ts';
import { timelinePut } from '../platform/timeline.ts';
import type { Deps } from '../runtime/deps.ts';
import type { Store } from '../stores/index.ts';
import { storeFromItem } from '../stores/index.ts';
import { batchGet } from '../table/batch.ts';
import { keys } from '../table/keys.ts';
import { queryPage } from '../table/query.ts';
import { failedConditions, type TransactItem, transactWrite } from '../table/transact.ts';
import { appointmentEvents } from './events.ts';
import {
  ANY_STYLIST,
  type Appointment,
  type AppointmentStatus,
  type BookingPolicy,
  defaultPolicy,
  MAX_OCCUPIED_MINUTES,
  MAX_SEARCH_DAYS,
  type Service,
  type Stylist,
} from './schemas.ts';
import {
  type Busy,
  bookableWindow,
  busyCells,
  computeSlots,
  formatInZone,
  isOnGrid,
  isoInZone,
  localDateOf,
  localDayBounds,
  type Slot,
  workingSpans,
} from './slots.ts';

const MIN = 60_000;
const DAY = 86_400_000;
/** Lock and counter items outlive their day by this much, then TTL removes them. */
const LOCK_TTL_DAYS = 2;
const ALTERNATIVES = 5;

// biome-ignore lint/suspicious/noExplicitAny: untyped until the appointments module's items are typed
type Item = Record<string, any>;

// ── the store's booking catalogue: one Query ────────────────────────────────────────

export type BookingSetup = {
  store: Store;
  policy: BookingPolicy;
  services: Map<string, Service>;
  stylists: Map<string, Stylist>;
};

const strip = ({ PK: _pk, SK: _sk, entity: _e, ...rest }: Item) => rest;

/** The store, its policy, services and stylists in one Query (they share the store partition). */
export async function loadBookingSetup(deps: Deps, storeId: string): Promise<BookingSetup | undefined> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const res = await deps.db.send(
      new QueryCommand({
        TableName: deps.tableName,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :store AND :last',
        ExpressionAttributeValues: {
          ':pk': keys.storePartition(storeId),
          ':store': keys.store(storeId).SK,
          ':last': `${keys.appointmentCatalogPrefix}~`,
        },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(res.Items ?? []));
    start = res.LastEvaluatedKey;
  } while (start);
  const storeItem = items.find((i) => i.SK === keys.store(storeId).SK);
  if (!storeItem) return undefined;
  const setup: BookingSetup = { store: storeFromItem(storeItem), policy: defaultPolicy, services: new Map(), stylists: new Map() };
  for (const item of items) {
    if (item.entity === 'bookingPolicy') {
      const { storeId: _s, updatedAt: _u, ...policy } = strip(item);
      setup.policy = { ...defaultPolicy, ...(policy as Partial<BookingPolicy>) };
    }
    if (item.entity === 'appointmentService') setup.services.set(item.serviceId, strip(item) as Service);
    if (item.entity === 'stylist') setup.stylists.set(item.stylistId, strip(item) as Stylist);
  }
  return setup;
}

async function requireSetup(deps: Deps, storeId: string, field?: string): Promise<BookingSetup> {
  const setup = await loadBookingSetup(deps, storeId);
  if (setup) return setup;
  if (field) throw fail.invalid([{ path: field, message: `Store ${storeId} does not exist.` }]);
  throw fail.notFound(`Store ${storeId} does not exist.`);
}

/** Writes one catalogue item, only if the store exists (a condition, not a read). */
async function putCatalogItem(deps: Deps, storeId: string, item: Item): Promise<void> {
  try {
    await transactWrite(deps, [
      { ConditionCheck: { TableName: deps.tableName, Key: keys.store(storeId), ConditionExpression: 'attribute_exists(PK)' } },
      { Put: { TableName: deps.tableName, Item: item } },
    ]);
  } catch (error) {
    if (failedConditions(error)) throw fail.notFound(`Store ${storeId} does not exist.`);
    throw error;
  }
}

export async function putStylist(
  deps: Deps,
  storeId: string,
  stylistId: string,
  body: Omit<Stylist, 'stylistId' | 'storeId' | 'updatedAt'>,
) {
  const stylist: Stylist = { ...body, stylistId, storeId, updatedAt: deps.clock.now().toISOString() };
  await putCatalogItem(deps, storeId, { ...keys.stylist(storeId, stylistId), entity: 'stylist', ...stylist });
  return stylist;
}

export async function putService(
  deps: Deps,
  storeId: string,
  serviceId: string,
  body: Omit<Service, 'serviceId' | 'storeId' | 'updatedAt'>,
) {
  // Stylists are never deleted (only deactivated), so checking they exist is not a race.
  const found = await batchGet(
    deps,
    [...new Set(body.stylistIds)].map((id) => keys.stylist(storeId, id)),
  );
  const known = new Set(found.map((i) => i.stylistId as string));
  const unknown = body.stylistIds.flatMap((id, i) =>
    known.has(id) ? [] : [{ path: `body.stylistIds[${i}]`, message: `No stylist ${id} in store ${storeId}.` }],
  );
  if (unknown.length) throw fail.invalid(unknown);
  const service: Service = {
    ...body,
    stylistIds: [...new Set(body.stylistIds)],
    serviceId,
    storeId,
    updatedAt: deps.clock.now().toISOString(),
  };
  await putCatalogItem(deps, storeId, { ...keys.appointmentService(storeId, serviceId), entity: 'appointmentService', ...service });
  return service;
}

export async function putPolicy(deps: Deps, storeId: string, policy: BookingPolicy) {
  const record = { ...policy, storeId, updatedAt: deps.clock.now().toISOString() };
  await putCatalogItem(deps, storeId, { ...keys.bookingPolicy(storeId), entity: 'bookingPolicy', ...record });
  return record;
}

export async function getCatalog(deps: Deps, storeId: string) {
  const setup = await requireSetup(deps, storeId);
  const services = [...setup.services.values()]
    .filter((s) => s.active)
    .map(({ stylistIds, storeId: _s, updatedAt: _u, ...service }) => ({
      ...service,
      stylists: stylistIds.flatMap((id) => {
        const st = setup.stylists.get(id);
        return st?.active ? [{ stylistId: id, name: st.name }] : [];
      }),
    }));
  return { storeId, timeZone: setup.store.timeZone, policy: setup.policy, services };
}

export async function listStylists(deps: Deps, storeId: string) {
  const setup = await requireSetup(deps, storeId);
  return { items: [...setup.stylists.values()] };
}

// ── reading bookings ─────────────────────────────────────────────────────────────────

async function queryAll(deps: Deps, input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
  const out: Item[] = [];
  let start: Item | undefined;
  do {
    const res = await deps.db.send(new QueryCommand({ TableName: deps.tableName, ...input, ExclusiveStartKey: start }));
    out.push(...(res.Items ?? []));
    start = res.LastEvaluatedKey;
  } while (start);
  return out;
}

/** Markers of the store's live appointments that may occupy any of [from, to): one (paginated) Query on GSI2. */
async function storeAppointments(deps: Deps, storeId: string, from: number, to: number): Promise<Item[]> {
  const lowest = new Date(from - MAX_OCCUPIED_MINUTES * MIN).toISOString();
  const items = await queryAll(deps, {
    IndexName: 'GSI2',
    KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': keys.storeAppointment(storeId, '', '').GSI2PK,
      ':from': lowest,
      ':to': `${new Date(to).toISOString()}~`,
    },
  });
  return items.filter((i) => Date.parse(i.busyUntil) > from && Date.parse(i.start) < to);
}

/**
 * The markers around a requested start, read before the store's time zone is known (in
 * parallel with the catalogue): ±36 hours covers that start's local day in any zone.
 */
function markersAround(deps: Deps, storeId: string, startIso: string): Promise<Item[]> {
  const t = Date.parse(startIso);
  return Number.isNaN(t) ? Promise.resolve([]) : storeAppointments(deps, storeId, t - 36 * 3_600_000, t + 36 * 3_600_000);
}

const onDay = (markers: Item[], day: { start: number; end: number }) =>
  markers.filter((m) => Date.parse(m.busyUntil) > day.start && Date.parse(m.start) < day.end);

/** The marker item for an appointment item (what a slot search needs, nothing personal). */
function markerPut(deps: Deps, item: Item): TransactItem {
  return {
    Put: {
      TableName: deps.tableName,
      Item: {
        ...keys.appointmentMarker(item.appointmentId),
        ...keys.storeAppointment(item.storeId, item.start, item.appointmentId),
        entity: 'appointmentMarker',
        appointmentId: item.appointmentId,
        stylistId: item.stylistId,
        start: item.start,
        busyUntil: item.busyUntil,
      },
    },
  };
}

const markerDelete = (deps: Deps, appointmentId: string): TransactItem => ({
  Delete: { TableName: deps.tableName, Key: keys.appointmentMarker(appointmentId) },
});

const toBusy = (items: Item[], exceptId?: string): Busy[] =>
  items
    .filter((i) => i.appointmentId !== exceptId)
    .map((i) => ({ stylistId: i.stylistId, start: Date.parse(i.start), end: Date.parse(i.busyUntil) }));

const schedulesOf = (stylists: Stylist[]) =>
  stylists.map((s) => ({ stylistId: s.stylistId, weeklyHours: s.weeklyHours, breaks: s.breaks, exceptions: s.exceptions }));

// ── slot search ──────────────────────────────────────────────────────────────────────

export type SlotsQuery = { serviceId: string; from: string; to: string; stylistId?: string };

function parseBound(value: string, timeZone: string, end: boolean): number {
  if (value.length === 10) {
    const day = localDayBounds(value, timeZone);
    return end ? day.end : day.start;
  }
  return Date.parse(value);
}

function serviceOr400(setup: BookingSetup, serviceId: string, field: string): Service {
  const service = setup.services.get(serviceId);
  if (!service?.active)
    throw fail.invalid([{ path: field, message: `No service ${serviceId} is offered in store ${setup.store.storeId}.` }]);
  return service;
}

/** The stylists who may take this service: one named stylist (checked), or every active one. */
function stylistsFor(setup: BookingSetup, service: Service, stylistId: string | undefined, field: string): Stylist[] {
  if (stylistId === undefined || stylistId === ANY_STYLIST) {
    return service.stylistIds.flatMap((id) => {
      const s = setup.stylists.get(id);
      return s?.active ? [s] : [];
    });
  }
  const stylist = setup.stylists.get(stylistId);
  if (!stylist?.active) throw fail.invalid([{ path: field, message: `No stylist ${stylistId} in store ${setup.store.storeId}.` }]);
  if (!service.stylistIds.includes(stylistId)) {
    throw fail.invalid([{ path: field, message: `${stylist.name} does not offer ${service.name}.` }]);
  }
  return [stylist];
}

export async function findSlots(deps: Deps, storeId: string, query: SlotsQuery) {
  const setup = await requireSetup(deps, storeId);
  const zone = setup.store.timeZone;
  const service = serviceOr400(setup, query.serviceId, 'query.serviceId');
  const stylists = stylistsFor(setup, service, query.stylistId, 'query.stylistId');
  const from = parseBound(query.from, zone, false);
  const to = parseBound(query.to, zone, true);
  if (to <= from) throw fail.invalid([{ path: 'query.to', message: 'Must be after from.' }]);
  // 90 calendar days, which may be an hour longer across a DST change.
  if (to - from > MAX_SEARCH_DAYS * DAY + 3_600_000) {
    throw fail.invalid([{ path: 'query.to', message: `Search at most ${MAX_SEARCH_DAYS} days at a time.` }]);
  }
  const busy = stylists.length ? toBusy(await storeAppointments(deps, storeId, from, to + service.durationMinutes * MIN)) : [];
  const slots = computeSlots({
    store: setup.store,
    rules: setup.policy,
    durationMinutes: service.durationMinutes,
    bufferAfterMinutes: service.bufferAfterMinutes,
    stylists: schedulesOf(stylists),
    busy,
    now: deps.clock.now().getTime(),
    from,
    to,
  });
  return {
    storeId,
    serviceId: service.serviceId,
    timeZone: zone,
    from: isoInZone(from, zone),
    to: isoInZone(to, zone),
    durationMinutes: service.durationMinutes,
    stylists: stylists.map((s) => ({ stylistId: s.stylistId, name: s.name })),
    slots: slots.map((s) => ({ start: formatInZone(s.start, s.offsetMinutes), stylistIds: s.stylistIds })),
  };
}

// ── appointments as clients see them ─────────────────────────────────────────────────

export function toAppointment(item: Item): Appointment {
  const zone = item.timeZone as string;
  return {
    appointmentId: item.appointmentId,
    storeId: item.storeId,
    serviceId: item.serviceId,
    serviceName: item.serviceName,
    stylistId: item.stylistId,
    stylistName: item.stylistName,
    customerId: item.customerId,
    start: isoInZone(Date.parse(item.start), zone),
    end: isoInZone(Date.parse(item.end), zone),
    timeZone: zone,
    status: item.status,
    price: item.price,
    ...(item.notes ? { notes: item.notes } : {}),
    policy: item.policy,
    bookedBy: item.bookedBy,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
  };
}

async function getAppointmentItem(deps: Deps, appointmentId: string): Promise<Item | undefined> {
  const res = await deps.db.send(new GetCommand({ TableName: deps.tableName, Key: keys.appointment(appointmentId), ConsistentRead: true }));
  return res.Item;
}

export type Actor = { kind: 'customer'; customerId: string } | { kind: 'staff'; userId: string; assertStore: (storeId: string) => void };

/** The appointment if this actor may act on it; someone else's is "not found" (no existence leak). */
async function appointmentFor(deps: Deps, appointmentId: string, actor: Actor): Promise<Item> {
  const item = await getAppointmentItem(deps, appointmentId);
  if (!item || (actor.kind === 'customer' && item.customerId !== actor.customerId)) {
    throw fail.notFound(`You have no appointment ${appointmentId}.`);
  }
  if (actor.kind === 'staff') actor.assertStore(item.storeId);
  return item;
}

export async function listCustomerAppointments(
  deps: Deps,
  customerId: string,
  options: { when: 'upcoming' | 'past'; limit: number; cursor?: string },
) {
  const pk = keys.customerPartition(customerId);
  const prefix = keys.customerAppointmentPrefix;
  // An appointment counts as upcoming until it ends; the key sorts by start, so look back the longest one.
  const nowIso = deps.clock.now().toISOString();
  const upcoming = options.when === 'upcoming';
  const pivot = upcoming
    ? `${prefix}${new Date(deps.clock.now().getTime() - MAX_OCCUPIED_MINUTES * MIN).toISOString()}`
    : `${prefix}${nowIso}`;
  const found = await queryPage(
    deps,
    {
      KeyConditionExpression: upcoming
        ? 'GSI1PK = :pk AND GSI1SK BETWEEN :pivot AND :end'
        : 'GSI1PK = :pk AND GSI1SK BETWEEN :start AND :pivot',
      ExpressionAttributeValues: upcoming
        ? { ':pk': pk, ':pivot': pivot, ':end': `${prefix}~` }
        : { ':pk': pk, ':start': prefix, ':pivot': pivot },
      ScanIndexForward: upcoming,
    },
    { partition: pk, index: 'GSI1' },
    options,
  );
  const now = deps.clock.now().getTime();
  const items = found.items.filter((i) => (upcoming ? Date.parse(i.end) > now : Date.parse(i.end) <= now)).map(toAppointment);
  return { items, nextCursor: found.nextCursor };
}

// ── lock items ───────────────────────────────────────────────────────────────────────

type LockKey = { PK: string; SK: string };
type CellPlan = { key: LockKey; claim: string[]; release: string[]; expiresAt: number };
type ItemKind = 'appointment' | 'stylist' | 'customer' | 'daily' | 'other';

const epochSeconds = (ms: number) => Math.floor(ms / 1000);
const lockExpiry = (utcDate: string) => epochSeconds(Date.parse(`${utcDate}T00:00:00Z`) + (1 + LOCK_TTL_DAYS) * DAY);

/**
 * What to claim and release on each lock item to move from `before` to `after` cells:
 * cells held in both stay as they are (they are already ours).
 */
function planCells(keyOf: (utcDate: string) => LockKey, before: Map<string, string[]>, after: Map<string, string[]>): CellPlan[] {
  const dates = new Set([...before.keys(), ...after.keys()]);
  return [...dates].sort().flatMap((date) => {
    const old = new Set(before.get(date) ?? []);
    const next = new Set(after.get(date) ?? []);
    const claim = [...next].filter((c) => !old.has(c));
    const release = [...old].filter((c) => !next.has(c));
    return claim.length || release.length ? [{ key: keyOf(date), claim, release, expiresAt: lockExpiry(date) }] : [];
  });
}

function lockUpdate(deps: Deps, plan: CellPlan, appointmentId: string): TransactItem {
  // Cell names (c0930…) are plain attribute names: no placeholders needed, which keeps
  // 96 conditions inside the 4 KB expression limit.
  const set = plan.claim.map((c) => `${c} = :id`);
  if (plan.claim.length) set.push('expiresAt = :exp');
  const expression = [set.length ? `SET ${set.join(', ')}` : '', plan.release.length ? `REMOVE ${plan.release.join(', ')}` : '']
    .filter(Boolean)
    .join(' ');
  return {
    Update: {
      TableName: deps.tableName,
      Key: plan.key,
      UpdateExpression: expression,
      ...(plan.claim.length
        ? {
            ConditionExpression: plan.claim.map((c) => `attribute_not_exists(${c})`).join(' AND '),
            ExpressionAttributeValues: { ':id': appointmentId, ':exp': plan.expiresAt },
          }
        : {}),
    },
  };
}

function dailyUpdate(deps: Deps, customerId: string, storeId: string, localDate: string, delta: 1 | -1, max: number): TransactItem {
  return {
    Update: {
      TableName: deps.tableName,
      Key: keys.customerAppointmentDay(customerId, storeId, localDate),
      UpdateExpression: 'ADD #n :delta SET expiresAt = :exp',
      ...(delta > 0 ? { ConditionExpression: 'attribute_not_exists(#n) OR #n < :max' } : {}),
      ExpressionAttributeNames: { '#n': 'appointments' },
      ExpressionAttributeValues: {
        ':delta': delta,
        ':exp': epochSeconds(Date.parse(`${localDate}T00:00:00Z`) + (2 + LOCK_TTL_DAYS) * DAY),
        ...(delta > 0 ? { ':max': max } : {}),
      },
    },
  };
}

const stylistCells = (item: Item) => busyCells(Date.parse(item.start), Date.parse(item.busyUntil));
const customerCells = (item: Item) => busyCells(Date.parse(item.start), Date.parse(item.end));
const none = new Map<string, string[]>();

class Tx {
  readonly items: TransactItem[] = [];
  readonly kinds: ItemKind[] = [];
  add(kind: ItemKind, item: TransactItem | undefined) {
    if (!item) return;
    this.items.push(item);
    this.kinds.push(kind);
  }
  /** Which kinds of item failed their condition, or undefined if the error was something else. */
  failedKinds(error: unknown): Set<ItemKind> | undefined {
    const failed = failedConditions(error);
    return failed && new Set(failed.map((i) => this.kinds[i] ?? 'other'));
  }
}

// ── booking ──────────────────────────────────────────────────────────────────────────

export type BookingRequest = {
  storeId: string;
  serviceId: string;
  start: string;
  stylistId: string;
  notes?: string;
  customerId: string;
  bookedBy: 'customer' | 'staff';
  /** Field paths for errors: a walk-in's store is in the path, a customer's in the body. */
  fields: { storeId?: string; serviceId: string; start: string; stylistId: string };
};

/** Checks a requested start against the grid, the clock and the horizon; 400 naming the field. */
function checkStart(setup: BookingSetup, startIso: string, field: string, now: number, walkIn: boolean): number {
  const { policy, store } = setup;
  const t = Date.parse(startIso);
  const reject = (message: string) => fail.invalid([{ path: field, message }]);
  if (!isOnGrid(t, store.timeZone, policy.slotIntervalMinutes)) {
    throw reject(
      `Not on this store's ${policy.slotIntervalMinutes}-minute slot grid (local times a whole number of slots after midnight).`,
    );
  }
  const window = bookableWindow(policy, now, walkIn);
  if (walkIn ? t < window.earliest : t < now) throw reject('Is in the past.');
  if (t < window.earliest) throw reject(`Book at least ${policy.minNoticeMinutes} minutes ahead.`);
  if (t > window.latest) throw reject(`Is beyond the ${policy.maxHorizonDays}-day booking horizon.`);
  return t;
}

/** Free stylists at `t` among `candidates`, least busy that day first (ties in random order). */
function freeAt(
  setup: BookingSetup,
  service: { durationMinutes: number; bufferAfterMinutes: number },
  candidates: Stylist[],
  t: number,
  dayItems: Item[],
  now: number,
  walkIn: boolean,
  exceptId?: string,
): Stylist[] {
  const busy = toBusy(dayItems, exceptId);
  const [slot] = computeSlots({
    store: setup.store,
    rules: setup.policy,
    durationMinutes: service.durationMinutes,
    bufferAfterMinutes: service.bufferAfterMinutes,
    stylists: schedulesOf(candidates),
    busy,
    now,
    from: t,
    to: t + 1,
    walkIn,
  });
  const load = new Map<string, number>();
  for (const b of busy) load.set(b.stylistId, (load.get(b.stylistId) ?? 0) + 1);
  const free = new Set(slot?.start === t ? slot.stylistIds : []);
  return candidates
    .filter((c) => free.has(c.stylistId))
    .map((c) => ({ c, load: load.get(c.stylistId) ?? 0, tie: Math.random() }))
    .sort((a, b) => a.load - b.load || a.tie - b.tie)
    .map((x) => x.c);
}

async function alternatives(
  deps: Deps,
  setup: BookingSetup,
  service: { durationMinutes: number; bufferAfterMinutes: number },
  candidates: Stylist[],
  t: number,
  walkIn: boolean,
  exceptId?: string,
) {
  const from = t - DAY;
  const to = t + 7 * DAY;
  const items = await storeAppointments(deps, setup.store.storeId, from, to + service.durationMinutes * MIN);
  const slots = computeSlots({
    store: setup.store,
    rules: setup.policy,
    durationMinutes: service.durationMinutes,
    bufferAfterMinutes: service.bufferAfterMinutes,
    stylists: schedulesOf(candidates),
    busy: toBusy(items, exceptId),
    now: deps.clock.now().getTime(),
    from,
    to,
    walkIn,
  });
  return slots
    .filter((s) => s.start !== t)
    .sort((a, b) => Math.abs(a.start - t) - Math.abs(b.start - t) || a.start - b.start)
    .slice(0, ALTERNATIVES)
    .sort((a, b) => a.start - b.start)
    .map((s: Slot) => ({ start: formatInZone(s.start, s.offsetMinutes), stylistIds: s.stylistIds }));
}

const slotTaken = (detail: string, alternativeSlots: unknown[]) =>
  fail.conflict(detail, 'slot-unavailable', { alternatives: alternativeSlots });

function summaryOf(item: Item, verb: string) {
  const local = isoInZone(Date.parse(item.start), item.timeZone);
  return `${item.serviceName} with ${item.stylistName} ${verb} for ${local.slice(0, 10)} ${local.slice(11, 16)}`;
}

const eventDetail = (item: Item) => ({
  appointmentId: item.appointmentId,
  storeId: item.storeId,
  customerId: item.customerId,
  stylistId: item.stylistId,
  serviceId: item.serviceId,
  start: item.start,
  end: item.end,
  status: item.status,
});

/**
 * Books an appointment.
 * 1. Read the store's catalogue and that day's appointments (two Queries, in parallel).
 * 2. Validate: service, stylist, grid, notice, horizon (400 naming the field).
 * 3. For each free candidate stylist (one, or all for "any"): one TransactWriteItems with
 *    the appointment, the stylist's and the customer's busy cells, the daily counter,
 *    the timeline entry, the outbox event and the idempotency record. A taken cell moves
 *    on to the next candidate; when none is left: 409 with the nearest alternatives.
 */
export async function book(
  deps: Deps,
  req: BookingRequest,
  record: (response: Appointment) => TransactItem | undefined = () => undefined,
): Promise<Appointment> {
  const nowDate = deps.clock.now();
  const now = nowDate.getTime();
  const walkIn = req.bookedBy === 'staff';
  const [setup, around] = await Promise.all([
    requireSetup(deps, req.storeId, req.fields.storeId),
    markersAround(deps, req.storeId, req.start),
  ]);
  const zone = setup.store.timeZone;
  const service = serviceOr400(setup, req.serviceId, req.fields.serviceId);
  const candidates = stylistsFor(setup, service, req.stylistId, req.fields.stylistId);
  const t = checkStart(setup, req.start, req.fields.start, now, walkIn);
  const localDate = localDateOf(t, zone);
  const dayItems = onDay(around, localDayBounds(localDate, zone));
  const free = freeAt(setup, service, candidates, t, dayItems, now, walkIn);
  const anyone = req.stylistId === ANY_STYLIST;
  if (free.length === 0) {
    throw slotTaken(
      anyone ? 'No stylist is free for this service at that time.' : 'That stylist is not free at that time.',
      await alternatives(deps, setup, service, candidates, t, walkIn),
    );
  }

  const appointmentId = ulid(now);
  const startIso = new Date(t).toISOString();
  const end = new Date(t + service.durationMinutes * MIN).toISOString();
  const busyUntil = new Date(t + (service.durationMinutes + service.bufferAfterMinutes) * MIN).toISOString();
  const at = nowDate.toISOString();

  for (const stylist of free) {
    const item: Item = {
      ...keys.appointment(appointmentId),
      ...keys.customerAppointment(req.customerId, startIso, appointmentId),
      entity: 'appointment',
      appointmentId,
      storeId: req.storeId,
      serviceId: service.serviceId,
      serviceName: service.name,
      stylistId: stylist.stylistId,
      stylistName: stylist.name,
      customerId: req.customerId,
      start: startIso,
      end,
      busyUntil,
      localDate,
      timeZone: zone,
      status: 'booked',
      price: service.price,
      ...(req.notes ? { notes: req.notes } : {}),
      policy: {
        cancellationCutoffMinutes: setup.policy.cancellationCutoffMinutes,
        rescheduleCutoffMinutes: setup.policy.rescheduleCutoffMinutes,
      },
      bookedBy: req.bookedBy,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    const response = toAppointment(item);
    const tx = new Tx();
    tx.add('appointment', { Put: { TableName: deps.tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' } });
    tx.add('other', markerPut(deps, item));
    for (const plan of planCells((d) => keys.stylistBusyDay(req.storeId, stylist.stylistId, d), none, stylistCells(item))) {
      tx.add('stylist', lockUpdate(deps, plan, appointmentId));
    }
    for (const plan of planCells((d) => keys.customerBusyDay(req.customerId, d), none, customerCells(item))) {
      tx.add('customer', lockUpdate(deps, plan, appointmentId));
    }
    tx.add('daily', dailyUpdate(deps, req.customerId, req.storeId, localDate, 1, setup.policy.maxPerCustomerPerDay));
    tx.add(
      'other',
      timelinePut(deps, req.customerId, {
        type: 'appointment.booked',
        summary: summaryOf(item, 'booked'),
        ref: { appointmentId, storeId: req.storeId },
      }),
    );
    tx.add(
      'other',
      outboxPut(deps, { event: appointmentEvents.booked, subject: `appointment#${appointmentId}`, detail: eventDetail(item) }),
    );
    const idempotencyIndex = tx.items.length;
    tx.add('other', record(response));
    try {
      await transactWrite(deps, tx.items);
      return response;
    } catch (error) {
      const failed = failedConditions(error);
      if (!failed || failed.includes(idempotencyIndex)) throw error; // idempotent() answers a racing retry
      const kinds = tx.failedKinds(error)!;
      if (kinds.has('customer')) throw fail.conflict('You already have an appointment at that time.', 'customer-overlap');
      if (kinds.has('daily')) {
        throw fail.conflict(
          `This store takes at most ${setup.policy.maxPerCustomerPerDay} appointments per customer a day.`,
          'daily-limit',
        );
      }
      if (!kinds.has('stylist')) throw error;
      // Taken meanwhile: try the next free stylist.
    }
  }
  throw slotTaken('The slot was taken meanwhile.', await alternatives(deps, setup, service, candidates, t, walkIn));
}

// ── cancel, reschedule, complete, no-show ────────────────────────────────────────────

const changedMeanwhile = () => fail.conflict('This appointment was changed meanwhile; reload and retry.');

/** Writes a change to one appointment; its version condition failing means someone else changed it first. */
async function commitChange(deps: Deps, tx: Tx): Promise<void> {
  try {
    await transactWrite(deps, tx.items);
  } catch (error) {
    if (tx.failedKinds(error)?.has('appointment')) throw changedMeanwhile();
    throw error;
  }
}

function versionCondition(item: Item) {
  return {
    ConditionExpression: 'version = :v AND #status = :booked',
    names: { '#status': 'status' },
    values: { ':v': item.version, ':booked': 'booked' },
  };
}

export async function cancel(deps: Deps, appointmentId: string, actor: Actor): Promise<Appointment> {
  const item = await appointmentFor(deps, appointmentId, actor);
  if (item.status === 'cancelled') return toAppointment(item); // a retried cancel is not an error
  if (item.status !== 'booked') throw fail.conflict(`This appointment is ${item.status}; it cannot be cancelled.`, 'not-cancellable');
  const nowDate = deps.clock.now();
  const now = nowDate.getTime();
  const start = Date.parse(item.start);
  if (now >= start) throw fail.conflict('This appointment has already started; mark it completed or a no-show instead.', 'already-started');
  const cutoff = item.policy.cancellationCutoffMinutes as number;
  if (actor.kind === 'customer' && now > start - cutoff * MIN) {
    throw fail.conflict(
      `Appointments can be cancelled up to ${cutoff} minutes before they start; please call the store.`,
      'cancellation-cutoff-passed',
    );
  }
  const at = nowDate.toISOString();
  const cond = versionCondition(item);
  const tx = new Tx();
  tx.add('appointment', {
    Update: {
      TableName: deps.tableName,
      Key: keys.appointment(appointmentId),
      UpdateExpression: 'SET #status = :cancelled, cancelledAt = :at, updatedAt = :at, version = version + :one',
      ConditionExpression: cond.ConditionExpression,
      ExpressionAttributeNames: cond.names,
      ExpressionAttributeValues: { ...cond.values, ':cancelled': 'cancelled', ':at': at, ':one': 1 },
    },
  });
  tx.add('other', markerDelete(deps, appointmentId));
  for (const plan of planCells((d) => keys.stylistBusyDay(item.storeId, item.stylistId, d), stylistCells(item), none)) {
    tx.add('stylist', lockUpdate(deps, plan, appointmentId));
  }
  for (const plan of planCells((d) => keys.customerBusyDay(item.customerId, d), customerCells(item), none)) {
    tx.add('customer', lockUpdate(deps, plan, appointmentId));
  }
  tx.add('daily', dailyUpdate(deps, item.customerId, item.storeId, item.localDate, -1, 0));
  const cancelled = { ...item, status: 'cancelled', updatedAt: at };
  tx.add(
    'other',
    timelinePut(deps, item.customerId, {
      type: 'appointment.cancelled',
      summary: summaryOf(item, 'cancelled'),
      ref: { appointmentId, storeId: item.storeId },
    }),
  );
  tx.add(
    'other',
    outboxPut(deps, {
      event: appointmentEvents.cancelled,
      subject: `appointment#${appointmentId}`,
      detail: { ...eventDetail(cancelled), cancelledBy: actor.kind },
    }),
  );
  await commitChange(deps, tx);
  return toAppointment(cancelled);
}

export async function reschedule(
  deps: Deps,
  appointmentId: string,
  body: { start: string; stylistId?: string },
  actor: Actor,
): Promise<Appointment> {
  const item = await appointmentFor(deps, appointmentId, actor);
  if (item.status !== 'booked') throw fail.conflict(`This appointment is ${item.status}; it cannot be rescheduled.`, 'not-reschedulable');
  const nowDate = deps.clock.now();
  const now = nowDate.getTime();
  const oldStart = Date.parse(item.start);
  const walkIn = actor.kind === 'staff';
  if (now >= oldStart) throw fail.conflict('This appointment has already started.', 'already-started');
  const cutoff = item.policy.rescheduleCutoffMinutes as number;
  if (!walkIn && now > oldStart - cutoff * MIN) {
    throw fail.conflict(
      `Appointments can be rescheduled up to ${cutoff} minutes before they start; please call the store.`,
      'reschedule-cutoff-passed',
    );
  }
  const [setup, around] = await Promise.all([requireSetup(deps, item.storeId), markersAround(deps, item.storeId, body.start)]);
  const zone = setup.store.timeZone;
  // The booking keeps its own duration and buffer (the service may have changed since).
  const shape = {
    durationMinutes: (Date.parse(item.end) - oldStart) / MIN,
    bufferAfterMinutes: (Date.parse(item.busyUntil) - Date.parse(item.end)) / MIN,
  };
  const service = setup.services.get(item.serviceId) ?? ({ name: item.serviceName, stylistIds: [item.stylistId], active: true } as Service);
  const choice = body.stylistId ?? item.stylistId;
  const candidates = stylistsFor(setup, { ...service, active: true }, choice, 'body.stylistId');
  const t = checkStart(setup, body.start, 'body.start', now, walkIn);
  if (t === oldStart && (choice === item.stylistId || choice === ANY_STYLIST)) {
    return toAppointment(item); // already there: a retried reschedule changes nothing
  }
  const localDate = localDateOf(t, zone);
  const dayItems = onDay(around, localDayBounds(localDate, zone));
  const free = freeAt(setup, shape, candidates, t, dayItems, now, walkIn, appointmentId);
  if (free.length === 0) {
    throw slotTaken('No stylist is free at that time.', await alternatives(deps, setup, shape, candidates, t, walkIn, appointmentId));
  }
  const startIso = new Date(t).toISOString();
  const at = nowDate.toISOString();
  for (const stylist of free) {
    const next: Item = {
      ...item,
      ...keys.customerAppointment(item.customerId, startIso, appointmentId),
      stylistId: stylist.stylistId,
      stylistName: stylist.name,
      start: startIso,
      end: new Date(t + shape.durationMinutes * MIN).toISOString(),
      busyUntil: new Date(t + (shape.durationMinutes + shape.bufferAfterMinutes) * MIN).toISOString(),
      localDate,
      updatedAt: at,
      version: item.version + 1,
    };
    const cond = versionCondition(item);
    const tx = new Tx();
    tx.add('appointment', {
      Update: {
        TableName: deps.tableName,
        Key: keys.appointment(appointmentId),
        UpdateExpression:
          'SET stylistId = :stylist, stylistName = :stylistName, #start = :start, #end = :end, busyUntil = :busyUntil, ' +
          'localDate = :localDate, GSI1SK = :g1, updatedAt = :at, version = :next',
        ConditionExpression: cond.ConditionExpression,
        ExpressionAttributeNames: { ...cond.names, '#start': 'start', '#end': 'end' },
        ExpressionAttributeValues: {
          ...cond.values,
          ':stylist': next.stylistId,
          ':stylistName': next.stylistName,
          ':start': next.start,
          ':end': next.end,
          ':busyUntil': next.busyUntil,
          ':localDate': localDate,
          ':g1': next.GSI1SK,
          ':at': at,
          ':next': next.version,
        },
      },
    });
    tx.add('other', markerPut(deps, next));
    // The new cells are claimed and the old ones released in this same transaction.
    const sameStylist = stylist.stylistId === item.stylistId;
    const stylistKey = (id: string) => (d: string) => keys.stylistBusyDay(item.storeId, id, d);
    if (sameStylist) {
      for (const plan of planCells(stylistKey(item.stylistId), stylistCells(item), stylistCells(next)))
        tx.add('stylist', lockUpdate(deps, plan, appointmentId));
    } else {
      for (const plan of planCells(stylistKey(stylist.stylistId), none, stylistCells(next)))
        tx.add('stylist', lockUpdate(deps, plan, appointmentId));
      for (const plan of planCells(stylistKey(item.stylistId), stylistCells(item), none))
        tx.add('other', lockUpdate(deps, plan, appointmentId));
    }
    for (const plan of planCells((d) => keys.customerBusyDay(item.customerId, d), customerCells(item), customerCells(next))) {
      tx.add('customer', lockUpdate(deps, plan, appointmentId));
    }
    if (localDate !== item.localDate) {
      tx.add('daily', dailyUpdate(deps, item.customerId, item.storeId, localDate, 1, setup.policy.maxPerCustomerPerDay));
      tx.add('other', dailyUpdate(deps, item.customerId, item.storeId, item.localDate, -1, 0));
    }
    const from = isoInZone(oldStart, zone);
    tx.add(
      'other',
      timelinePut(deps, item.customerId, {
        type: 'appointment.rescheduled',
        summary: summaryOf(next, `moved from ${from.slice(0, 10)} ${from.slice(11, 16)}`),
        ref: { appointmentId, storeId: item.storeId },
      }),
    );
    tx.add(
      'other',
      outboxPut(deps, {
        event: appointmentEvents.rescheduled,
        subject: `appointment#${appointmentId}`,
        detail: { ...eventDetail(next), previousStart: item.start, previousStylistId: item.stylistId },
      }),
    );
    try {
      await transactWrite(deps, tx.items);
      return toAppointment(next);
    } catch (error) {
      const kinds = tx.failedKinds(error);
      if (!kinds) throw error;
      if (kinds.has('appointment')) throw changedMeanwhile();
      if (kinds.has('customer')) throw fail.conflict('You already have another appointment at that time.', 'customer-overlap');
      if (kinds.has('daily'))
        throw fail.conflict(
          `This store takes at most ${setup.policy.maxPerCustomerPerDay} appointments per customer a day.`,
          'daily-limit',
        );
      if (!kinds.has('stylist')) throw error;
    }
  }
  throw slotTaken('The slot was taken meanwhile.', await alternatives(deps, setup, shape, candidates, t, walkIn, appointmentId));
}

/** Completed or no-show, set by the store once the appointment has started. The time stays used. */
export async function markOutcome(
  deps: Deps,
  appointmentId: string,
  status: Extract<AppointmentStatus, 'completed' | 'no_show'>,
  actor: Actor,
): Promise<Appointment> {
  const item = await appointmentFor(deps, appointmentId, actor);
  if (item.status === status) return toAppointment(item);
  if (item.status !== 'booked') throw fail.conflict(`This appointment is ${item.status}.`, 'not-booked');
  const nowDate = deps.clock.now();
  if (nowDate.getTime() < Date.parse(item.start)) throw fail.conflict('This appointment has not started yet.', 'not-started');
  const at = nowDate.toISOString();
  const cond = versionCondition(item);
  const next = { ...item, status, updatedAt: at, version: item.version + 1 };
  const tx = new Tx();
  tx.add('appointment', {
    Update: {
      TableName: deps.tableName,
      Key: keys.appointment(appointmentId),
      UpdateExpression: 'SET #status = :status, updatedAt = :at, version = :next',
      ConditionExpression: cond.ConditionExpression,
      ExpressionAttributeNames: cond.names,
      ExpressionAttributeValues: { ...cond.values, ':status': status, ':at': at, ':next': next.version },
    },
  });
  const word = status === 'completed' ? 'completed' : 'missed (no-show)';
  tx.add(
    'other',
    timelinePut(deps, item.customerId, {
      type: `appointment.${status}`,
      summary: summaryOf(item, word),
      ref: { appointmentId, storeId: item.storeId },
    }),
  );
  tx.add(
    'other',
    outboxPut(deps, {
      event: status === 'completed' ? appointmentEvents.completed : appointmentEvents.noShow,
      subject: `appointment#${appointmentId}`,
      detail: eventDetail(next),
    }),
  );
  await commitChange(deps, tx);
  return toAppointment(next);
}

/**
 * Erasure (DELETE /me): the customer's items go with the customer, but the stylists'
 * busy cells live in the stylists' partitions. Cancel every live appointment first so
 * the time is released; the event names no customer.
 */
export async function forgetCustomer(deps: Deps, customerId: string): Promise<void> {
  const now = deps.clock.now();
  const live = (
    await queryAll(deps, {
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK >= :from',
      FilterExpression: '#status = :booked',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':pk': keys.customerPartition(customerId),
        ':from': `${keys.customerAppointmentPrefix}${new Date(now.getTime() - MAX_OCCUPIED_MINUTES * MIN).toISOString()}`,
        ':booked': 'booked',
      },
    })
  ).filter((i) => typeof i.appointmentId === 'string' && Date.parse(i.busyUntil) > now.getTime());
  for (const item of live) {
    const cond = versionCondition(item);
    const items: TransactItem[] = [
      {
        Update: {
          TableName: deps.tableName,
          Key: keys.appointment(item.appointmentId),
          UpdateExpression: 'SET #status = :cancelled, cancelledAt = :at, updatedAt = :at',
          ConditionExpression: cond.ConditionExpression,
          ExpressionAttributeNames: cond.names,
          ExpressionAttributeValues: { ...cond.values, ':cancelled': 'cancelled', ':at': now.toISOString() },
        },
      },
      markerDelete(deps, item.appointmentId),
      ...planCells((d) => keys.stylistBusyDay(item.storeId, item.stylistId, d), stylistCells(item), none).map((plan) =>
        lockUpdate(deps, plan, item.appointmentId),
      ),
      outboxPut(deps, {
        event: appointmentEvents.cancelled,
        subject: `appointment#${item.appointmentId}`,
        detail: { ...eventDetail({ ...item, status: 'cancelled' }), customerId: undefined, cancelledBy: 'erasure' },
      }),
    ];
    try {
      await transactWrite(deps, items);
    } catch (error) {
      if (!failedConditions(error)) throw error; // changed meanwhile (e.g. cancelled): nothing left to release
    }
  }
}

// ── the store's agenda ───────────────────────────────────────────────────────────────

/**
 * One store day by stylist: the catalogue and the day's markers (two Queries in parallel),
 * then the appointments and then their customers' profiles (one BatchGetItem each).
 */
export async function agenda(deps: Deps, storeId: string, date: string) {
  const [setup, markers] = await Promise.all([
    requireSetup(deps, storeId),
    // The zone is not known yet: read a day wide enough for any zone, then keep this store's day.
    storeAppointments(deps, storeId, Date.parse(`${date}T00:00:00Z`) - 15 * 3_600_000, Date.parse(`${date}T00:00:00Z`) + 39 * 3_600_000),
  ]);
  const zone = setup.store.timeZone;
  const day = localDayBounds(date, zone);
  const ids = markers
    .filter((m) => Date.parse(m.start) < day.end && Date.parse(m.busyUntil) > day.start)
    .map((m) => m.appointmentId as string);
  const items = (
    await batchGet(
      deps,
      ids.map((id) => keys.appointment(id)),
    )
  ).filter((i) => i.status !== 'cancelled' && Date.parse(i.end) > day.start);
  const customers = await batchGet(
    deps,
    [...new Set(items.map((i) => i.customerId as string))].map((id) => keys.profile(id)),
  );
  const byCustomer = new Map(customers.map((p) => [p.customerId as string, p]));
  const spans = workingSpans({ store: setup.store, stylists: schedulesOf([...setup.stylists.values()]) }, day.start, day.end);
  const shown = new Set([
    ...[...setup.stylists.values()].filter((s) => s.active).map((s) => s.stylistId),
    ...items.map((i) => i.stylistId as string),
  ]);
  const stylists = [...shown].map((id) => {
    const stylist = setup.stylists.get(id);
    return {
      stylistId: id,
      name: stylist?.name ?? items.find((i) => i.stylistId === id)?.stylistName ?? id,
      working: (spans.get(id) ?? []).map((s) => ({
        start: isoInZone(Math.max(s.start, day.start), zone),
        end: isoInZone(Math.min(s.end, day.end), zone),
      })),
      appointments: items
        .filter((i) => i.stylistId === id)
        .sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
        .map((i) => {
          const a = toAppointment(i);
          const p = byCustomer.get(i.customerId);
          return {
            appointmentId: a.appointmentId,
            serviceId: a.serviceId,
            serviceName: a.serviceName,
            start: a.start,
            end: a.end,
            status: a.status,
            ...(a.notes ? { notes: a.notes } : {}),
            customer: { customerId: i.customerId as string, ...(p ? { name: p.name, loyaltyTier: p.loyaltyTier, guest: p.guest } : {}) },
          };
        }),
    };
  });
  return { storeId, date, timeZone: zone, stylists };
}

/** For tests and tools: an appointment item as stored. */
export async function getAppointment(deps: Deps, appointmentId: string): Promise<Appointment | undefined> {
  const item = await getAppointmentItem(deps, appointmentId);
  return item ? toAppointment(item) : undefined;
}

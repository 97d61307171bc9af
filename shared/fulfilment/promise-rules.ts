// Rules: the delivery promise — when a parcel ordered now arrives — and which warehouse
// promises earliest. Pure; calendar dates are YYYY-MM-DD strings, the order instant is read
// in the warehouse's time zone (so the cut-off is a local wall time, DST-correct).
//
// arrives by = order time → dispatch day (that day if it is a working day and the order came
// before the cut-off, else the next working day) → + handling days (working days of the
// warehouse) → + transit days (delivery days of the destination). A working day is a weekday
// carriers run on that is not a warehouse holiday; a delivery day is a weekday carriers run on
// that is not a holiday of the destination (its transit rule's).

import { wallClock } from '../runtime/zoned-time.ts';
import { type Weekday, weekdayOf } from '../stores/index.ts';
import type { Warehouse } from './schemas.ts';

type Calendar = Pick<Warehouse, 'timeZone' | 'cutoffTime' | 'handlingDays' | 'transit' | 'nonDeliveryWeekdays' | 'holidays'>;
type TransitRule = Warehouse['transit'][number];
export type Promised = { shipsOn: string; arrivesBy: string };

/** The day after a calendar date. */
export function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** A postal code as the rules compare it: upper case, no spaces or hyphens. */
export const normalizePostalCode = (code: string) => code.toUpperCase().replace(/[\s-]/g, '');

/** The transit rule of the longest prefix matching the postal code, if any. */
export function transitRuleFor(transit: TransitRule[], postalCode: string): TransitRule | undefined {
  const code = normalizePostalCode(postalCode);
  return transit
    .filter((t) => code.startsWith(t.postalCodePrefix))
    .reduce<TransitRule | undefined>(
      (best, t) => (!best || t.postalCodePrefix.length > best.postalCodePrefix.length ? t : best),
      undefined,
    );
}

const runs = (w: Pick<Calendar, 'nonDeliveryWeekdays'>, date: string) => !w.nonDeliveryWeekdays.includes(weekdayOf(date) as Weekday);
const isWorkingDay = (w: Pick<Calendar, 'nonDeliveryWeekdays' | 'holidays'>, date: string) => runs(w, date) && !w.holidays.includes(date);

/** The first day after `date` that satisfies `ok` (a year at most: a calendar with no such day is refused). */
function nextWhere(date: string, ok: (d: string) => boolean): string {
  let d = nextDate(date);
  for (let i = 0; i < 400 && !ok(d); i++) d = nextDate(d);
  if (!ok(d)) throw new RangeError('The calendar has no such day within a year.');
  return d;
}

/** The local date the order is dispatched on: today before the cut-off on a working day, else the next working day. */
export function dispatchDay(w: Pick<Calendar, 'timeZone' | 'cutoffTime' | 'nonDeliveryWeekdays' | 'holidays'>, orderedAt: Date): string {
  const local = new Date(wallClock(w.timeZone, orderedAt.getTime())).toISOString();
  const today = local.slice(0, 10);
  const beforeCutoff = local.slice(11, 16) < w.cutoffTime;
  return beforeCutoff && isWorkingDay(w, today) ? today : nextWhere(today, (d) => isWorkingDay(w, d));
}

/** The promise from this warehouse to this postal code, or undefined when no transit rule covers it. */
export function deliveryPromise(w: Calendar, postalCode: string, orderedAt: Date): Promised | undefined {
  const rule = transitRuleFor(w.transit, postalCode);
  if (!rule) return undefined;
  let shipsOn = dispatchDay(w, orderedAt);
  for (let i = 0; i < w.handlingDays; i++) shipsOn = nextWhere(shipsOn, (d) => isWorkingDay(w, d));
  const delivers = (d: string) => runs(w, d) && !rule.holidays.includes(d);
  let arrivesBy = shipsOn;
  for (let i = 0; i < rule.days; i++) arrivesBy = nextWhere(arrivesBy, delivers);
  return { shipsOn, arrivesBy };
}

/**
 * Of the warehouses that can send `quantity` (units(w) ≥ quantity) to the postal code, the one
 * with the earliest arrival (ties: the earlier dispatch, then the id). Undefined if none.
 */
export function earliestPromise<W extends Calendar & { warehouseId: string }>(
  warehouses: W[],
  postalCode: string,
  orderedAt: Date,
  units: (w: W) => number,
  quantity = 1,
): (Promised & { warehouse: W }) | undefined {
  let best: (Promised & { warehouse: W }) | undefined;
  for (const warehouse of warehouses) {
    if (units(warehouse) < quantity) continue;
    const promised = deliveryPromise(warehouse, postalCode, orderedAt);
    if (!promised) continue;
    const key = (p: Promised & { warehouse: W }) => `${p.arrivesBy}${p.shipsOn}${p.warehouse.warehouseId}`;
    const candidate = { ...promised, warehouse };
    if (!best || key(candidate) < key(best)) best = candidate;
  }
  return best;
}

/** Whether any warehouse's transit rules cover the postal code (else the caller names `postalCode`). */
export const anyCovers = (warehouses: Array<Pick<Calendar, 'transit'>>, postalCode: string) =>
  warehouses.some((w) => transitRuleFor(w.transit, postalCode) !== undefined);

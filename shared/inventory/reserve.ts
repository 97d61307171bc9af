// Use cases: holding stock for pickup. A reservation is all its lines or nothing: one
// TransactWriteItems holds every line (condition `freeUnits >= quantity`), writes the
// reservation, its timeline entry, its outbox event and the Idempotency-Key record.
//
// Expiry without TTL timing: a hold is an amount in its line's `holds` bucket for its expiry
// minute. Readers ignore expired buckets (stock-rules.ts); the next reservation on a line
// removes them inside its own transaction, returning their units to `freeUnits`, each removal
// conditioned on the bucket still holding what was read — so two writers can never release
// the same units twice, and nobody waits for TTL.

import { ulid } from 'ulid';
import { unknownSkuErrors } from '../catalog/index.ts';
import { type Actor, actorKey } from '../platform/actor.ts';
import { idempotent, type RecordResponse } from '../platform/idempotency.ts';
import { outboxPut } from '../platform/outbox.ts';
import { timelinePut } from '../platform/timeline.ts';
import type { Deps } from '../runtime/deps.ts';
import { fail, isDomainError } from '../runtime/errors.ts';
import { existingStore, offersPickup, type Store } from '../stores/index.ts';
import { Tx } from '../table/transact.ts';
import { reservationEvents } from './events.ts';
import { reservationPut } from './reservation-repository.ts';
import { heldSummary, newReservation, reservationAt, reservationOwner } from './reservation-rules.ts';
import type { Reservation, ReservationRequest } from './reservation-schemas.ts';
import { getLines, getStoreAndLines, holdUpdate, pairKey } from './stock-repository.ts';
import { releasableBuckets, type StockLine, shortLines } from './stock-rules.ts';

/** Attempts when the transaction lost a race that did not make the lines short. */
const ATTEMPTS = 8;

/**
 * A customer — or an integration on a customer's behalf — holds stock for pickup.
 * 1. Who it is for: a customer reserves for themselves.
 * 2. Once per Idempotency-Key of this caller: a retry is answered with what the first did.
 * 3. Read the store, its lines and the SKUs' catalogue entries in one strongly consistent
 *    BatchGetItem: the store must be in the directory and offer pickup; every SKU must be
 *    in the catalogue (422 naming `lines[i].sku`).
 * 4. Hold every line or none (createReservation), starting from the lines just read.
 */
export async function reserve(
  deps: Deps,
  command: ReservationRequest & { idempotencyKey?: string },
  actor: Actor,
): Promise<{ reservation: Reservation; replayed: boolean }> {
  const { idempotencyKey, ...request } = command;
  const customerId = reservationOwner(actor, request.customerId);
  const { response, replayed } = await idempotent<Reservation>(deps, {
    scope: `reservation:${actorKey(actor)}`,
    key: idempotencyKey,
    request,
    ownerOf: (answer) => answer.customerId,
    run: async (record) => {
      const read = await getStoreAndLines(
        deps,
        request.storeId,
        request.lines.map((l) => l.sku),
      );
      const store = existingStore(read.store, request.storeId);
      if (!offersPickup(store)) throw fail.conflict(`Store ${store.storeId} does not offer pickup.`, 'pickup-unavailable');
      const unknown = unknownSkuErrors(request.lines, read.variants, (i) => `lines[${i}].sku`);
      if (unknown.length) throw fail.unprocessable(unknown, 'unknown-sku');
      return createReservation(deps, { store, customerId, request, record, lines: read.lines });
    },
  });
  return { reservation: response, replayed };
}

type CreateReservation = {
  store: Store;
  customerId?: string;
  request: Pick<ReservationRequest, 'storeId' | 'lines' | 'holdMinutes'>;
  /** The Idempotency-Key record to write in the same transaction (platform idempotent()). */
  record: RecordResponse<Reservation>;
  /** The lines as just read, strongly consistent (by pairKey): the first attempt reads none. */
  lines?: Map<string, StockLine>;
};

/**
 * Holds every line at a store, or none (orders reserves its pickup lines with this too).
 * 1. The new reservation: its hold's end, rounded up to the minute, is its bucket on the
 *    lines; when its pickup could be ready.
 * 2. Read the lines (strongly consistent), unless the caller just did. Any line short: a
 *    conflict naming each.
 * 3. Write one transaction: each line's hold (releasing the line's expired buckets), the
 *    reservation, its outbox event, its timeline entry, the Idempotency-Key record.
 * 4. Refused because the Idempotency-Key was taken: idempotent() answers what the winner did.
 *    Refused because a line changed under us (taken, or an expired bucket released by someone
 *    else), or busy: read again and retry, up to ATTEMPTS times; then busy.
 */
export async function createReservation(deps: Deps, input: CreateReservation): Promise<Reservation> {
  const { store, customerId, request } = input;
  const now = deps.clock.now();
  const { lines: wanted, holdMinutes } = request;
  const record = newReservation({ reservationId: ulid(now.getTime()), store, customerId, lines: wanted, holdMinutes, now });
  const reservation = reservationAt(record, now);
  const { reservationId, storeId } = record;

  for (let attempt = 1; ; attempt++) {
    const lines =
      attempt === 1 && input.lines
        ? input.lines
        : await getLines(
            deps,
            record.lines.map(({ sku }) => ({ storeId, sku })),
          );
    const lineOf = (sku: string) => lines.get(pairKey(storeId, sku));
    const short = shortLines(record.lines, lineOf, now);
    if (short.length) {
      throw fail.conflict(`Not enough stock for ${short.map((s) => s.sku).join(', ')}.`, 'insufficient-stock', { lines: short });
    }
    const tx = new Tx<'line' | 'reservation' | 'announce' | 'idempotency'>();
    for (const { sku, quantity } of record.lines) {
      const release = releasableBuckets(lineOf(sku)!, now);
      tx.add('line', holdUpdate(deps, { storeId, sku }, { quantity, bucket: record.holdBucket, release, now }));
    }
    tx.add('reservation', reservationPut(deps, record));
    tx.add(
      'announce',
      outboxPut(deps, { event: reservationEvents.held, subject: `reservation#${reservationId}`, detail: { ...reservation } }),
      customerId
        ? timelinePut(deps, customerId, {
            type: reservationEvents.held.name,
            summary: heldSummary(record, store.name),
            ref: { reservationId, storeId },
          })
        : undefined,
    );
    tx.add('idempotency', input.record(reservation));
    try {
      await tx.write(deps);
      return reservation;
    } catch (error) {
      const failed = tx.failed(error);
      if (failed?.has('idempotency')) throw error;
      const busy = isDomainError(error, 'busy');
      if (!failed && !busy) throw error;
      // The last cancellation stays the cause: idempotent() tells a twin in flight by it.
      if (attempt >= ATTEMPTS) throw Object.assign(fail.busy('Stock for these lines is changing quickly; retry.'), { cause: error });
      if (busy) await new Promise((r) => setTimeout(r, 5 * attempt * Math.random()));
    }
  }
}

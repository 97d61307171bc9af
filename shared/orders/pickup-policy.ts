// Use cases: a store's pickup policy (GET/PUT /stores/{storeId}/pickup-policy), and the terms
// an order gets when it becomes ready for pickup — its deadline, snapshotted, and its expiry timer.

import { type Actor, assertStoreAccess } from '../platform/actor.ts';
import { timerPut } from '../platform/timers.ts';
import type { Deps } from '../runtime/deps.ts';
import { fail } from '../runtime/errors.ts';
import { putPickupPolicy, readStorePickupPolicy } from './pickup-repository.ts';
import { PICKUP_EXPIRY_ACTION, pickupDeadline, pickupExpiryTimerId, policyInForce } from './pickup-rules.ts';
import type { StatusGuard } from './repository.ts';
import type { Order } from './schemas.ts';
import type { PickupPolicy } from './tablet-schemas.ts';

/** Admins and regional managers (or a catalogue integration) set it; associates read it. */
const policyWriters = { roles: ['admin', 'regional'] as const, because: 'Only admins and regional managers set a pickup policy.' };

/**
 * 1. Staff of the store (regional and admin: any), or an integration.
 * 2. Read the store and its policy (404 without the store).
 * 3. The policy in force: the store's own or the chain's defaults.
 */
export async function getPickupPolicy(deps: Deps, command: { storeId: string }, actor: Actor) {
  assertStoreAccess(actor, command.storeId);
  const { store, policy } = await readStorePickupPolicy(deps, command.storeId);
  if (!store) throw fail.notFound(`No store ${command.storeId}.`);
  return { storeId: command.storeId, ...policyInForce(policy), ...(policy ? { updatedAt: policy.updatedAt } : {}) };
}

/**
 * 1. Admins, regional managers or a catalogue integration (associates: 403).
 * 2. The store must exist (404).
 * 3. Write the policy (orders already ready keep the deadline they were given).
 */
export async function setPickupPolicy(deps: Deps, command: { storeId: string; policy: PickupPolicy }, actor: Actor) {
  assertStoreAccess(actor, command.storeId, { roles: [...policyWriters.roles], because: policyWriters.because });
  const { store } = await readStorePickupPolicy(deps, command.storeId);
  if (!store) throw fail.notFound(`No store ${command.storeId}.`);
  const updatedAt = deps.clock.now().toISOString();
  await putPickupPolicy(deps, command.storeId, command.policy, updatedAt);
  return { storeId: command.storeId, ...command.policy, custom: true, updatedAt };
}

/**
 * What becoming ready writes along: the deadline and the policy snapshotted on the order, the
 * expiry timer in the same transaction, the deadline in the event (the reminder follows it).
 */
export async function readyTerms(deps: Deps, order: Order) {
  const { store, policy } = await readStorePickupPolicy(deps, order.pickupStoreId as string);
  const { custom: _custom, ...terms } = policyInForce(policy);
  const deadline = pickupDeadline(deps.clock.now(), terms, store?.timeZone ?? 'UTC');
  const guard: StatusGuard = { set: { pickupDeadline: deadline, pickupTerms: terms } };
  const items = [
    timerPut(deps, {
      timerId: pickupExpiryTimerId(order.orderId),
      action: PICKUP_EXPIRY_ACTION,
      dueAt: new Date(deadline).toISOString(),
      payload: { orderId: order.orderId },
    }),
  ];
  return { guard, along: { items, detail: { pickupDeadline: deadline, reminderHoursBefore: terms.reminderHoursBefore } } };
}

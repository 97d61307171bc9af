// Pickup codes: six digits, read out at the counter. Only a keyed hash is stored, so a dump
// of the table does not reveal codes; a code is compared in constant time.

import { randomInt, timingSafeEqual } from 'node:crypto';
import type { Deps } from '../runtime/deps.ts';

export const newPickupCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

export const pickupCodeHash = (deps: Pick<Deps, 'hashIdentity'>, orderId: string, code: string) =>
  deps.hashIdentity('pickup-code', `${orderId}:${code}`);

/** Whether `code` is the order's code, given the hash stored with it. */
export async function isPickupCode(deps: Pick<Deps, 'hashIdentity'>, orderId: string, code: string, stored: unknown): Promise<boolean> {
  const hash = await pickupCodeHash(deps, orderId, code);
  if (typeof stored !== 'string' || hash.length !== stored.length) return false;
  return timingSafeEqual(Buffer.from(hash), Buffer.from(stored));
}

// Pickup codes: six digits, read out at the counter. The hand-over compares a keyed hash in
// constant time; for the customer's ready-for-pickup message the code is also kept sealed
// (a one-time pad from the same key), so a dump of the table reveals no code.

import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
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

const CODES = 1_000_000;

/** The pad of one sealing: the keyed hash of the order and a fresh nonce, as a number below 10^6. */
async function padOf(deps: Pick<Deps, 'hashIdentity'>, orderId: string, nonce: string): Promise<number> {
  const hash = await deps.hashIdentity('pickup-code-seal', `${orderId}:${nonce}`);
  return Buffer.from(hash, 'base64url').readUInt32BE(0) % CODES;
}

/** The code sealed for the customer's message: `<nonce>.<code + pad mod 10^6>`. */
export async function sealPickupCode(deps: Pick<Deps, 'hashIdentity'>, orderId: string, code: string): Promise<string> {
  const nonce = randomBytes(9).toString('base64url');
  const sealed = (Number(code) + (await padOf(deps, orderId, nonce))) % CODES;
  return `${nonce}.${String(sealed).padStart(6, '0')}`;
}

export async function unsealPickupCode(deps: Pick<Deps, 'hashIdentity'>, orderId: string, sealed: string): Promise<string> {
  const [nonce = '', value = '0'] = sealed.split('.');
  const code = (Number(value) - (await padOf(deps, orderId, nonce)) + CODES) % CODES;
  return String(code).padStart(6, '0');
}

/** What is stored of a new code: its hash and its sealed form. */
export const pickupCodes = async (deps: Pick<Deps, 'hashIdentity'>, orderId: string, code: string) => ({
  pickupCodeHash: await pickupCodeHash(deps, orderId, code),
  pickupCodeSealed: await sealPickupCode(deps, orderId, code),
});

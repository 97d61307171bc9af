import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sealPickupCode, unsealPickupCode } from '#shared/orders/pickup-code.ts';
import { DEFAULT_PICKUP_POLICY, expiryDecision, pickupDeadline, pickupReminderAt, policyInForce } from '#shared/orders/pickup-rules.ts';
import { canMove, reservationAction } from '#shared/orders/rules.ts';
import { createIdentityHasher } from '#shared/runtime/identity-hasher.ts';

describe('the pickup policy and deadline', () => {
  it('uses the defaults for a store that set none', () => {
    expect(policyInForce(undefined)).toEqual({ ...DEFAULT_PICKUP_POLICY, custom: false });
    expect(policyInForce({ holdDays: 2, reminderHoursBefore: 6, maxExtensionDays: 1 })).toMatchObject({ holdDays: 2, custom: true });
  });
  it('holds holdDays on the store calendar: the same local time across a DST change', () => {
    const policy = { holdDays: 3, reminderHoursBefore: 24, maxExtensionDays: 0 };
    expect(pickupDeadline(new Date('2026-10-23T16:00:00Z'), policy, 'Europe/Madrid')).toBe('2026-10-26T18:00:00+01:00');
    expect(pickupDeadline(new Date('2026-11-24T10:00:00Z'), policy, 'Europe/Madrid')).toBe('2026-11-27T11:00:00+01:00');
  });
  it('reminds reminderHoursBefore the deadline, or not at all with 0', () => {
    expect(pickupReminderAt('2026-11-27T11:00:00+01:00', 24)).toBe('2026-11-26T10:00:00.000Z');
    expect(pickupReminderAt('2026-11-27T11:00:00+01:00', 0)).toBeUndefined();
  });
});

describe('expiryDecision', () => {
  const now = new Date('2026-11-24T10:00:00Z');
  it('expires a ready order past its deadline; waits for a later deadline; leaves anything else alone', () => {
    expect(expiryDecision({ status: 'ready_for_pickup', pickupDeadline: '2026-11-24T10:59:00+01:00' }, now)).toEqual({ action: 'expire' });
    expect(expiryDecision({ status: 'ready_for_pickup', pickupDeadline: '2026-11-25T10:00:00Z' }, now)).toEqual({
      action: 'wait',
      until: '2026-11-25T10:00:00.000Z',
    });
    for (const status of ['picked_up', 'cancelled', 'expired', 'placed', 'returned'] as const) {
      expect(expiryDecision({ status, pickupDeadline: '2026-11-20T10:00:00Z' }, now)).toEqual({ action: 'none' });
    }
    expect(expiryDecision(undefined, now)).toEqual({ action: 'none' });
  });
  it('never expires before the deadline (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), (offset) => {
        const deadline = new Date(now.getTime() + offset).toISOString();
        const d = expiryDecision({ status: 'ready_for_pickup', pickupDeadline: deadline }, now);
        expect(d.action === 'expire').toBe(offset <= 0);
      }),
    );
  });
  it('expired is an end state reached only from ready_for_pickup, and releases the units', () => {
    expect(canMove('ready_for_pickup', 'expired')).toBe(true);
    expect(canMove('placed', 'expired')).toBe(false);
    expect(canMove('expired', 'picked_up')).toBe(false);
    expect(reservationAction('expired')).toBe('cancel');
  });
});

describe('the sealed pickup code', () => {
  const deps = { hashIdentity: createIdentityHasher(async () => 'a-test-key-of-some-length') };
  it('unseals to the code it sealed, with another nonce (and mostly another value) each time (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 999_999 }), async (n) => {
        const code = String(n).padStart(6, '0');
        const sealed = await sealPickupCode(deps, '01JORDER', code);
        expect(sealed).toMatch(/^[A-Za-z0-9_-]{12}\.\d{6}$/);
        expect(await unsealPickupCode(deps, '01JORDER', sealed)).toBe(code);
      }),
      { numRuns: 200 },
    );
    const [a, b] = [await sealPickupCode(deps, 'o', '123456'), await sealPickupCode(deps, 'o', '123456')];
    expect(a).not.toBe(b);
  });
  it('does not unseal with another key or for another order', async () => {
    const sealed = await sealPickupCode(deps, 'o1', '123456');
    const other = { hashIdentity: createIdentityHasher(async () => 'another-key-entirely') };
    expect(await unsealPickupCode(other, 'o1', sealed)).not.toBe('123456');
    expect(await unsealPickupCode(deps, 'o2', sealed)).not.toBe('123456');
  });
});

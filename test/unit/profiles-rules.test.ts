import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consentChange, identityEntry, newProfile, patchChanges } from '#shared/profiles/rules.ts';
import { profileSchema } from '#shared/profiles/schemas.ts';

const now = new Date('2026-11-24T10:00:00.000Z');

describe('Function: newProfile', () => {
  it('starts empty, not a guest, tier none, created and updated now', () => {
    const profile = newProfile('c-1', now);
    expect(profileSchema.parse(profile)).toEqual(profile);
    expect(profile).toMatchObject({ customerId: 'c-1', loyaltyTier: 'none', guest: false, identities: {}, consents: {} });
    expect(profile.createdAt).toBe(now.toISOString());
    expect(profile.updatedAt).toBe(now.toISOString());
  });

  it('takes overrides (a guest profile from an order)', () => {
    expect(newProfile('g-1', now, { guest: true, name: 'Pablo' })).toMatchObject({ guest: true, name: 'Pablo' });
  });
});

describe('Function: patchChanges', () => {
  it('sets the fields sent and removes those sent as null', () => {
    expect(patchChanges({ name: 'Ana', preferredStoreId: null, sizes: { top: 'M' } })).toEqual({
      set: { name: 'Ana', sizes: { top: 'M' } },
      remove: ['preferredStoreId'],
    });
  });

  it('never both sets and removes a field, and leaves out fields not sent', () => {
    fc.assert(
      fc.property(
        fc.record(
          { name: fc.string({ minLength: 1 }), preferredStoreId: fc.option(fc.constantFrom('mad-sol', 'bcn-1'), { nil: null }) },
          { requiredKeys: [] },
        ),
        (patch) => {
          const { set, remove } = patchChanges(patch);
          expect(remove.filter((f) => f in set)).toEqual([]);
          expect([...Object.keys(set), ...remove].sort()).toEqual(Object.keys(patch).sort());
        },
      ),
    );
  });
});

describe('Function: consentChange', () => {
  it.each([
    [true, 'consent.granted', 'marketing consent granted'],
    [false, 'consent.withdrawn', 'marketing consent withdrawn'],
  ])('records granted=%s with when, and a timeline entry %s', (granted, type, summary) => {
    expect(consentChange('marketing', granted, now)).toEqual({
      consent: { granted, updatedAt: now.toISOString() },
      entry: { type, summary, ref: { purpose: 'marketing' } },
    });
  });
});

describe('Function: identityEntry', () => {
  it('names the kind, never the value', () => {
    expect(identityEntry('phone', 'added')).toEqual({ type: 'identity.added', summary: 'phone added', ref: { kind: 'phone' } });
    expect(identityEntry('email', 'removed')).toEqual({ type: 'identity.removed', summary: 'email removed', ref: { kind: 'email' } });
  });
});

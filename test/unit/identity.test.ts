import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  guessIdentityKinds,
  identityOf,
  maskEmail,
  maskPhone,
  normalizeIdentity,
  normalizeOrReject,
} from '#shared/profiles/identity-rules.ts';
import { DEFAULT_PHONE_COUNTRIES, fullPhoneMetadata, phoneMetadataFor } from '#shared/profiles/phone-metadata.ts';

describe('normalizeIdentity', () => {
  it.each([
    ['email', '  Lucia.F@Example.COM ', 'lucia.f@example.com'],
    ['phone', '612 345 678', '+34612345678'],
    ['phone', '+34 (612) 34-56-78', '+34612345678'],
    ['phone', '0034612345678', '+34612345678'],
    ['phone', '+1 212 555 0142', '+12125550142'],
    ['loyalty', 'omni-100 234', 'OMNI100234'],
  ] as const)('reads %s %j as %j', (kind, input, expected) => {
    expect(normalizeIdentity(kind, input, 'ES')).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['email', 'lucia@'],
    ['phone', '12345'],
    ['phone', 'call me'],
    ['loyalty', 'AB'],
    ['loyalty', 'ABC$%^123'],
  ] as const)('refuses %s %j', (kind, input) => {
    expect(normalizeIdentity(kind, input, 'ES').ok).toBe(false);
  });

  it('reads a local number in the given country', () => {
    expect(normalizeIdentity('phone', '(212) 555-0142', 'US')).toEqual({ ok: true, value: '+12125550142' });
  });

  it('refuses as invalid input naming the field by its path in the command', () => {
    const error = (() => {
      try {
        normalizeOrReject({ defaultCountry: 'ES' }, 'email', 'nope', 'customer.email');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toMatchObject({ kind: 'invalid', fields: [{ path: 'customer.email' }] });
  });

  it('reads a phone in the country given rather than the default', () => {
    expect(normalizeOrReject({ defaultCountry: 'ES' }, 'phone', '(212) 555-0142', 'phone', 'US')).toBe('+12125550142');
  });
});

describe('identityOf', () => {
  it.each([
    [{ email: 'a@b.co' }, { kind: 'email', raw: 'a@b.co' }],
    [
      { phone: '612 345 678', country: 'ES' },
      { kind: 'phone', raw: '612 345 678' },
    ],
    [{ loyalty: 'OMNI-1' }, { kind: 'loyalty', raw: 'OMNI-1' }],
  ])('reads the one identity of %j', (lookup, expected) => {
    expect(identityOf(lookup)).toEqual(expected);
  });
});

describe('guessIdentityKinds', () => {
  it.each([
    ['ana@example.com', ['email']],
    ['+34 612 345 678', ['phone', 'loyalty']],
    ['612345678', ['phone', 'loyalty']],
    ['OMNI-100234', ['loyalty']],
  ])('reads %j as %j', (q, kinds) => {
    expect(guessIdentityKinds(q)).toEqual(kinds);
  });
});

describe('phone metadata of the countries served', () => {
  it('keeps only the countries asked for, with the main country of a shared calling code', () => {
    const cut = phoneMetadataFor(fullPhoneMetadata(), ['ES', 'ca']) as unknown as {
      country_calling_codes: Record<string, string[]>;
      countries: Record<string, unknown>;
    };
    expect(cut.country_calling_codes).toEqual({ '1': ['US', 'CA'], '34': ['ES'] });
    expect(Object.keys(cut.countries).sort()).toEqual(['CA', 'ES', 'US']);
    expect(JSON.stringify(cut).length).toBeLessThan(JSON.stringify(fullPhoneMetadata()).length / 5);
  });

  it('serves the default markets: numbers of other countries are refused', () => {
    expect(DEFAULT_PHONE_COUNTRIES).toContain('ES');
    expect(normalizeIdentity('phone', '612 345 678', 'ES')).toEqual({ ok: true, value: '+34612345678' });
    expect(normalizeIdentity('phone', '+1 212 555 0142', 'ES')).toEqual({ ok: true, value: '+12125550142' });
    expect(normalizeIdentity('phone', '+81 3-1234-5678', 'ES').ok).toBe(false);
  });
});

describe('Function: maskEmail', () => {
  it.each([
    ['lucia@example.com', 'l***@example.com'],
    ['a@b.es', 'a***@b.es'],
    ['first.last+tag@mail.example.co.uk', 'f***@mail.example.co.uk'],
    ['no-at-sign', '***'],
    ['@example.com', '***'],
  ])('masks %s as %s', (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });

  it('never shows more of the local part than its first character', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        const masked = maskEmail(email);
        const local = email.slice(0, email.lastIndexOf('@'));
        expect(masked).toBe(`${local[0]}***${email.slice(email.lastIndexOf('@'))}`);
      }),
    );
  });
});

describe('Function: maskPhone', () => {
  it.each([
    ['+34612345678', '+34 *** *** 678'],
    ['+12125550142', '+1 *** *** 142'],
    ['+353861234567', '+353 *** *** 567'],
    ['+999123456789', '*** *** 789'],
  ])('masks %s as %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });
});

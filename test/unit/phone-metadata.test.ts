import { createRequire } from 'node:module';
import fc from 'fast-check';
import { type CountryCode, type MetadataJson, parsePhoneNumberFromString } from 'libphonenumber-js/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PHONE_COUNTRIES, fullPhoneMetadata, phoneMetadataFor } from '#shared/profiles/phone-metadata.ts';

type Min = { country_calling_codes: Record<string, string[]>; countries: Record<string, unknown[]> };

const full = fullPhoneMetadata();
const fullMin = full as unknown as Min;
const cut = phoneMetadataFor(full, DEFAULT_PHONE_COUNTRIES);
/** The same countries with their formatting rules: what the deployment parsed with before they were left out. */
const cutWithFormats = {
  ...(cut as unknown as Min),
  countries: Object.fromEntries(Object.keys((cut as unknown as Min).countries).map((c) => [c, fullMin.countries[c]])),
} as unknown as MetadataJson;
const examples = createRequire(import.meta.url)('libphonenumber-js/examples.mobile.json') as Record<string, string>;

/** What our code reads of a parsed number (identity-rules.ts: normalizePhone, maskPhone). */
function read(text: string, country: string | undefined, metadata: MetadataJson) {
  const parsed = parsePhoneNumberFromString(text, (country ? { defaultCountry: country as CountryCode } : {}) as never, metadata);
  if (!parsed) return undefined;
  return { valid: parsed.isValid(), number: parsed.number, callingCode: parsed.countryCallingCode, country: parsed.country };
}

/**
 * A number as a person types it, in (or near) the numbering plan of one served country: the
 * first digits of a real example, random digits up to a length around the plan's, written
 * nationally (with or without the national prefix), with `+` or with the `00` IDD prefix,
 * with separators anywhere; read in its own country, another served one, or none.
 */
const typedNumber = fc
  .record({
    country: fc.constantFrom(...DEFAULT_PHONE_COUNTRIES),
    keep: fc.integer({ min: 0, max: 4 }),
    lengthDelta: fc.integer({ min: -2, max: 1 }),
    digits: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 14, maxLength: 14 }),
    style: fc.constantFrom('national', 'national-prefix', 'plus', 'idd'),
    separators: fc.array(fc.tuple(fc.nat(16), fc.constantFrom(' ', '-', '.', '(', ')', ' (', ') ')), { maxLength: 4 }),
    readIn: fc.option(fc.constantFrom(...DEFAULT_PHONE_COUNTRIES), { nil: undefined }),
  })
  .map(({ country, keep, lengthDelta, digits, style, separators, readIn }) => {
    const plan = fullMin.countries[country] as [string, string, string, number[], unknown, string?];
    const [callingCode, , , lengths] = plan;
    const example = examples[country] ?? '';
    const length = Math.max(1, (lengths[digits[0]! % lengths.length] ?? example.length) + lengthDelta);
    const nsn = (example.slice(0, keep) + digits.join('')).slice(0, length);
    const nationalPrefix = typeof plan[5] === 'string' ? plan[5] : '';
    let text =
      style === 'plus'
        ? `+${callingCode}${nsn}`
        : style === 'idd'
          ? `00${callingCode}${nsn}`
          : style === 'national-prefix'
            ? `${nationalPrefix}${nsn}`
            : nsn;
    for (const [at, sep] of separators) {
      const i = 1 + (at % Math.max(1, text.length - 1));
      text = text.slice(0, i) + sep + text.slice(i);
    }
    return { text, readIn: readIn ?? (style === 'plus' ? undefined : country) };
  });

describe('phone metadata without formatting rules', () => {
  it('leaves out every format and keeps each country the calling codes name', () => {
    const min = cut as unknown as Min;
    for (const [code, list] of Object.entries(min.country_calling_codes)) {
      for (const c of list) {
        expect(min.countries[c]?.[0]).toBe(code);
        expect(min.countries[c]?.[4]).toBe(0);
      }
    }
    expect(JSON.stringify(cut).length).toBeLessThan(JSON.stringify(cutWithFormats).length * 0.6);
  });

  it('reads every typed number as the same metadata with its formats does', () => {
    fc.assert(
      fc.property(typedNumber, ({ text, readIn }) => {
        expect(read(text, readIn, cut)).toEqual(read(text, readIn, cutWithFormats));
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads a number of a served country as the whole of libphonenumber-js does', () => {
    let valid = 0;
    fc.assert(
      fc.property(typedNumber, ({ text, readIn }) => {
        const whole = read(text, readIn, full);
        const ours = read(text, readIn, cut);
        if (whole?.valid && whole.country && DEFAULT_PHONE_COUNTRIES.includes(whole.country)) {
          valid++;
          expect(ours).toEqual(whole);
        } else if (!whole?.valid) {
          expect(ours?.valid ?? false).toBe(false);
        }
      }),
      { numRuns: 20_000 },
    );
    // The generator must reach valid numbers, not only noise.
    expect(valid).toBeGreaterThan(2_000);
  });

  it('reads the example number of every served country, written nationally, with + and with its IDD prefix', () => {
    for (const country of DEFAULT_PHONE_COUNTRIES) {
      const nsn = examples[country] as string;
      const [callingCode, idd] = fullMin.countries[country] as [string, string];
      for (const [text, readIn] of [
        [nsn, country],
        [`+${callingCode} ${nsn}`, undefined],
        [`${idd} ${callingCode}${nsn}`, country],
      ] as const) {
        const ours = read(text, readIn, cut);
        expect(ours, `${country} ${text}`).toEqual(read(text, readIn, full));
        expect(ours?.valid, `${country} ${text}`).toBe(true);
      }
    }
  });
});

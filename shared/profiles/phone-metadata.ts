// Rules' data: the phone numbering metadata of the countries a deployment serves. All of
// libphonenumber-js's countries are ~80 KB of a bundle and of its start-up; a chain serves a
// handful. The CDK context `phoneCountries` (ISO codes, default DEFAULT_PHONE_COUNTRIES)
// picks them: infra/cdk/bundling.ts cuts the metadata at synth time and defines it in the
// bundle; run from source (local server, tests, `PHONE_COUNTRIES` to change it) the same cut
// is made from the package's min metadata when first needed.

import { createRequire } from 'node:module';
import type { MetadataJson } from 'libphonenumber-js/core';

/** The demo's markets: Spain, its neighbours, and the countries most of its visitors come from. */
export const DEFAULT_PHONE_COUNTRIES = ['ES', 'PT', 'FR', 'IT', 'DE', 'GB', 'IE', 'NL', 'BE', 'US'];

/** Set by the bundler (a JSON string): the metadata cut at synth time. */
declare const OMNISTORE_PHONE_METADATA: string | undefined;

type Metadata = MetadataJson & {
  country_calling_codes: Record<string, string[]>;
  countries: Record<string, unknown>;
  nonGeographic?: unknown;
};

/**
 * The metadata of `countries` only, for parsing and validating. A calling code shared by
 * several countries (+1, +44) keeps its main country first, as libphonenumber-js expects;
 * non-geographic numbers (+800…) are left out. The formatting rules (how a number is
 * printed: its digit groups, the national prefix's formatting rule and whether it is
 * optional) are left out too: about half of the metadata, and we never print a number in
 * another format than E.164, which needs none of them (`parsePhoneNumberFromString`,
 * `isValid()`, `.number` and `.countryCallingCode` read only the rest;
 * test/unit/phone-metadata.test.ts compares them with the package's whole metadata over
 * many numbers of every default country). Nothing may call `format*()` with it.
 */
export function phoneMetadataFor(full: MetadataJson, countries: string[]): MetadataJson {
  const all = full as Metadata;
  const wanted = new Set(countries.map((c) => c.trim().toUpperCase()));
  const codes: Record<string, string[]> = {};
  for (const [code, list] of Object.entries(all.country_calling_codes)) {
    if (list.some((c) => wanted.has(c))) codes[code] = list.filter((c, i) => i === 0 || wanted.has(c));
  }
  const kept = Object.values(codes).flat();
  return {
    version: all.version,
    country_calling_codes: codes,
    countries: Object.fromEntries(kept.map((c) => [c, withoutFormatting(all.countries[c] as CountryMetadata)])),
  } as MetadataJson;
}

/**
 * A country's min metadata (an array, by position) without its formatting rules: positions 4
 * (formats), 6 (national prefix formatting rule) and 9 (national prefix optional when
 * formatting) become 0, the min metadata's "none". Every other position is kept where it is.
 */
type CountryMetadata = unknown[];
const FORMATTING_ONLY = [4, 6, 9];

function withoutFormatting(country: CountryMetadata): CountryMetadata {
  return country.map((value, i) => (FORMATTING_ONLY.includes(i) ? 0 : value));
}

/** libphonenumber-js's min metadata, read at run time (a bundle never includes it). */
export function fullPhoneMetadata(): MetadataJson {
  const file = 'libphonenumber-js/metadata.min.json';
  return createRequire(import.meta.url)(file) as MetadataJson;
}

let fromSource: MetadataJson | undefined;

/** The metadata this deployment parses phone numbers with. */
export function phoneMetadata(): MetadataJson {
  if (typeof OMNISTORE_PHONE_METADATA === 'string') {
    fromSource ??= JSON.parse(OMNISTORE_PHONE_METADATA) as MetadataJson;
    return fromSource;
  }
  fromSource ??= phoneMetadataFor(fullPhoneMetadata(), process.env.PHONE_COUNTRIES?.split(',') ?? DEFAULT_PHONE_COUNTRIES);
  return fromSource;
}

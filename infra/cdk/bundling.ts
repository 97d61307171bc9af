// Infra: how a context's Lambda is bundled. The CDK stack and the benchmark both use this,
// so the bundle measured is the bundle deployed.

import { fileURLToPath } from 'node:url';
import { DEFAULT_PHONE_COUNTRIES, fullPhoneMetadata, phoneMetadataFor } from '#shared/profiles/index.ts';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

export const lambdaEntry = (context: string) => `${projectRoot}functions/${context}/lambda.ts`;

/** ESM bundles need a require() for the few CommonJS dependencies that call it. */
export const esmRequireBanner = "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";

/**
 * Tree shaking of our own modules: package.json says `"sideEffects": false`, so a module an
 * index.ts re-exports but the function never uses is left out whole, with the zod schemas it
 * builds at import (esbuild keeps top-level calls otherwise). No module of ours is imported
 * for its side effects alone.
 */
export const bundlingOptions = {
  minify: true,
  // Stack traces in the logs name our source files and lines (runtimeNodeOptions). The map
  // leaves the sources' text out: positions are all a trace needs, and a smaller map is read
  // faster at every cold start (~4 ms of ~15 for orders' map).
  sourceMap: true,
  sourcesContent: false,
  target: 'node24',
  format: 'esm' as const,
  mainFields: ['module', 'main'],
  banner: esmRequireBanner,
  // The nodejs24.x runtime ships AWS SDK v3; using it (CDK's default too) keeps each bundle
  // to our code and its few libraries (~150–300 KB instead of ~450–600 KB with the SDK inlined).
  externalModules: ['@aws-sdk/*'],
};

/**
 * Imports the bundler redirects. `node:http` imported as an ES module (middy's util does, for
 * STATUS_CODES) makes Node build its whole namespace, whose lazy getters load Node's fetch
 * implementation (undici): ~20 ms of CPU at every cold start for nothing. By require (this
 * file's CommonJS shim) the module comes without them.
 */
export const bundlingAliases: Record<string, string> = { 'node:http': `${projectRoot}infra/cdk/node-http.cjs` };

/** The functions' NODE_OPTIONS: stack traces mapped to our sources (the bench's init measure runs with it too). */
export const runtimeNodeOptions = '--enable-source-maps';

/**
 * The bundle's compile-time constants: the phone numbering metadata of the countries the
 * deployment serves (CDK context `phoneCountries`, e.g. `-c phoneCountries=ES,PT`; default
 * DEFAULT_PHONE_COUNTRIES), as a JSON string, so a bundle carries those countries only.
 */
export function bundlingDefine(phoneCountries: string[] = DEFAULT_PHONE_COUNTRIES): Record<string, string> {
  const full = fullPhoneMetadata() as unknown as { countries: Record<string, unknown> };
  const unknown = phoneCountries.filter((c) => !(c.trim().toUpperCase() in full.countries));
  if (unknown.length) throw new Error(`phoneCountries: unknown country code(s) ${unknown.join(', ')} (ISO 3166-1 alpha-2 expected).`);
  return { OMNISTORE_PHONE_METADATA: JSON.stringify(JSON.stringify(phoneMetadataFor(full as never, phoneCountries))) };
}

/** The `phoneCountries` setting as given in CDK context: "ES,PT" or ["ES", "PT"]. */
export const phoneCountriesSetting = (value: unknown): string[] | undefined =>
  typeof value === 'string' ? value.split(',').filter(Boolean) : Array.isArray(value) ? value.map(String) : undefined;

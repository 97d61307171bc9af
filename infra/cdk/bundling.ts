// Infra: how a context's Lambda is bundled. The CDK stack and the benchmark both use this,
// so the bundle measured is the bundle deployed.

import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

export const lambdaEntry = (context: string) => `${projectRoot}functions/${context}/lambda.ts`;

/** ESM bundles need a require() for the few CommonJS dependencies that call it. */
export const esmRequireBanner = "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";

export const bundlingOptions = {
  minify: true,
  sourceMap: true,
  target: 'node24',
  format: 'esm' as const,
  mainFields: ['module', 'main'],
  banner: esmRequireBanner,
  // The nodejs24.x runtime ships AWS SDK v3; using it (CDK's default too) keeps each bundle
  // to our code and its few libraries (~150–300 KB instead of ~450–600 KB with the SDK inlined).
  externalModules: ['@aws-sdk/*'],
};

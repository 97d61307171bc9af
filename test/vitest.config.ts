import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // The concurrency tests (hundreds of requests at once) share one DynamoDB Local with the
    // other files: alone they take seconds, beside the heaviest ones up to a minute here.
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // Two cores here: a few files at a time keep DynamoDB Local responsive.
    maxWorkers: 3,
  },
});

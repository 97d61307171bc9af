// The benchmark's scenarios, each run once at a tiny scale on this worker's DynamoDB Local
// (setup, then one measured request, no warm-up): a scenario whose fixtures no longer fit
// the API fails here, in `npm test`, rather than in the next `npm run bench`.

import { describe, expect, it } from 'vitest';
import { deleteTable } from '#infra/local/table.ts';
import { loadScenarios, runScenario, type SharedTables } from '#test/bench/harness.ts';
import { workerEndpoint } from '#test/support/table.ts';

/** 10,000 stores seed 100 (at least one of anything). */
const SCALE = 0.01;

const groups = await loadScenarios();

describe.concurrent('bench scenarios (smoke: tiny scale, one request each; the files side by side)', () => {
  for (const { file, scenarios } of groups) {
    it(`${file}: every scenario sets up and answers as it expects`, async () => {
      const shared: SharedTables = new Map();
      try {
        for (const scenario of scenarios) {
          const result = await runScenario(workerEndpoint(), scenario, shared, { scale: SCALE, iterations: 1, warmup: 0 });
          expect(result.requests, scenario.name).toBe(1);
          expect(result.dynamodbCallsPerRequest, scenario.name).toBeGreaterThan(0);
        }
      } finally {
        for (const table of shared.values()) await deleteTable(workerEndpoint(), table);
      }
      // Alone ~2–8 s a file; beside the whole suite on two cores, several times that.
    }, 180_000);
  }
});

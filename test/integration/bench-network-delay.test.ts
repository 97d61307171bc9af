// `npm run bench -- --network-ms N`: the relay in front of DynamoDB Local carries every
// request and answer intact, each held N ms on the way (test/bench/network-delay.ts).

import { describe, expect, it } from 'vitest';
import { deleteTable } from '#infra/local/table.ts';
import { loadScenarios, runScenario, type SharedTables } from '#test/bench/harness.ts';
import { startNetworkDelay } from '#test/bench/network-delay.ts';
import { workerEndpoint } from '#test/support/table.ts';

/** Long beside a local call (a few ms), so the wait cannot be mistaken for one. */
const DELAY_MS = 25;

describe('the bench network delay', () => {
  it('relays a scenario to DynamoDB Local and back, each call held the delay each way', async () => {
    const [group] = await loadScenarios('dense city (100 stores in 60×54 km, 5 km, limit 20)');
    const network = await startNetworkDelay(workerEndpoint(), DELAY_MS);
    const shared: SharedTables = new Map();
    try {
      const result = await runScenario(network.endpoint, group!.scenarios[0]!, shared, { scale: 0.01, iterations: 3, warmup: 2 });
      expect(result.requests).toBe(3);
      expect(result.dynamodbCallsPerRequest).toBeGreaterThan(1);
      // At least one DynamoDB round (there and back) before any answer; it takes more than one.
      expect(result.p50ms).toBeGreaterThanOrEqual(2 * DELAY_MS);
    } finally {
      for (const table of shared.values()) await deleteTable(workerEndpoint(), table);
      await network.stop();
    }
  }, 60_000);
});

// Bench harness: loads the scenario files and runs one scenario over the local stack (its
// own table on a DynamoDB Local, the local HTTP server in-process), measuring each request.
// `npm run bench` (run.ts) runs them all at full size; test/integration/bench-smoke.test.ts
// runs each once at a tiny scale inside `npm test`, so a scenario's fixtures cannot break
// unnoticed.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '#infra/cdk/bundling.ts';
import { startLocalServer } from '#infra/local/server.ts';
import { createTable, deleteTable } from '#infra/local/table.ts';
import { createLocalIssuer } from '#infra/local/tokens.ts';
import { localDeps } from '#shared/runtime/deps.ts';
import { createDocumentClient } from '#shared/runtime/dynamodb.ts';
import { attachMeter } from '#shared/runtime/dynamodb-meter.ts';
import type { BenchContext, BenchScenario } from './scenario.ts';

export type EndpointResult = {
  scenario: string;
  requests: number;
  concurrency: number;
  p50ms: number;
  p99ms: number;
  requestsPerSecond: number;
  dynamodbCallsPerRequest: number;
  capacityUnitsPerRequest: number;
  itemsReadPerRequest: number;
  floorCalls: number;
  ratioToFloor: number;
  callsByCommand: Record<string, number>;
  /** What the scenario measured itself (BenchScenario.figures). */
  figures?: Record<string, number | string>;
};

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** Scenario files in order, each with its scenarios (those whose name contains one of `only`, a|b, when given). */
export async function loadScenarios(only?: string): Promise<Array<{ file: string; scenarios: BenchScenario[] }>> {
  const dir = join(projectRoot, 'test/bench/scenarios');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort();
  const out: Array<{ file: string; scenarios: BenchScenario[] }> = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { scenarios: BenchScenario[] };
    const names = only?.toLowerCase().split('|');
    const scenarios = names ? mod.scenarios.filter((s) => names.some((o) => s.name.toLowerCase().includes(o))) : mod.scenarios;
    if (scenarios.length) out.push({ file, scenarios });
  }
  return out;
}

/** Tables that scenarios of one file share (BenchScenario.sharedTable): seeded once, dropped with the file. */
export type SharedTables = Map<string, string>;

/** How a run sizes its scenarios: the bench takes each scenario's own counts at scale 1. */
export type RunSize = { scale: number; iterations?: number; warmup?: number };

export async function runScenario(
  endpoint: string,
  scenario: BenchScenario,
  shared: SharedTables,
  size: RunSize = { scale: 1 },
): Promise<EndpointResult> {
  const reused = scenario.sharedTable ? shared.get(scenario.sharedTable) : undefined;
  const tableName = reused ?? `bench-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  if (!reused) await createTable(endpoint, tableName);
  if (scenario.sharedTable && !reused) shared.set(scenario.sharedTable, tableName);
  const db = createDocumentClient({ endpoint });
  const meter = attachMeter(db);
  const deps = localDeps({ endpoint, tableName, db, logLevel: 'ERROR' });
  deps.validateResponses = false; // measure what AWS runs
  const issuer = await createLocalIssuer();
  const server = await startLocalServer({ deps, issuer });
  const ctx: BenchContext = {
    deps,
    url: server.url,
    customer: (id) => issuer.sign({ customer: id }),
    staff: (storeId, role = 'associate') => issuer.sign({ staff: `staff-${storeId}`, storeId, role }),
    agent: (agentId) => issuer.sign({ agent: agentId }),
    integration: (...scopes) => issuer.sign({ client: 'bench', scopes }),
    scale: size.scale,
  };
  try {
    if (!reused) await scenario.setup?.(ctx);
    const iterations = size.iterations ?? scenario.iterations ?? 200;
    const warmup = size.warmup ?? scenario.warmup ?? 20;
    const concurrency = scenario.concurrency ?? 1;
    const once = async (i: number) => {
      if (scenario.direct) {
        const started = performance.now();
        await scenario.direct(ctx, i);
        return performance.now() - started;
      }
      if (!scenario.request) throw new Error(`${scenario.name}: neither request nor direct`);
      const req = await scenario.request(ctx, i);
      const started = performance.now();
      const res = await fetch(`${server.url}${req.path}`, {
        method: req.method,
        headers: {
          ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(req.token ? { authorization: `Bearer ${req.token}` } : {}),
          ...req.headers,
        },
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
      });
      const text = await res.text();
      const elapsed = performance.now() - started;
      if (res.status !== (req.expect ?? 200)) {
        throw new Error(`${scenario.name}: ${req.method} ${req.path} answered ${res.status}: ${text.slice(0, 300)}`);
      }
      return elapsed;
    };
    const runMany = async (count: number, offset: number) => {
      const times: number[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < count) {
            const i = next++;
            times.push(await once(offset + i));
          }
        }),
      );
      return times;
    };
    await runMany(warmup, 0);
    meter.reset();
    const started = performance.now();
    const times = (await runMany(iterations, warmup)).sort((a, b) => a - b);
    const wall = performance.now() - started;
    const callsPerRequest = meter.calls / iterations;
    const { capacityUnits, itemsRead } = meter;
    const byCommand = { ...meter.byCommand };
    // After the meter is read: what a scenario measures itself is not its requests' cost.
    const figures = await scenario.figures?.(ctx);
    return {
      scenario: scenario.name,
      requests: iterations,
      concurrency,
      p50ms: round(percentile(times, 50)),
      p99ms: round(percentile(times, 99)),
      requestsPerSecond: round((iterations / wall) * 1000),
      dynamodbCallsPerRequest: round(callsPerRequest),
      capacityUnitsPerRequest: round(capacityUnits / iterations),
      itemsReadPerRequest: round(itemsRead / iterations),
      floorCalls: scenario.floorCalls,
      ratioToFloor: round(callsPerRequest / scenario.floorCalls),
      callsByCommand: Object.fromEntries(Object.entries(byCommand).map(([k, v]) => [k, round(v / iterations)])),
      ...(figures ? { figures } : {}),
    };
  } finally {
    await server.close();
    db.destroy();
    if (!scenario.sharedTable) await deleteTable(endpoint, tableName);
  }
}

export const round = (n: number) => Math.round(n * 100) / 100;

// `npm run bench`: per endpoint over the local stack (DynamoDB Local + local HTTP server)
// p50/p99 latency, DynamoDB calls and consumed capacity per request, and the ratio to the
// calls the request needs at the least; per function the minified bundle size and module
// init time in a fresh process. Prints a table and writes test/bench/results/<time>.json.
// Options: --only <text> (scenarios whose name contains it; several as a|b), --skip-bundles.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { contexts } from '#functions/index.ts';
import { bundlingDefine, bundlingOptions, lambdaEntry, projectRoot } from '#infra/cdk/bundling.ts';
import { startDynamoDbLocal } from '#infra/local/dynamodb-local.ts';
import { startLocalServer } from '#infra/local/server.ts';
import { createTable, deleteTable } from '#infra/local/table.ts';
import { createLocalIssuer } from '#infra/local/tokens.ts';
import { localDeps } from '#shared/runtime/deps.ts';
import { createDocumentClient } from '#shared/runtime/dynamodb.ts';
import { attachMeter } from '#shared/runtime/dynamodb-meter.ts';
import type { BenchContext, BenchScenario } from './scenario.ts';

const { values: args } = parseArgs({ options: { only: { type: 'string' }, 'skip-bundles': { type: 'boolean' } } });

type EndpointResult = {
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
};

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** Scenario files in order, each with its scenarios (filtered by --only). */
async function loadScenarios(): Promise<Array<{ file: string; scenarios: BenchScenario[] }>> {
  const dir = join(projectRoot, 'test/bench/scenarios');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort();
  const out: Array<{ file: string; scenarios: BenchScenario[] }> = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { scenarios: BenchScenario[] };
    const only = args.only?.toLowerCase().split('|');
    const scenarios = only ? mod.scenarios.filter((s) => only.some((o) => s.name.toLowerCase().includes(o))) : mod.scenarios;
    if (scenarios.length) out.push({ file, scenarios });
  }
  return out;
}

/** Tables that scenarios of one file share (BenchScenario.sharedTable): seeded once, dropped with the file. */
type SharedTables = Map<string, string>;

async function runScenario(endpoint: string, scenario: BenchScenario, shared: SharedTables): Promise<EndpointResult> {
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
  };
  try {
    if (!reused) await scenario.setup?.(ctx);
    const iterations = scenario.iterations ?? 200;
    const warmup = scenario.warmup ?? 20;
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
    return {
      scenario: scenario.name,
      requests: iterations,
      concurrency,
      p50ms: round(percentile(times, 50)),
      p99ms: round(percentile(times, 99)),
      requestsPerSecond: round((iterations / wall) * 1000),
      dynamodbCallsPerRequest: round(callsPerRequest),
      capacityUnitsPerRequest: round(meter.capacityUnits / iterations),
      itemsReadPerRequest: round(meter.itemsRead / iterations),
      floorCalls: scenario.floorCalls,
      ratioToFloor: round(callsPerRequest / scenario.floorCalls),
      callsByCommand: Object.fromEntries(Object.entries(meter.byCommand).map(([k, v]) => [k, round(v / iterations)])),
    };
  } finally {
    await server.close();
    db.destroy();
    if (!scenario.sharedTable) await deleteTable(endpoint, tableName);
  }
}

type FunctionResult = { function: string; bundleKB: number; initMsMedian: number; initCpuMsMedian: number };

/** Bundles each context exactly as the CDK stack does and times its import in a fresh node. */
async function measureFunctions(): Promise<FunctionResult[]> {
  const out: FunctionResult[] = [];
  // Inside the project so external modules (the AWS SDK, as the runtime provides it) resolve.
  const dir = join(projectRoot, 'node_modules/.cache/omnistore-bundles');
  for (const { name } of contexts) {
    const outfile = join(dir, name, 'index.mjs');
    await build({
      entryPoints: [lambdaEntry(name)],
      outfile,
      bundle: true,
      platform: 'node',
      target: bundlingOptions.target,
      format: bundlingOptions.format,
      minify: bundlingOptions.minify,
      mainFields: bundlingOptions.mainFields,
      banner: { js: bundlingOptions.banner },
      external: bundlingOptions.externalModules,
      define: bundlingDefine(),
      logLevel: 'error',
    });
    const inits: number[] = [];
    const cpus: number[] = [];
    for (let i = 0; i < 5; i++) {
      // Wall time, and the CPU time the process spent (less sensitive to other load on the machine).
      const script = `const c=process.cpuUsage();const t=performance.now();await import(${JSON.stringify(pathToFileURL(outfile).href)});const u=process.cpuUsage(c);console.log(performance.now()-t,(u.user+u.system)/1000)`;
      const ms = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        env: { ...process.env, TABLE_NAME: 'bench', AWS_REGION: 'eu-west-1', IDENTITY_HASH_KEY: 'bench-identity-key-0000' },
        encoding: 'utf8',
      });
      const [wall, cpu] = ms.trim().split(' ').map(Number);
      inits.push(wall ?? Number.NaN);
      cpus.push(cpu ?? Number.NaN);
    }
    inits.sort((a, b) => a - b);
    cpus.sort((a, b) => a - b);
    out.push({
      function: name,
      bundleKB: round(statSync(outfile).size / 1024),
      initMsMedian: round(inits[2]!),
      initCpuMsMedian: round(cpus[2]!),
    });
  }
  return out;
}

const round = (n: number) => Math.round(n * 100) / 100;

async function main() {
  // Latency and init times are wall clock: other load on the machine shows in them, so say how much there was.
  const loadBefore = loadavg().map(round);
  const groups = await loadScenarios();
  const endpoints: EndpointResult[] = [];
  // A fresh DynamoDB Local per scenario file: after tens of thousands of writes (10,000
  // stores…) its JVM slows down and would skew the figures of the files that follow.
  for (const group of groups) {
    const dynamodb = await startDynamoDbLocal();
    const shared: SharedTables = new Map();
    try {
      for (const scenario of group.scenarios) {
        process.stderr.write(`… ${scenario.name}\n`);
        const result = await runScenario(dynamodb.endpoint, scenario, shared);
        endpoints.push(result);
        // Each figure as soon as it is known, so a long run that is stopped still reports.
        process.stderr.write(
          `  p50 ${result.p50ms} ms, p99 ${result.p99ms} ms, ${result.dynamodbCallsPerRequest} calls/req, ${result.capacityUnitsPerRequest} capacity/req, ${result.itemsReadPerRequest} items/req\n`,
        );
      }
    } finally {
      await dynamodb.stop();
    }
  }
  const functions = args['skip-bundles'] ? [] : await measureFunctions();
  const load = { before: loadBefore, after: loadavg().map(round) };
  console.log(`\nMachine load average (1, 5, 15 min): ${load.before.join(' ')} at the start, ${load.after.join(' ')} at the end`);

  console.log('\nEndpoints (local stack: DynamoDB Local + local HTTP server, sequential unless noted)');
  console.table(
    endpoints.map((e) => ({
      scenario: e.scenario,
      'p50 ms': e.p50ms,
      'p99 ms': e.p99ms,
      'req/s': e.requestsPerSecond,
      conc: e.concurrency,
      'ddb calls/req': e.dynamodbCallsPerRequest,
      'capacity/req': e.capacityUnitsPerRequest,
      'items/req': e.itemsReadPerRequest,
      floor: e.floorCalls,
      ratio: e.ratioToFloor,
    })),
  );
  if (functions.length) {
    console.log('Functions (minified ESM bundle as deployed; module init in a fresh node process, median of 5)');
    console.table(
      functions.map((f) => ({
        function: f.function,
        'bundle KB': f.bundleKB,
        'init ms': f.initMsMedian,
        'init CPU ms': f.initCpuMsMedian,
      })),
    );
  }
  const resultsDir = join(projectRoot, 'test/bench/results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), node: process.version, load, endpoints, functions }, null, 2));
  console.log(`Written ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

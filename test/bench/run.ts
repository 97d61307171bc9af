// `npm run bench`: per endpoint over the local stack (DynamoDB Local + local HTTP server)
// p50/p99 latency, DynamoDB calls and consumed capacity per request, and the ratio to the
// calls the request needs at the least; per function the minified bundle size and module
// init time in a fresh process. Prints a table and writes test/bench/results/<time>.json.
// Options: --only <text> (scenarios whose name contains it; several as a|b), --skip-bundles,
// --network-ms <n> (every DynamoDB request and answer held n ms on the way, as a network would: network-delay.ts).

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { contexts } from '#functions/index.ts';
import { bundlingAliases, bundlingDefine, bundlingOptions, lambdaEntry, projectRoot, runtimeNodeOptions } from '#infra/cdk/bundling.ts';
import { startDynamoDbLocal } from '#infra/local/dynamodb-local.ts';
import { type EndpointResult, loadScenarios, round, runScenario, type SharedTables } from './harness.ts';
import { startNetworkDelay } from './network-delay.ts';

const { values: args } = parseArgs({
  options: { only: { type: 'string' }, 'skip-bundles': { type: 'boolean' }, 'network-ms': { type: 'string' } },
});
const networkMs = Number(args['network-ms'] ?? 0);
if (!(networkMs >= 0)) throw new Error('--network-ms takes a number of milliseconds');

type FunctionResult = { function: string; bundleKB: number; initMsMedian: number; initCpuMsMedian: number };

/** Bundles each context exactly as the CDK stack does and times its import in a fresh node, with the functions' NODE_OPTIONS. */
async function measureFunctions(): Promise<FunctionResult[]> {
  const out: FunctionResult[] = [];
  // Inside the project so external modules (the AWS SDK, as the runtime provides it) resolve.
  // One directory per checkout: worktrees sharing node_modules must not build over each other's bundles.
  const checkout = createHash('sha256').update(projectRoot).digest('hex').slice(0, 8);
  const dir = join(projectRoot, 'node_modules/.cache/omnistore-bundles', checkout);
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
      sourcemap: bundlingOptions.sourceMap,
      sourcesContent: bundlingOptions.sourcesContent,
      mainFields: bundlingOptions.mainFields,
      banner: { js: bundlingOptions.banner },
      external: bundlingOptions.externalModules,
      alias: bundlingAliases,
      define: bundlingDefine(),
      logLevel: 'error',
    });
    const inits: number[] = [];
    const cpus: number[] = [];
    for (let i = 0; i < 5; i++) {
      // Wall time, and the CPU time the process spent (less sensitive to other load on the machine).
      const script = `const c=process.cpuUsage();const t=performance.now();await import(${JSON.stringify(pathToFileURL(outfile).href)});const u=process.cpuUsage(c);console.log(performance.now()-t,(u.user+u.system)/1000)`;
      const ms = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        // As deployed: NODE_OPTIONS maps stack traces, which reads the bundle's source map at import.
        env: {
          ...process.env,
          NODE_OPTIONS: runtimeNodeOptions,
          TABLE_NAME: 'bench',
          AWS_REGION: 'eu-west-1',
          IDENTITY_HASH_KEY: 'bench-identity-key-0000',
        },
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

async function main() {
  // Latency and init times are wall clock: other load on the machine shows in them, so say how much there was.
  const loadBefore = loadavg().map(round);
  const groups = await loadScenarios(args.only);
  const endpoints: EndpointResult[] = [];
  // A fresh DynamoDB Local per scenario file: after tens of thousands of writes (10,000
  // stores…) its JVM slows down and would skew the figures of the files that follow.
  for (const group of groups) {
    const dynamodb = await startDynamoDbLocal();
    const network = networkMs > 0 ? await startNetworkDelay(dynamodb.endpoint, networkMs) : undefined;
    const shared: SharedTables = new Map();
    try {
      for (const scenario of group.scenarios) {
        process.stderr.write(`… ${scenario.name}\n`);
        const result = await runScenario(network?.endpoint ?? dynamodb.endpoint, scenario, shared);
        endpoints.push(result);
        // Each figure as soon as it is known, so a long run that is stopped still reports.
        process.stderr.write(
          `  p50 ${result.p50ms} ms, p99 ${result.p99ms} ms, ${result.dynamodbCallsPerRequest} calls/req, ${result.capacityUnitsPerRequest} capacity/req, ${result.itemsReadPerRequest} items/req\n`,
        );
        if (result.figures)
          process.stderr.write(
            `  ${Object.entries(result.figures)
              .map(([k, v]) => `${k}: ${v}`)
              .join(', ')}\n`,
          );
      }
    } finally {
      await network?.stop();
      await dynamodb.stop();
    }
  }
  const functions = args['skip-bundles'] ? [] : await measureFunctions();
  const load = { before: loadBefore, after: loadavg().map(round) };
  console.log(`\nMachine load average (1, 5, 15 min): ${load.before.join(' ')} at the start, ${load.after.join(' ')} at the end`);

  const over = networkMs ? `, every DynamoDB request and answer held ${networkMs} ms on the way` : '';
  console.log(`\nEndpoints (local stack: DynamoDB Local + local HTTP server${over}, sequential unless noted)`);
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
  const measured = endpoints.filter((e) => e.figures);
  if (measured.length) {
    console.log('Measured by the scenarios themselves, beside the items read per request');
    console.table(measured.map((e) => ({ scenario: e.scenario, 'items/req': e.itemsReadPerRequest, ...e.figures })));
  }
  if (functions.length) {
    console.log(
      "Functions (minified ESM bundle as deployed; module init in a fresh node process with the functions' NODE_OPTIONS, median of 5)",
    );
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
  writeFileSync(
    file,
    JSON.stringify({ at: new Date().toISOString(), node: process.version, load, networkMs, endpoints, functions }, null, 2),
  );
  console.log(`Written ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

// Benchmark contract: each context adds a file test/bench/scenarios/<context>.ts that
// exports `scenarios: BenchScenario[]`; test/bench/run.ts runs them all over the local
// stack (DynamoDB Local + the local HTTP server) and reports per endpoint.

import type { Scope, StaffRole } from '#shared/platform/actor.ts';
import type { Deps } from '#shared/runtime/deps.ts';

export type BenchRequest = {
  method: string;
  path: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Expected status; the run fails loudly if a request answers anything else. */
  expect?: number;
};

export type BenchContext = {
  /** Deps over this scenario's own fresh table (seed through repositories with these). */
  deps: Deps;
  url: string;
  customer: (id: string) => Promise<string>;
  staff: (storeId: string, role?: StaffRole) => Promise<string>;
  agent: (agentId: string) => Promise<string>;
  integration: (...scopes: Scope[]) => Promise<string>;
  /** How much of its data a setup seeds: 1 in the bench; the smoke test in `npm test` runs at a tiny scale. */
  scale: number;
};

export type BenchScenario = {
  /** e.g. "GET /availability (10 SKUs × 10 stores)" */
  name: string;
  /** Seeds data; not measured. */
  setup?: (ctx: BenchContext) => Promise<void>;
  /** Scenarios of one file naming the same table run over it: the first one's setup seeds it. */
  sharedTable?: string;
  /** The i-th measured request. */
  request?: (ctx: BenchContext, i: number) => BenchRequest | Promise<BenchRequest>;
  /** Or the i-th measured call made directly, without HTTP (a baseline written against the SDK). */
  direct?: (ctx: BenchContext, i: number) => Promise<void>;
  /** How many requests to measure (default 200) and how many to run first unmeasured (default 20). */
  iterations?: number;
  warmup?: number;
  /** Requests in flight at once (default 1: latency, not throughput). */
  concurrency?: number;
  /** The DynamoDB calls this request needs at the least, to report our ratio to that floor. */
  floorCalls: number;
  /**
   * Figures the scenario measures itself after its requests, reported beside the endpoint's
   * (the nearby search's trace per search: cells touched, its items target).
   */
  figures?: (ctx: BenchContext) => Promise<Record<string, number | string>>;
};

/** `n` of something at the context's scale (at least one): what a setup seeds. */
export const atScale = (ctx: Pick<BenchContext, 'scale'>, n: number) => Math.max(1, Math.ceil(n * ctx.scale));

// The closest thing to a client: the local server on a free port over a fresh table,
// called with real HTTP and real tokens.

import { afterAll, beforeAll } from 'vitest';
import { startLocalServer } from '#infra/local/server.ts';
import { createLocalIssuer, type LocalIssuer } from '#infra/local/tokens.ts';
import type { Scope, StaffRole } from '#shared/platform/actor.ts';
import type { Clock } from '#shared/runtime/clock.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { createTestTable } from './table.ts';

export type CallOptions = { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> };
export type CallResult<T = any> = { status: number; headers: Headers; body: T };

export type TestApi = {
  url: string;
  deps: Deps;
  issuer: LocalIssuer;
  call: <T = any>(method: string, path: string, options?: CallOptions) => Promise<CallResult<T>>;
  customer: (id: string) => Promise<string>;
  staff: (storeId: string, role?: StaffRole) => Promise<string>;
  agent: (agentId: string) => Promise<string>;
  integration: (...scopes: Scope[]) => Promise<string>;
  close: () => Promise<void>;
};

export async function startTestApi(options: { clock?: Clock } = {}): Promise<TestApi> {
  const table = await createTestTable(options);
  const issuer = await createLocalIssuer();
  const server = await startLocalServer({ deps: table.deps, issuer });
  const call: TestApi['call'] = async (method, path, { token, body, rawBody, headers = {} } = {}) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(body !== undefined || rawBody !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await res.text();
    // JSON and problem+json are parsed; a page or a script (GET /docs) stays text.
    const json = /json/.test(res.headers.get('content-type') ?? 'json');
    return { status: res.status, headers: res.headers, body: text ? (json ? JSON.parse(text) : text) : undefined };
  };
  return {
    url: server.url,
    deps: table.deps,
    issuer,
    call,
    customer: (id) => issuer.sign({ customer: id }),
    staff: (storeId, role = 'associate') => issuer.sign({ staff: `staff-${storeId}`, storeId, role }),
    agent: (agentId) => issuer.sign({ agent: agentId }),
    integration: (...scopes) => issuer.sign({ client: 'test-integration', scopes }),
    close: async () => {
      await server.close();
      await table.drop();
    },
  };
}

/** beforeAll/afterAll pair for a test file; the returned object fills in before the tests run. */
/**
 * What a client does with a 503 (DynamoDB's transient faults outlasting the SDK's retries,
 * which a loaded DynamoDB Local raises as lock-wait timeouts): waits Retry-After, sends again.
 */
export async function retryingUnavailable(send: () => Promise<CallResult>, attempts = 10): Promise<CallResult> {
  for (let attempt = 1; ; attempt++) {
    const res = await send();
    if (res.status !== 503 || attempt >= attempts) return res;
    await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 1) * 1000 * Math.random()));
  }
}

export function useTestApi(options: { clock?: Clock } = {}): TestApi {
  const api = {} as TestApi;
  beforeAll(async () => {
    Object.assign(api, await startTestApi(options));
  });
  afterAll(async () => {
    await api.close?.();
  });
  return api;
}

// Runtime: one DynamoDB API call over HTTP — DynamoDB's JSON protocol, signed with SigV4 —
// retried as the AWS SDK's standard mode retries (throttling, 5xx, dropped connections: up
// to 3 attempts, exponential backoff with full jitter). Errors carry DynamoDB's name
// (ConditionalCheckFailedException…) and its fields, as the SDK's do.

import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { createRequire } from 'node:module';
import { type Credentials, signPost } from './sigv4.ts';

// Plain HTTP is for DynamoDB Local only, so node:http is loaded when first needed, and by
// require: importing it as an ES module also loads Node's fetch implementation (~10 ms).
const loadHttp = () => createRequire(import.meta.url)('node:http') as typeof import('node:http');

/** An error DynamoDB answered (or the connection failed with), named as DynamoDB names it. */
export class DynamoDbError extends Error {
  readonly $metadata: { httpStatusCode?: number; attempts: number };
  readonly CancellationReasons?: Array<{ Code?: string; Message?: string; Item?: Record<string, unknown> }>;
  readonly Item?: Record<string, unknown>;

  constructor(name: string, message: string, fields: { httpStatusCode?: number; attempts?: number; [field: string]: unknown } = {}) {
    super(message);
    const { httpStatusCode, attempts, ...rest } = fields;
    this.name = name;
    this.$metadata = { httpStatusCode, attempts: attempts ?? 1 };
    Object.assign(this, rest);
  }
}

export type Endpoint = { url: URL; region: string; credentials: () => Promise<Credentials>; transport: Transport };

const THROTTLING = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);
const NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);
const MAX_ATTEMPTS = 3;

/**
 * Whether an AWS error is the service busy or unreachable — throttling, a 5xx by any name, a
 * dropped connection — rather than a refusal: what this client retries, and what an answer
 * may call transient. An SDK client's errors (Secrets Manager's) carry the same names and $metadata.
 */
export const isTransientAwsError = (error: unknown): boolean =>
  error instanceof Error &&
  (THROTTLING.has(error.name) ||
    NETWORK.has(error.name) ||
    ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0) >= 500);
const backoff = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * Math.min(20_000, 100 * 2 ** attempt)));

type Transport = { request: typeof httpsRequest; agent: HttpsAgent | import('node:http').Agent };

/** A connection pool for one endpoint, kept open between calls as the SDK does (a TLS handshake is ~10 ms). */
export function transportFor(url: URL): Transport {
  const options = { keepAlive: true, maxSockets: 50 };
  if (url.protocol === 'https:') return { request: httpsRequest, agent: new HttpsAgent(options) };
  const { request, Agent } = loadHttp();
  return { request, agent: new Agent(options) };
}

/** Calls `operation` with the wire-format `body`, retrying what is worth retrying; resolves DynamoDB's JSON answer. */
export async function callDynamoDb(endpoint: Endpoint, operation: string, body: unknown): Promise<Record<string, unknown>> {
  const payload = JSON.stringify(body);
  for (let attempt = 1; ; attempt++) {
    try {
      return await post(endpoint, operation, payload);
    } catch (error) {
      const e =
        error instanceof DynamoDbError ? error : new DynamoDbError((error as { code?: string }).code ?? 'NetworkError', String(error));
      if (attempt >= MAX_ATTEMPTS || !isTransientAwsError(e)) throw Object.assign(e, { $metadata: { ...e.$metadata, attempts: attempt } });
      await backoff(attempt);
    }
  }
}

async function post(endpoint: Endpoint, operation: string, payload: string): Promise<Record<string, unknown>> {
  const { url } = endpoint;
  const headers = signPost({
    host: url.host,
    region: endpoint.region,
    service: 'dynamodb',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'content-length': String(Buffer.byteLength(payload)),
      'x-amz-target': `DynamoDB_20120810.${operation}`,
    },
    body: payload,
    credentials: await endpoint.credentials(),
    now: new Date(),
  });
  const { transport } = endpoint;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      {
        method: 'POST',
        hostname: url.hostname,
        port: url.port || undefined,
        path: '/',
        headers,
        agent: transport.agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown> = {};
          try {
            json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
          } catch {
            // a 5xx from a proxy may not be JSON: its status says enough
          }
          if (status >= 200 && status < 300) resolve(json);
          else reject(errorFrom(status, json));
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function errorFrom(status: number, json: Record<string, unknown>): DynamoDbError {
  const { __type, message, Message, ...fields } = json;
  const name = typeof __type === 'string' ? __type.slice(__type.indexOf('#') + 1) : status >= 500 ? 'InternalServerError' : `Http${status}`;
  return new DynamoDbError(name, String(message ?? Message ?? name), { ...fields, httpStatusCode: status });
}

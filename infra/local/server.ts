// Local runtime: real HTTP in front of the same Lambda handlers API Gateway invokes.
// It plays API Gateway's part: matches the route table, runs the JWT authorizer (with
// the project's local issuer), builds payload-2.0 events, and answers CORS preflights.

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Context } from 'aws-lambda';
import { contexts } from '#functions/index.ts';
import { corsPolicy } from '#shared/http/cors.ts';
import { createLambdaHandler, type LambdaHttpHandler, problemResponse, withSecurityHeaders } from '#shared/http/lambda.ts';
import { HttpProblem, problems } from '#shared/http/problem.ts';
import { type Route, routeKey } from '#shared/http/route.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { LocalSetupError } from './dynamodb-local.ts';
import type { LocalIssuer } from './tokens.ts';

/** API Gateway's own limit for an HTTP API request body. */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

type CompiledRoute = { route: Route; context: string; pattern: RegExp; params: string[]; invoke: LambdaHttpHandler };

function compile(path: string) {
  const params: string[] = [];
  const source = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{([^}]+)\\?\}/g, (_m, name: string) => {
    params.push(name);
    return '([^/]+)';
  });
  return { pattern: new RegExp(`^${source}/?$`), params };
}

export type LocalServer = { url: string; port: number; server: Server; close: () => Promise<void> };

export async function startLocalServer(options: {
  deps: Deps;
  issuer: Pick<LocalIssuer, 'verify'>;
  port?: number;
  host?: string;
}): Promise<LocalServer> {
  const table: CompiledRoute[] = contexts.flatMap((c) => {
    const invoke = createLambdaHandler(c.routes, options.deps);
    return c.routes.map((route) => ({ route, context: c.name, invoke, ...compile(route.path) }));
  });

  const server = createServer((req, res) => {
    handle(req, res, table, options).catch((error: unknown) => {
      send(res, problemResponse(error, options.deps), req.headers.origin);
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new LocalSetupError(
              `Port ${options.port} is already in use: stop what is using it, or start on another port with PORT=<port> npm start.`,
            )
          : error,
      );
    });
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  table: CompiledRoute[],
  options: { deps: Deps; issuer: Pick<LocalIssuer, 'verify'> },
) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = (req.method ?? 'GET').toUpperCase();
  const origin = req.headers.origin;

  if (method === 'OPTIONS') {
    send(
      res,
      {
        statusCode: 204,
        headers: {
          'access-control-allow-methods': corsPolicy.allowMethods.join(','),
          'access-control-allow-headers': corsPolicy.allowHeaders.join(','),
          'access-control-max-age': String(corsPolicy.maxAgeSeconds),
        },
      },
      origin,
    );
    return;
  }

  const onPath = table.filter((r) => r.pattern.test(url.pathname));
  const match = onPath.find((r) => r.route.method === method);
  if (!match) {
    const problem = onPath.length
      ? new HttpProblem(405, `${url.pathname} does not take ${method}.`, {
          headers: { allow: [...new Set(onPath.map((r) => r.route.method))].join(', ') },
        })
      : problems.notFound(`There is no ${method} ${url.pathname}.`);
    send(res, problemResponse(problem, options.deps), origin);
    return;
  }

  const body = await readBody(req);
  if (body === undefined) {
    send(res, problemResponse(problems.tooLarge(MAX_REQUEST_BYTES), options.deps), origin);
    return;
  }

  // The JWT authorizer: protected routes need a valid token; claims are passed on as strings.
  let claims: Record<string, string> | undefined;
  if (match.route.auth !== 'public') {
    const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!token) return send(res, problemResponse(problems.unauthorized(), options.deps), origin);
    try {
      claims = (await options.issuer.verify(token)) as Record<string, string>;
    } catch (error) {
      const why = (error as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'The token has expired.' : 'The token is not valid.';
      return send(res, problemResponse(problems.unauthorized(why), options.deps), origin);
    }
  }

  const values = match.pattern.exec(url.pathname)!.slice(1);
  const pathParameters = Object.fromEntries(match.params.map((name, i) => [name, safeDecode(values[i]!)]));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;

  const now = new Date();
  const requestId = randomUUID();
  const event = {
    version: '2.0',
    routeKey: routeKey(match.route),
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters: Object.keys(pathParameters).length ? pathParameters : undefined,
    isBase64Encoded: false,
    body: body.length ? body.toString('utf8') : undefined,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: routeKey(match.route),
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
    },
  };
  const context = {
    functionName: `omnistore-${match.context}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:omnistore-${match.context}`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/omnistore-${match.context}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 29_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  } as Context;
  const result = await match.invoke(event as never, context);
  send(res, result as { statusCode: number; headers?: Record<string, string | number | boolean>; body?: string }, origin);
}

function safeDecode(value: string) {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(
  res: ServerResponse,
  result: { statusCode?: number; headers?: Record<string, string | number | boolean>; body?: string },
  origin: string | undefined,
) {
  if (res.headersSent) return;
  // Every answer carries the security headers, the gateway's own errors included (the
  // handlers' answers already have them; adding them again changes nothing).
  const { headers } = withSecurityHeaders({ statusCode: result.statusCode, headers: { ...result.headers } }) as {
    headers: Record<string, string>;
  };
  const contentSecurityPolicy = result.headers?.['Content-Security-Policy'];
  res.writeHead(result.statusCode ?? 200, {
    ...headers,
    ...(contentSecurityPolicy ? { 'Content-Security-Policy': String(contentSecurityPolicy) } : {}),
    'access-control-allow-origin': origin ?? '*',
    'access-control-expose-headers': corsPolicy.exposeHeaders.join(','),
    vary: 'origin',
  });
  res.end(result.body ?? '');
}

// HTTP kit: the route table's row. Each context exports an array of these; the Lambda
// router, the CDK stack, the local server and the OpenAPI document all read the same rows.

import type { z } from 'zod';
import type { Actor } from '../platform/actor.ts';
import type { Deps } from '../runtime/deps.ts';
import type { AuthRequirement } from './principal.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type HandlerRequest<P, Q, B> = {
  path: P;
  query: Q;
  body: B;
  /** Who is calling, built once from the verified token. */
  actor: Actor;
  headers: Record<string, string | undefined>;
  requestId: string;
};

export type HandlerResult = {
  status: number;
  body?: unknown;
  /** A body sent as it is (a page, a script), with its content-type in `headers`; `body` is JSON. */
  text?: string;
  headers?: Record<string, string>;
};

/** A handler's request typed by its path, query and body (HandlerRequest with defaults). */
export type Req<P = undefined, Q = undefined, B = undefined> = HandlerRequest<P, Q, B>;
/** 200 with a JSON body: most handlers' answer. */
export const ok = (body: unknown): HandlerResult => ({ status: 200, body });

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export type RouteSpec<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined> = {
  method: Method;
  /** API Gateway path syntax: /stores/{storeId}/stock */
  path: string;
  summary: string;
  /** Longer prose for the API reference (GET /docs): behaviour, limits, what to do on errors. */
  description?: string;
  tags?: string[];
  auth: AuthRequirement;
  request?: { path?: P; query?: Q; body?: B; headers?: Record<string, string> };
  /** The success response: its status and body schema (none for 204). */
  response: { status: number; schema?: Schema; description?: string };
  /** Error statuses this route can answer besides the generic ones, for the OpenAPI document. */
  errors?: number[];
  /** A page's own Content-Security-Policy (GET /docs); JSON routes keep the kit's `default-src 'none'`. */
  contentSecurityPolicy?: string;
  /** Largest accepted body in bytes (default 16 KiB). */
  maxBodyBytes?: number;
  handler: (req: HandlerRequest<Out<P>, Out<Q>, Out<B>>, deps: Deps) => Promise<HandlerResult>;
};

// The table holds routes of many shapes; the kit only needs them erased.
// biome-ignore lint/suspicious/noExplicitAny: a table of routes of many shapes, erased for the kit
export type Route = RouteSpec<any, any, any>;

export function defineRoute<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
>(spec: RouteSpec<P, Q, B>): Route {
  return spec as Route;
}

/** "GET /stores/{storeId}" — the same key API Gateway puts in event.routeKey. */
export const routeKey = (route: Pick<Route, 'method' | 'path'>) => `${route.method} ${route.path}`;

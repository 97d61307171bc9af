// HTTP kit: RFC 9457 problem details. Every error a client sees is one of these; the
// core's domain errors become one here, and only here.

import type { DomainError, ErrorKind, FieldError } from '../runtime/errors.ts';

export type { FieldError };

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export class HttpProblem extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    detail: string,
    options: { type?: string; extensions?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
    this.status = status;
    this.title = titles[status] ?? 'Error';
    this.type = `urn:omnistore:problem:${options.type ?? slug(this.title)}`;
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }

  /** RFC 9457's members win over extensions: `status` is always the HTTP status (domain states go in their own member). */
  toJSON() {
    return { ...this.extensions, type: this.type, title: this.title, status: this.status, detail: this.message };
  }
}

function slug(title: string) {
  return title.toLowerCase().replace(/[^a-z]+/g, '-');
}

export const problems = {
  validation: (errors: FieldError[], detail = describe(errors)) =>
    new HttpProblem(400, detail, { type: 'validation', extensions: { errors } }),
  badRequest: (detail: string, type?: string) => new HttpProblem(400, detail, { type }),
  unauthorized: (detail = 'A valid bearer token is required.') =>
    new HttpProblem(401, detail, { headers: { 'www-authenticate': 'Bearer' } }),
  forbidden: (detail: string) => new HttpProblem(403, detail),
  notFound: (detail: string) => new HttpProblem(404, detail),
  conflict: (detail: string, type = 'conflict', extensions?: Record<string, unknown>) => new HttpProblem(409, detail, { type, extensions }),
  tooLarge: (limit: number) => new HttpProblem(413, `The request body is larger than the ${limit} bytes this endpoint accepts.`),
  unsupportedMediaType: () => new HttpProblem(415, 'Send the body as application/json.'),
  locked: (detail: string) => new HttpProblem(423, detail),
  unavailable: (detail: string, retryAfterSeconds = 1) =>
    new HttpProblem(503, detail, { headers: { 'retry-after': String(retryAfterSeconds) } }),
};

const statusOf: Record<ErrorKind, number> = {
  'not-found': 404,
  invalid: 400,
  unprocessable: 422,
  forbidden: 403,
  conflict: 409,
  busy: 409,
  'in-progress': 409,
  locked: 423,
};

/**
 * A domain error as problem+json. Field paths name the command's fields ("lines[0].sku");
 * `locate` says where in the request each one came from ("body.lines[0].sku").
 */
export function problemFromDomain(error: DomainError, locate: (path: string) => string): HttpProblem {
  const errors = error.fields.map((f) => ({ path: locate(f.path), message: f.message }));
  const detail = errors.length && error.kind === 'invalid' ? describe(errors) : error.message;
  const type = error.kind === 'not-found' || error.kind === 'forbidden' || error.kind === 'locked' ? undefined : error.code;
  return new HttpProblem(statusOf[error.kind], detail, {
    type,
    extensions: { ...error.details, ...(errors.length ? { errors } : {}) },
    // The twin request in flight commits or fails within a second or two.
    ...(error.kind === 'in-progress' ? { headers: { 'retry-after': '1' } } : {}),
  });
}

function describe(errors: FieldError[]): string {
  const first = errors[0];
  if (!first) return 'The request is not valid.';
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return `${first.path}: ${first.message}${more}`;
}

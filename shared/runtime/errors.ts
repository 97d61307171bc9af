// Runtime: the few errors the core raises. Business code says what went wrong in domain
// terms; shared/http/problem.ts alone turns these into RFC 9457 problem+json.

/** A field the caller got wrong, named by its path in the command ("lines[0].quantity"). */
export type FieldError = { path: string; message: string };

export type ErrorKind = 'not-found' | 'invalid' | 'unprocessable' | 'forbidden' | 'conflict' | 'busy' | 'in-progress' | 'locked';

export class DomainError extends Error {
  readonly kind: ErrorKind;
  /** A stable, machine-readable reason ("insufficient-stock"); clients switch on it. */
  readonly code: string;
  /** Extra members a client can act on (alternatives, the short lines…). */
  readonly details: Record<string, unknown>;
  readonly fields: FieldError[];

  constructor(kind: ErrorKind, message: string, options: { code?: string; details?: Record<string, unknown>; fields?: FieldError[] } = {}) {
    super(message);
    this.name = 'DomainError';
    this.kind = kind;
    this.code = options.code ?? kind;
    this.details = options.details ?? {};
    this.fields = options.fields ?? [];
  }
}

function describe(fields: FieldError[]): string {
  const first = fields[0];
  if (!first) return 'The request is not valid.';
  const more = fields.length > 1 ? ` (and ${fields.length - 1} more)` : '';
  return `${first.path}: ${first.message}${more}`;
}

export const fail = {
  notFound: (message: string) => new DomainError('not-found', message),
  /** Bad input, naming each field. */
  invalid: (fields: FieldError[], message = describe(fields)) => new DomainError('invalid', message, { code: 'validation', fields }),
  /** Well-formed input that refers to something that is not there (a store, a SKU). */
  unprocessable: (fields: FieldError[], code = 'unknown-reference', details?: Record<string, unknown>) =>
    new DomainError('unprocessable', fields.map((f) => `${f.path}: ${f.message}`).join(' '), { code, fields, details }),
  /** Same as unprocessable, for a refusal that names no field. */
  refused: (message: string, code: string, details?: Record<string, unknown>) =>
    new DomainError('unprocessable', message, { code, details }),
  forbidden: (message: string) => new DomainError('forbidden', message),
  conflict: (message: string, code = 'conflict', details?: Record<string, unknown>) =>
    new DomainError('conflict', message, { code, details }),
  /** Lost a race too many times; the caller may simply retry. */
  busy: (message = 'Another update to the same data was in progress; retry.') => new DomainError('busy', message, { code: 'busy' }),
  locked: (message: string) => new DomainError('locked', message),
  /** The same request (same Idempotency-Key, channel order id…) is being applied right now; ask again shortly. */
  inProgress: (message = 'The same request is still being processed; retry shortly to get its answer.') =>
    new DomainError('in-progress', message, { code: 'request-in-progress' }),
};

/** Whether `error` is a domain error, optionally with this code. */
export function isDomainError(error: unknown, code?: string): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}

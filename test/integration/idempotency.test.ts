import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { appointmentEvents } from '#shared/appointments/events.ts';
import { readIdempotencyKey } from '#shared/http/idempotency-key.ts';
import { HttpProblem, problemFromDomain } from '#shared/http/problem.ts';
import { idempotent } from '#shared/platform/idempotency.ts';
import { eventsAbout, outboxPut } from '#shared/platform/outbox.ts';
import { QueryCommand } from '#shared/runtime/dynamodb.ts';
import { type DomainError, fail } from '#shared/runtime/errors.ts';
import { transactWrite } from '#shared/table/transact.ts';
import { cancelled, injectFault } from '#test/support/faults.ts';
import { createTestTable, useTestTable } from '#test/support/table.ts';

const t = useTestTable();

/** A create: one new item per effect, plus the idempotency record in the same transaction. */
const createThing = (key: string | undefined, request: unknown, partition: string) =>
  idempotent<{ id: string }>(t.deps, {
    scope: `thing:${partition}`,
    key,
    request,
    run: async (record) => {
      const response = { id: ulid() };
      const put = { Put: { TableName: t.tableName, Item: { PK: partition, SK: `THING#${response.id}` } } };
      const rec = record(response);
      await transactWrite(t.deps, rec ? [put, rec] : [put]);
      return response;
    },
  });

const count = async (partition: string) =>
  (
    await t.deps.db.send(
      new QueryCommand({ TableName: t.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': partition } }),
    )
  ).Items?.length;

describe('idempotent creates', () => {
  it('replay the first response for a retry with the same key', async () => {
    const first = await createThing('key-1', { a: 1 }, 'P1');
    const again = await createThing('key-1', { a: 1 }, 'P1');
    expect(first.replayed).toBe(false);
    expect(again).toEqual({ response: first.response, replayed: true });
    expect(await count('P1')).toBe(1);
  });

  it('refuse the same key with a different request', async () => {
    await createThing('key-2', { a: 1 }, 'P2');
    const error = await createThing('key-2', { a: 2 }, 'P2').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'conflict', code: 'idempotency-key-reused' });
  });

  it('act once when the same key arrives many times at once', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => createThing('key-3', { a: 1 }, 'P3')));
    expect(new Set(results.map((r) => r.response.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await count('P3')).toBe(1);
  });

  it('answer a business refusal with the stored answer when the key was applied meanwhile', async () => {
    const first = await createThing('key-5', { a: 1 }, 'P5');
    // The retry's own run refuses (e.g. the stock the first took is gone): the record decides.
    const retry = await idempotent<{ id: string }>(t.deps, {
      scope: 'thing:P5',
      key: 'key-5',
      request: { a: 1 },
      run: async () => {
        throw fail.conflict('Not enough stock.', 'insufficient-stock');
      },
    });
    expect(retry).toEqual({ response: first.response, replayed: true });
  });

  it('let a business refusal stand when the key was never applied', async () => {
    const error = await idempotent(t.deps, {
      scope: 'thing:P6',
      key: 'key-6',
      request: {},
      run: async () => {
        throw fail.conflict('Not enough stock.', 'insufficient-stock');
      },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'conflict', code: 'insufficient-stock' });
  });

  it('answer request-in-progress when the record meets a transaction conflict (the twin is in flight)', async () => {
    const local = await createTestTable();
    try {
      // Every attempt of the transaction conflicts on both items, as with a twin in flight.
      injectFault(local.deps.db, 'TransactWriteItems', 10, () => cancelled(['TransactionConflict', 'TransactionConflict']));
      const error = await idempotent<{ id: string }>(local.deps, {
        scope: 'thing:P7',
        key: 'key-7',
        request: {},
        run: async (record) => {
          const response = { id: ulid() };
          const put = { Put: { TableName: local.deps.tableName, Item: { PK: 'P7', SK: `THING#${response.id}` } } };
          await transactWrite(local.deps, [put, record(response)!]);
          return response;
        },
      }).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'in-progress', code: 'request-in-progress' });
      const problem = problemFromDomain(error as DomainError, (p) => p);
      expect(problem.status).toBe(409);
      expect(problem.headers['retry-after']).toBe('1');
    } finally {
      await local.drop();
    }
  });

  it('make no read on the first attempt', async () => {
    const calls: string[] = [];
    const stop = t.deps.db.intercept('count-idempotency-calls', (call, next) => {
      calls.push(call.operation);
      return next();
    });
    try {
      await createThing('key-8', { a: 1 }, 'P8');
    } finally {
      stop();
    }
    expect(calls).toEqual(['TransactWriteItems']);
  });

  it('act every time without a key', async () => {
    await createThing(undefined, {}, 'P4');
    await createThing(undefined, {}, 'P4');
    expect(await count('P4')).toBe(2);
  });

  it('validate the header', () => {
    expect(readIdempotencyKey({})).toBeUndefined();
    expect(readIdempotencyKey({ 'idempotency-key': 'abc-123' })).toBe('abc-123');
    expect(() => readIdempotencyKey({ 'idempotency-key': 'has space' })).toThrow(HttpProblem);
    expect(() => readIdempotencyKey({ 'idempotency-key': 'x'.repeat(129) })).toThrow(HttpProblem);
    // key separators never reach a key
    expect(() => readIdempotencyKey({ 'idempotency-key': 'a#b' })).toThrow(HttpProblem);
    expect(() => readIdempotencyKey({ 'idempotency-key': 'a|b' })).toThrow(HttpProblem);
    expect(() => readIdempotencyKey({ 'idempotency-key': '' })).toThrow(HttpProblem);
  });
});

describe('outbox', () => {
  it('records events with the change and lists them by subject', async () => {
    await transactWrite(t.deps, [
      { Put: { TableName: t.tableName, Item: { PK: 'APPT#1', SK: 'APPT' } } },
      outboxPut(t.deps, { event: appointmentEvents.booked, subject: 'appointment#1', detail: { storeId: 'mad-sol' } as never }),
    ]);
    await transactWrite(t.deps, [outboxPut(t.deps, { event: appointmentEvents.cancelled, subject: 'appointment#1', detail: {} as never })]);
    const events = await eventsAbout(t.deps, 'appointment#1');
    expect(events.map((e) => e.type)).toEqual(['appointment.booked', 'appointment.cancelled']);
    expect(events[0]!.detail).toEqual({ storeId: 'mad-sol' });
  });
});

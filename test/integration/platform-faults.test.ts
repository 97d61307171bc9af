// How the platform behaves under what DynamoDB Local never does: transaction conflicts
// and throttling, injected at the document client.

import { describe, expect, it } from 'vitest';
import { routes } from '#functions/profiles/routes.ts';
import { createLambdaHandler } from '#shared/http/lambda.ts';
import { eraseCustomer } from '#shared/privacy/index.ts';
import * as profiles from '#shared/profiles/index.ts';
import { createDocumentClient, DynamoDbError, PutCommand, QueryCommand } from '#shared/runtime/dynamodb.ts';
import { keys } from '#shared/table/keys.ts';
import { conflict, injectFault } from '#test/support/faults.ts';
import { createTestTable, useTestTable } from '#test/support/table.ts';

const t = useTestTable();

/** GET /me through the profiles Lambda handler with a given (faulty) client. */
async function getMe(db: ReturnType<typeof createDocumentClient>, customerId: string) {
  const handler = createLambdaHandler(routes, { ...t.deps, db });
  return (await handler(
    {
      version: '2.0',
      routeKey: 'GET /me',
      rawPath: '/me',
      rawQueryString: '',
      headers: {},
      isBase64Encoded: false,
      requestContext: {
        http: { method: 'GET', path: '/me' },
        requestId: customerId,
        authorizer: { jwt: { claims: { sub: customerId, 'cognito:username': customerId } } },
      },
    } as never,
    { awsRequestId: customerId } as never,
  )) as { statusCode: number; headers: Record<string, string>; body: string };
}

describe('transaction conflicts', () => {
  it('are retried until the write goes through', async () => {
    const { deps, drop } = await createTestTable({ db: undefined });
    const db = createDocumentClient({ endpoint: t.endpoint });
    injectFault(db, 'TransactWriteItems', 2, conflict);
    const profile = await profiles.setConsent({ ...deps, db }, 'c-conflict', 'marketing', true);
    expect(profile.consents.marketing?.granted).toBe(true);
    await drop();
  });

  it('become a 409 "retry" problem when they persist, and nothing is written', async () => {
    const db = createDocumentClient({ endpoint: t.endpoint });
    await profiles.ensureProfile(t.deps, 'c-busy');
    injectFault(db, 'TransactWriteItems', 99, conflict);
    const error = await profiles.setConsent({ ...t.deps, db }, 'c-busy', 'marketing', true).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'busy', code: 'busy' });
    expect((await profiles.getProfile(t.deps, 'c-busy'))?.consents.marketing).toBeUndefined();
  });
});

describe('throttling', () => {
  it("that outlasts the client's retries is a 503 with Retry-After, not a 500", async () => {
    const db = createDocumentClient({ endpoint: t.endpoint });
    const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    injectFault(db, 'GetItem', 99, throttled);
    const res = await getMe(db, 'c-throttled');
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.headers['content-type']).toBe('application/problem+json');
  });

  it.each([
    ['InternalServerError', 500],
    ['ServiceUnavailable', 503],
  ] as const)("DynamoDB %s that outlasts the client's retries is a 503 with Retry-After", async (name, httpStatusCode) => {
    const db = createDocumentClient({ endpoint: t.endpoint });
    injectFault(db, 'GetItem', 99, () => new DynamoDbError(name, 'Internal server error', { httpStatusCode }));
    const res = await getMe(db, `c-${name}`);
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.body).not.toContain('Internal server error');
  });

  it.each([
    ['a 5xx by another name', () => new DynamoDbError('InternalFailure', 'boom', { httpStatusCode: 500 })],
    ['a connection that keeps dropping', () => new DynamoDbError('ECONNRESET', 'socket hang up')],
  ])("%s, after the client's retries, is a 503 with Retry-After", async (_, error) => {
    const db = createDocumentClient({ endpoint: t.endpoint });
    injectFault(db, 'GetItem', 99, error);
    const res = await getMe(db, `c-${error().name}`);
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
  });

  it('a refusal DynamoDB will not retry (validation) stays a 500 without internals', async () => {
    const db = createDocumentClient({ endpoint: t.endpoint });
    injectFault(db, 'GetItem', 99, () => new DynamoDbError('ValidationException', 'secret detail', { httpStatusCode: 400 }));
    const res = await getMe(db, 'c-validation');
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('secret detail');
  });

  it('an unexpected error is a 500 without internals', async () => {
    const db = createDocumentClient({ endpoint: t.endpoint });
    injectFault(db, 'GetItem', 99, () => new Error('secret internal detail: table xyz'));
    const res = await getMe(db, 'c-500');
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('secret internal detail');
  });
});

describe('erasure', () => {
  it('also removes items other contexts index to the customer on GSI1', async () => {
    await profiles.ensureProfile(t.deps, 'c-gsi');
    await t.deps.db.send(
      new PutCommand({
        TableName: t.tableName,
        Item: {
          PK: 'STORE#mad-sol',
          SK: 'APPT#2026-12-01T10:00:00Z#a1',
          ...keys.customerAppointment('c-gsi', '2026-12-01T10:00:00Z', 'a1'),
        },
      }),
    );
    await eraseCustomer(t.deps, 'c-gsi');
    const left = await t.deps.db.send(
      new QueryCommand({
        TableName: t.tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': 'CUSTOMER#c-gsi' },
      }),
    );
    expect(left.Items).toEqual([]);
    expect(await profiles.getProfile(t.deps, 'c-gsi')).toBeUndefined();
  });
});

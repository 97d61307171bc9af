// The in-house document client (shared/runtime/dynamodb.ts): values in and out of DynamoDB
// Local as the SDK's document client gives them, errors named and filled as DynamoDB names
// them, and — against a plain HTTP server playing DynamoDB — what it retries and what not.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BatchGetCommand,
  type Credentials,
  createDocumentClient,
  DeleteCommand,
  type DynamoDbError,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '#shared/runtime/dynamodb.ts';
import { useTestTable } from '#test/support/table.ts';

const t = useTestTable();
const caught = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable('no error') as never,
    (e: DynamoDbError) => e,
  );

describe('the document client on DynamoDB Local', () => {
  it('writes and reads back plain values: nested maps, lists, sets, numbers, null, booleans; undefined left out', async () => {
    const item = {
      PK: 'T#1',
      SK: 'A',
      n: 42,
      f: -0.5,
      s: 'ñandú',
      b: false,
      z: null,
      list: [1, 'two', { three: 3 }],
      map: { deep: { deeper: ['x'] } },
      tags: new Set(['a', 'b']),
      gone: undefined,
    };
    await t.deps.db.send(new PutCommand({ TableName: t.tableName, Item: item }));
    const got = await t.deps.db.send(new GetCommand({ TableName: t.tableName, Key: { PK: 'T#1', SK: 'A' }, ConsistentRead: true }));
    const { gone: _, ...stored } = item;
    expect(got.Item).toEqual(stored);
    expect(got.Item && 'gone' in got.Item).toBe(false);
  });

  it('pages a Query by plain LastEvaluatedKey and reads a BatchGet by table', async () => {
    for (const sk of ['1', '2', '3']) await t.deps.db.send(new PutCommand({ TableName: t.tableName, Item: { PK: 'T#page', SK: sk } }));
    const q = { TableName: t.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': 'T#page' }, Limit: 2 };
    const first = await t.deps.db.send(new QueryCommand(q));
    expect(first.Items?.map((i) => i.SK)).toEqual(['1', '2']);
    expect(first.LastEvaluatedKey).toEqual({ PK: 'T#page', SK: '2' });
    const second = await t.deps.db.send(new QueryCommand({ ...q, ExclusiveStartKey: first.LastEvaluatedKey }));
    expect(second.Items?.map((i) => i.SK)).toEqual(['3']);
    const batch = await t.deps.db.send(
      new BatchGetCommand({
        RequestItems: {
          [t.tableName]: {
            Keys: [
              { PK: 'T#page', SK: '1' },
              { PK: 'T#page', SK: '9' },
            ],
          },
        },
      }),
    );
    expect(batch.Responses?.[t.tableName]).toEqual([{ PK: 'T#page', SK: '1' }]);
  });

  it('returns the attributes an update asks for', async () => {
    await t.deps.db.send(new PutCommand({ TableName: t.tableName, Item: { PK: 'T#upd', SK: 'A', count: 1 } }));
    const out = await t.deps.db.send(
      new UpdateCommand({
        TableName: t.tableName,
        Key: { PK: 'T#upd', SK: 'A' },
        UpdateExpression: 'ADD #c :one',
        ExpressionAttributeNames: { '#c': 'count' },
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    expect(out.Attributes).toEqual({ PK: 'T#upd', SK: 'A', count: 2 });
  });

  it('names a failed condition, with the item as it was when asked', async () => {
    await t.deps.db.send(new PutCommand({ TableName: t.tableName, Item: { PK: 'T#cond', SK: 'A', v: 7 } }));
    const error = await caught(
      t.deps.db.send(
        new DeleteCommand({
          TableName: t.tableName,
          Key: { PK: 'T#cond', SK: 'A' },
          ConditionExpression: 'v = :v',
          ExpressionAttributeValues: { ':v': 8 },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );
    expect(error.name).toBe('ConditionalCheckFailedException');
    expect(error.Item).toEqual({ PK: 'T#cond', SK: 'A', v: 7 });
    expect(error.$metadata).toMatchObject({ httpStatusCode: 400, attempts: 1 });
  });

  it('gives a cancelled transaction its reasons, item by item, with plain items', async () => {
    await t.deps.db.send(new PutCommand({ TableName: t.tableName, Item: { PK: 'T#tx', SK: 'A', v: 1 } }));
    const error = await caught(
      t.deps.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: t.tableName, Item: { PK: 'T#tx', SK: 'B' } } },
            {
              ConditionCheck: {
                TableName: t.tableName,
                Key: { PK: 'T#tx', SK: 'A' },
                ConditionExpression: 'v = :two',
                ExpressionAttributeValues: { ':two': 2 },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
          ],
        }),
      ),
    );
    expect(error.name).toBe('TransactionCanceledException');
    expect(error.CancellationReasons?.map((r) => r.Code)).toEqual(['None', 'ConditionalCheckFailed']);
    expect(error.CancellationReasons?.[1]?.Item).toEqual({ PK: 'T#tx', SK: 'A', v: 1 });
    const b = await t.deps.db.send(new GetCommand({ TableName: t.tableName, Key: { PK: 'T#tx', SK: 'B' }, ConsistentRead: true }));
    expect(b.Item).toBeUndefined();
  });

  it('does not retry a request DynamoDB refuses', async () => {
    const error = await caught(t.deps.db.send(new GetCommand({ TableName: t.tableName, Key: { PK: 'T#x' } })));
    expect(error.name).toBe('ValidationException');
    expect(error.$metadata.attempts).toBe(1);
  });

  it('refuses values DynamoDB cannot hold before sending them', async () => {
    await expect(
      t.deps.db.send(new PutCommand({ TableName: t.tableName, Item: { PK: 'T#d', SK: 'A', at: new Date() } })),
    ).rejects.toThrow();
  });
});

/** A server that answers each request with the next of `answers` (status, JSON body), and records them. */
function fakeDynamoDb(answers: Array<[number, unknown]>) {
  const seen: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
  let server: Server;
  let endpoint = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        seen.push({ headers: req.headers, body });
        const [status, json] = answers[Math.min(seen.length - 1, answers.length - 1)]!;
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(json));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  return {
    seen,
    client: (credentials?: () => Promise<Credentials>) => createDocumentClient({ endpoint, credentials }),
  };
}

describe('retries (a server playing DynamoDB)', () => {
  describe('a 500 twice, then an answer', () => {
    const fake = fakeDynamoDb([
      [500, { __type: 'com.amazon.coral.service#InternalFailure', message: 'oops' }],
      [503, {}],
      [200, { Item: { PK: { S: 'a' }, n: { N: '1.5' } } }],
    ]);
    it('answers after the third attempt, each one signed and aimed at the operation', async () => {
      const got = await fake.client().send(new GetCommand({ TableName: 'x', Key: { PK: 'a' } }));
      expect(got.Item).toEqual({ PK: 'a', n: 1.5 });
      expect(fake.seen).toHaveLength(3);
      for (const { headers, body } of fake.seen) {
        expect(headers['x-amz-target']).toBe('DynamoDB_20120810.GetItem');
        expect(headers['content-type']).toBe('application/x-amz-json-1.0');
        expect(headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=local\/\d{8}\/eu-west-1\/dynamodb\/aws4_request/);
        expect(JSON.parse(body)).toEqual({ TableName: 'x', Key: { PK: { S: 'a' } } });
      }
    });
  });

  describe('throttling that lasts', () => {
    const fake = fakeDynamoDb([[400, { __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException', message: 'Rate exceeded' }]]);
    it('gives up after 3 attempts with the throttling error', async () => {
      const error = await caught(fake.client().send(new QueryCommand({ TableName: 'x', KeyConditionExpression: 'PK = :p' })));
      expect(error.name).toBe('ThrottlingException');
      expect(error.message).toBe('Rate exceeded');
      expect(error.$metadata).toEqual({ httpStatusCode: 400, attempts: 3 });
      expect(fake.seen).toHaveLength(3);
    });
  });

  describe('a condition that fails', () => {
    const fake = fakeDynamoDb([
      [400, { __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException', Message: 'The conditional request failed' }],
    ]);
    it('is not retried', async () => {
      const error = await caught(fake.client().send(new PutCommand({ TableName: 'x', Item: { PK: 'a' } })));
      expect(error.name).toBe('ConditionalCheckFailedException');
      expect(error.message).toBe('The conditional request failed');
      expect(fake.seen).toHaveLength(1);
    });

    it("signs with the credentials given, session token included (an operator's tools)", async () => {
      const client = fake.client(async () => ({ accessKeyId: 'AKIDOPERATOR', secretAccessKey: 's', sessionToken: 'token-1' }));
      await caught(client.send(new PutCommand({ TableName: 'x', Item: { PK: 'a' } })));
      const last = fake.seen.at(-1)!;
      expect(last.headers['x-amz-security-token']).toBe('token-1');
      expect(last.headers.authorization).toMatch(
        /Credential=AKIDOPERATOR\/.*SignedHeaders=content-length;content-type;host;x-amz-date;x-amz-security-token;x-amz-target,/,
      );
    });
  });

  it('in AWS without credentials in the environment, says so before sending anything', async () => {
    const saved = { ...process.env };
    try {
      delete process.env.AWS_ACCESS_KEY_ID;
      delete process.env.AWS_SECRET_ACCESS_KEY;
      const client = createDocumentClient({ region: 'eu-west-1' });
      const error = await caught(client.send(new GetCommand({ TableName: 'x', Key: { PK: 'a' } })));
      expect(error.name).toBe('CredentialsProviderError');
      client.destroy();
    } finally {
      process.env = saved;
    }
  });
});

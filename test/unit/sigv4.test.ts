// The DynamoDB client's SigV4 signer (shared/runtime/sigv4.ts) against aws4, the signing
// library the AWS-compatible tools use (a devDependency for this reference only), on random
// bodies, targets, times, regions and credentials with and without a session token.

import aws4 from 'aws4';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signPost } from '#shared/runtime/sigv4.ts';

const key = fc.stringMatching(/^[A-Za-z0-9/+]{16,40}$/);

describe('SigV4 signing', () => {
  it('gives the headers and signature aws4 gives (property)', () => {
    fc.assert(
      fc.property(
        fc.json(),
        fc.constantFrom('GetItem', 'Query', 'TransactWriteItems', 'BatchGetItem'),
        fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.constantFrom('eu-west-1', 'us-east-1', 'ap-southeast-2'),
        key,
        key,
        fc.option(key, { nil: undefined }),
        (body, operation, t, region, accessKeyId, secretAccessKey, sessionToken) => {
          const now = new Date(Math.floor(t / 1000) * 1000);
          const host = `dynamodb.${region}.amazonaws.com`;
          const headers = {
            'content-type': 'application/x-amz-json-1.0',
            'content-length': String(Buffer.byteLength(body)),
            'x-amz-target': `DynamoDB_20120810.${operation}`,
          };
          const ours = signPost({
            host,
            region,
            service: 'dynamodb',
            headers,
            body,
            credentials: { accessKeyId, secretAccessKey, sessionToken },
            now,
          });
          const theirs = aws4.sign(
            {
              host,
              region,
              service: 'dynamodb',
              method: 'POST',
              path: '/',
              body,
              headers: { ...headers, 'X-Amz-Date': ours['x-amz-date']! },
            },
            { accessKeyId, secretAccessKey, sessionToken },
          );
          expect(ours.authorization).toBe(theirs.headers?.Authorization);
          expect(ours['x-amz-security-token']).toBe(theirs.headers?.['X-Amz-Security-Token']);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keeps the day's signing key only for the day, region, service and secret it was made for", () => {
    const body = '{"TableName":"t"}';
    const headers = {
      'content-type': 'application/x-amz-json-1.0',
      'content-length': String(Buffer.byteLength(body)),
      'x-amz-target': 'DynamoDB_20120810.GetItem',
    };
    const sign = (secretAccessKey: string, region: string, iso: string) => {
      const host = `dynamodb.${region}.amazonaws.com`;
      const now = new Date(iso);
      const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey };
      const ours = signPost({ host, region, service: 'dynamodb', headers, body, credentials, now });
      const theirs = aws4.sign(
        { host, region, service: 'dynamodb', method: 'POST', path: '/', body, headers: { ...headers, 'X-Amz-Date': ours['x-amz-date']! } },
        credentials,
      );
      return [ours.authorization, theirs.headers?.Authorization];
    };
    // Again and again with the same key, then each part of it changed, then back.
    for (const [secret, region, iso] of [
      ['secret-a', 'eu-west-1', '2026-11-24T10:00:00Z'],
      ['secret-a', 'eu-west-1', '2026-11-24T23:59:59Z'],
      ['secret-a', 'eu-west-1', '2026-11-25T00:00:00Z'],
      ['secret-b', 'eu-west-1', '2026-11-25T00:00:01Z'],
      ['secret-b', 'us-east-1', '2026-11-25T00:00:02Z'],
      ['secret-a', 'eu-west-1', '2026-11-24T10:00:00Z'],
    ] as const) {
      const [ours, theirs] = sign(secret, region, iso);
      expect(ours).toBe(theirs);
    }
  });

  it('dates the request in UTC, to the second', () => {
    const signed = signPost({
      host: 'dynamodb.eu-west-1.amazonaws.com',
      region: 'eu-west-1',
      service: 'dynamodb',
      headers: {},
      body: '{}',
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
      now: new Date('2026-11-24T09:05:07.123Z'),
    });
    expect(signed['x-amz-date']).toBe('20261124T090507Z');
    expect(signed.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKID\/20261124\/eu-west-1\/dynamodb\/aws4_request, SignedHeaders=host;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
  });
});

// Runtime: what handlers are given. Built once per process: from the environment in a
// Lambda (failing fast on missing config), by the local server and by tests directly.

import { Logger } from '@aws-lambda-powertools/logger';
import * as z from 'zod';
import { type Clock, systemClock } from './clock.ts';
import { type Credentials, createDocumentClient, type DocumentClient } from './dynamodb.ts';
import { createIdentityHasher, type IdentityHasher, secretsManagerKey } from './identity-hasher.ts';

export type Deps = {
  db: DocumentClient;
  tableName: string;
  clock: Clock;
  hashIdentity: IdentityHasher;
  /** ISO country used to read phone numbers typed without an international prefix. */
  defaultCountry: string;
  logger: Logger;
  /** Check each response against its route's schema (local and tests; off in AWS for speed). */
  validateResponses: boolean;
};

const envSchema = z.object({
  TABLE_NAME: z.string().min(1),
  IDENTITY_KEY_SECRET_ARN: z.string().min(1).optional(),
  IDENTITY_HASH_KEY: z.string().min(16).optional(),
  DEFAULT_COUNTRY: z.string().length(2).default('ES'),
  DYNAMODB_ENDPOINT: z.url().optional(),
  VALIDATE_RESPONSES: z.enum(['true', 'false']).default('false'),
});

/** `credentials`: an operator's tool signs with its own (Lambda's come from the environment). */
export function depsFromEnv(env: NodeJS.ProcessEnv = process.env, options: { credentials?: () => Promise<Credentials> } = {}): Deps {
  const config = envSchema.parse(env);
  const loadKey = config.IDENTITY_KEY_SECRET_ARN
    ? secretsManagerKey(config.IDENTITY_KEY_SECRET_ARN)
    : config.IDENTITY_HASH_KEY
      ? async () => config.IDENTITY_HASH_KEY as string
      : async () => {
          // Only contexts that look up identities need the key; they fail on first use.
          throw new Error('Set IDENTITY_KEY_SECRET_ARN (AWS) or IDENTITY_HASH_KEY (local).');
        };
  return {
    db: createDocumentClient({ endpoint: config.DYNAMODB_ENDPOINT, credentials: options.credentials }),
    tableName: config.TABLE_NAME,
    clock: systemClock,
    hashIdentity: createIdentityHasher(loadKey),
    defaultCountry: config.DEFAULT_COUNTRY,
    logger: new Logger({ serviceName: 'omnistore' }),
    validateResponses: config.VALIDATE_RESPONSES === 'true',
  };
}

/** Deps for the local server, tests and benchmarks: DynamoDB Local, a fixed dev key. */
export function localDeps(options: {
  endpoint: string;
  tableName: string;
  clock?: Clock;
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  db?: DocumentClient;
}): Deps {
  return {
    db: options.db ?? createDocumentClient({ endpoint: options.endpoint }),
    tableName: options.tableName,
    clock: options.clock ?? systemClock,
    hashIdentity: createIdentityHasher(async () => 'local-development-identity-key'),
    defaultCountry: 'ES',
    logger: new Logger({ serviceName: 'omnistore', logLevel: options.logLevel ?? 'WARN' }),
    validateResponses: true,
  };
}

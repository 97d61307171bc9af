// Local runtime: the credentials of an operator running a tool against AWS (the backfills):
// the SDK's provider chain — environment, profile, SSO… — which Lambda functions never load
// (they sign with the role's credentials from the environment).

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type Deps, depsFromEnv } from '#shared/runtime/deps.ts';

/** Deps from the environment; against AWS (no DYNAMODB_ENDPOINT), signed as the operator. */
export function operatorDeps(env: NodeJS.ProcessEnv = process.env): Deps {
  if (env.DYNAMODB_ENDPOINT) return depsFromEnv(env);
  const provider = new DynamoDBClient({}).config.credentials;
  return depsFromEnv(env, { credentials: () => provider() });
}

// Runtime: keyed hashing of identity values (e-mail, phone, loyalty number), so personal
// data never becomes a key in clear text. In AWS the key comes from Secrets Manager once
// per container; locally and in tests it is given directly.

import { createHmac } from 'node:crypto';

export type IdentityHasher = (kind: string, normalizedValue: string) => Promise<string>;

export function createIdentityHasher(loadKey: () => Promise<string>): IdentityHasher {
  let key: Promise<string> | undefined;
  return async (kind, value) => {
    key ??= loadKey().catch((error: unknown) => {
      key = undefined; // let the next request try again
      throw error;
    });
    return createHmac('sha256', await key)
      .update(`${kind}:${value}`)
      .digest('base64url');
  };
}

/** Reads the HMAC key from a Secrets Manager secret; the SDK client is only loaded in AWS. */
export function secretsManagerKey(secretArn: string): () => Promise<string> {
  return async () => {
    const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
    const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretArn }));
    if (!out.SecretString) throw new Error('identity hash key secret is empty');
    return out.SecretString;
  };
}

// Local runtime: the stand-in for Cognito. Tokens are signed with a key of the project's
// own and verified by the local server exactly where API Gateway's JWT authorizer sits.
// Their claims have the shape Cognito gives (sub, cognito:groups, custom:storeId, scope).

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import type { Claims } from '#shared/http/principal.ts';
import type { Scope, StaffRole } from '#shared/platform/actor.ts';

export const LOCAL_ISSUER = 'https://omnistore.local/issuer';
export const LOCAL_AUDIENCE = 'omnistore-local';
const ALG = 'ES256';

export type TokenRequest =
  | { customer: string; email?: string; phone?: string }
  | { staff: string; storeId?: string; role?: StaffRole }
  | { agent: string }
  | { client: string; scopes: Scope[] };

export type LocalIssuer = {
  sign: (request: TokenRequest, options?: { expiresIn?: string | number; issuedAt?: number }) => Promise<string>;
  /** What API Gateway's authorizer does: verify, then pass claims on as strings. */
  verify: (token: string) => Promise<Claims>;
};

export async function createLocalIssuer(jwk?: JWK): Promise<LocalIssuer & { jwk: JWK }> {
  const privateJwk = jwk ?? (await exportJWK((await generateKeyPair(ALG, { extractable: true })).privateKey));
  const privateKey = await importJWK(privateJwk, ALG);
  const { d: _private, ...publicJwk } = privateJwk;
  const publicKey = await importJWK(publicJwk, ALG);

  return {
    jwk: privateJwk,
    async sign(request, options = {}) {
      const claims: JWTPayload & Record<string, unknown> =
        'customer' in request
          ? {
              sub: request.customer,
              'cognito:username': request.customer,
              token_use: 'id',
              // As Cognito puts them in the ID token once the user confirmed them.
              ...(request.email ? { email: request.email, email_verified: true } : {}),
              ...(request.phone ? { phone_number: request.phone, phone_number_verified: true } : {}),
            }
          : 'staff' in request
            ? {
                sub: request.staff,
                'cognito:username': request.staff,
                'cognito:groups': ['staff'],
                'custom:role': request.role ?? 'associate',
                ...(request.storeId ? { 'custom:storeId': request.storeId } : {}),
                token_use: 'id',
              }
            : 'agent' in request
              ? { sub: request.agent, 'cognito:username': request.agent, 'cognito:groups': ['agents'], token_use: 'id' }
              : { sub: request.client, client_id: request.client, scope: request.scopes.join(' '), token_use: 'access' };
      const jwt = new SignJWT(claims)
        .setProtectedHeader({ alg: ALG, kid: 'local' })
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt(options.issuedAt)
        .setExpirationTime(options.expiresIn ?? '12h');
      return jwt.sign(privateKey);
    },
    async verify(token) {
      const { payload } = await jwtVerify(token, publicKey, { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, algorithms: [ALG] });
      return Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : String(v)]));
    },
  };
}

/** The key `npm start` and `npm run token` share, kept in .local/ (git-ignored). */
export async function projectIssuer(file = '.local/signing-key.json'): Promise<LocalIssuer> {
  if (existsSync(file)) return createLocalIssuer(JSON.parse(readFileSync(file, 'utf8')) as JWK);
  const issuer = await createLocalIssuer();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(issuer.jwk), { mode: 0o600 });
  return issuer;
}

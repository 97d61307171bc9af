import { describe, expect, it } from 'vitest';
import { actorFromClaims, authorize, claimList } from '#shared/http/principal.ts';
import { HttpProblem, problemFromDomain } from '#shared/http/problem.ts';
import { type Actor, assertAgentAccess, assertStoreAccess } from '#shared/platform/actor.ts';
import type { DomainError } from '#shared/runtime/errors.ts';

const statusOf = (fn: () => void) => {
  try {
    fn();
    return 200;
  } catch (e) {
    return e instanceof HttpProblem ? e.status : problemFromDomain(e as DomainError, (p) => p).status;
  }
};

describe('actorFromClaims', () => {
  it("reads API Gateway's stringified arrays and real arrays alike", () => {
    expect(claimList('[staff admins]')).toEqual(['staff', 'admins']);
    expect(claimList(['staff'])).toEqual(['staff']);
    expect(claimList('orders/write inventory/write')).toEqual(['orders/write', 'inventory/write']);
  });

  it.each<[string, Record<string, string>, Actor]>([
    ['no claims', {}, { kind: 'anonymous' }],
    ['a customer', { sub: 'c1', 'cognito:username': 'c1' }, { kind: 'customer', customerId: 'c1' }],
    [
      'an associate',
      { sub: 's1', 'cognito:username': 's1', 'cognito:groups': '[staff]', 'custom:storeId': 'mad-sol' },
      { kind: 'staff', userId: 's1', storeId: 'mad-sol', role: 'associate' },
    ],
    [
      'a regional manager',
      { sub: 's2', username: 's2', 'cognito:groups': '[staff]', 'custom:role': 'regional' },
      { kind: 'staff', userId: 's2', storeId: undefined, role: 'regional' },
    ],
    [
      'a staff member claiming an unknown role',
      { sub: 's3', username: 's3', 'cognito:groups': '[staff]', 'custom:role': 'god' },
      { kind: 'staff', userId: 's3', storeId: undefined, role: 'associate' },
    ],
    ['a contact-center agent', { sub: 'ag1', 'cognito:username': 'ag1', 'cognito:groups': '[agents]' }, { kind: 'agent', agentId: 'ag1' }],
    [
      'an integration',
      { sub: 'app1', client_id: 'app1', scope: 'orders/write catalog/write', token_use: 'access' },
      { kind: 'integration', clientId: 'app1', scopes: ['orders/write', 'catalog/write'] },
    ],
    [
      'a user access token with scopes (still a customer)',
      { sub: 'c2', username: 'c2', scope: 'aws.cognito.signin.user.admin' },
      { kind: 'customer', customerId: 'c2' },
    ],
  ])('reads %s', (_what, claims, expected) => {
    expect(actorFromClaims(claims)).toEqual(expected);
  });
});

describe('authorize', () => {
  const customer: Actor = { kind: 'customer', customerId: 'c' };
  const integration: Actor = { kind: 'integration', clientId: 'i', scopes: ['inventory/write'] };
  it.each([
    ['public', { kind: 'anonymous' } as Actor, 200],
    [['customer'], { kind: 'anonymous' } as Actor, 401],
    [['customer'], customer, 200],
    [['staff'], customer, 403],
    [['scope:orders/write'], integration, 403],
    [['scope:inventory/write'], integration, 200],
    [['customer', 'scope:orders/write'], customer, 200],
    [['staff'], { kind: 'agent', agentId: 'ag' } as Actor, 403],
    [['agent', 'staff'], { kind: 'agent', agentId: 'ag' } as Actor, 200],
    [['agent'], customer, 403],
  ] as const)('%j with %j → %i', (requirement, principal, status) => {
    expect(statusOf(() => authorize(requirement as never, principal))).toBe(status);
  });
});

describe('assertStoreAccess', () => {
  it('lets associates into their own store only, regional and admin into all', () => {
    const associate: Actor = { kind: 'staff', userId: 'a', storeId: 'mad-sol', role: 'associate' };
    expect(statusOf(() => assertStoreAccess(associate, 'mad-sol'))).toBe(200);
    expect(statusOf(() => assertStoreAccess(associate, 'bcn-diagonal'))).toBe(403);
    expect(statusOf(() => assertStoreAccess({ ...associate, storeId: undefined }, 'mad-sol'))).toBe(403);
    expect(statusOf(() => assertStoreAccess({ ...associate, role: 'regional' }, 'bcn-diagonal'))).toBe(200);
    expect(statusOf(() => assertStoreAccess({ kind: 'customer', customerId: 'c' }, 'mad-sol'))).toBe(403);
  });
});

describe('assertAgentAccess', () => {
  it('lets agents, regional and admin staff reach any customer; customers and associates are refused', () => {
    const associate: Actor = { kind: 'staff', userId: 'a', storeId: 'mad-sol', role: 'associate' };
    expect(statusOf(() => assertAgentAccess({ kind: 'agent', agentId: 'ag' }))).toBe(200);
    expect(statusOf(() => assertAgentAccess({ ...associate, role: 'regional' }))).toBe(200);
    expect(statusOf(() => assertAgentAccess({ ...associate, role: 'admin' }))).toBe(200);
    expect(statusOf(() => assertAgentAccess(associate))).toBe(403);
    expect(statusOf(() => assertAgentAccess({ kind: 'customer', customerId: 'c' }))).toBe(403);
    expect(statusOf(() => assertAgentAccess({ kind: 'integration', clientId: 'i', scopes: ['customers/read'] }))).toBe(403);
  });
});

describe('verified identities', () => {
  it("are read from Cognito's *_verified claims only when true", () => {
    expect(
      actorFromClaims({
        sub: 'c',
        'cognito:username': 'c',
        email: 'A@B.co',
        email_verified: 'true',
        phone_number: '+34600000001',
        phone_number_verified: 'false',
      }),
    ).toEqual({ kind: 'customer', customerId: 'c', verified: { email: 'a@b.co' } });
    expect(actorFromClaims({ sub: 'c', 'cognito:username': 'c', email: 'a@b.co' })).toEqual({ kind: 'customer', customerId: 'c' });
  });
});

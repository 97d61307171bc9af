import { describe, expect, it } from 'vitest';
import { createLocalIssuer } from '#infra/local/tokens.ts';
import { GetCommand, QueryCommand } from '#shared/runtime/dynamodb.ts';
import { keys } from '#shared/table/keys.ts';
import { useTestApi } from '#test/support/api.ts';

const api = useTestApi();

describe('GET /me', () => {
  it('creates the profile on first access and returns the same one after', async () => {
    const token = await api.customer('c-first');
    const first = await api.call('GET', '/me', { token });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ customerId: 'c-first', loyaltyTier: 'none', guest: false, identities: {} });
    const again = await api.call('GET', '/me', { token });
    expect(again.body.createdAt).toBe(first.body.createdAt);
    const timeline = await api.call('GET', '/me/timeline', { token });
    expect(timeline.body.items.map((e: { type: string }) => e.type)).toEqual(['profile.created']);
  });

  it('creates exactly one profile when first requests race', async () => {
    const token = await api.customer('c-race');
    const results = await Promise.all(Array.from({ length: 10 }, () => api.call('GET', '/me', { token })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(new Set(results.map((r) => r.body.createdAt)).size).toBe(1);
    const timeline = await api.call('GET', '/me/timeline', { token });
    expect(timeline.body.items.filter((e: { type: string }) => e.type === 'profile.created')).toHaveLength(1);
  });
});

describe('authentication and authorization', () => {
  it('refuses a request without a token with 401 problem+json', async () => {
    const res = await api.call('GET', '/me');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(res.body).toMatchObject({ status: 401, title: 'Unauthorized' });
  });

  it('refuses an expired token', async () => {
    const past = Math.floor(Date.now() / 1000) - 7200;
    const token = await api.issuer.sign({ customer: 'c-exp' }, { issuedAt: past, expiresIn: past + 60 });
    const res = await api.call('GET', '/me', { token });
    expect(res.status).toBe(401);
    expect(res.body.detail).toMatch(/expired/);
  });

  it('refuses a token signed by another key (forged)', async () => {
    const forger = await createLocalIssuer();
    const res = await api.call('GET', '/me', { token: await forger.sign({ customer: 'c-forged' }) });
    expect(res.status).toBe(401);
  });

  it('refuses a tampered token', async () => {
    const token = await api.customer('c-tamper');
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url')}.${s}`;
    expect((await api.call('GET', '/me', { token: forged })).status).toBe(401);
  });

  it('refuses staff and integrations on customer endpoints with 403', async () => {
    expect((await api.call('GET', '/me', { token: await api.staff('s1') })).status).toBe(403);
    expect((await api.call('GET', '/me', { token: await api.integration('orders/write') })).status).toBe(403);
  });

  it('gives each customer only their own data', async () => {
    await api.call('PATCH', '/me', { token: await api.customer('c-alice'), body: { name: 'Alice' } });
    const bob = await api.call('GET', '/me', { token: await api.customer('c-bob') });
    expect(bob.body.customerId).toBe('c-bob');
    expect(bob.body.name).toBeUndefined();
  });
});

describe('PATCH /me', () => {
  it('changes the fields sent and keeps the rest', async () => {
    const token = await api.customer('c-patch');
    await api.call('PATCH', '/me', { token, body: { name: 'Zoe', sizes: { top: 'S' }, preferredStoreId: 'mad-sol' } });
    const res = await api.call('PATCH', '/me', { token, body: { favouriteCategories: ['denim'], preferredStoreId: null } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Zoe', sizes: { top: 'S' }, favouriteCategories: ['denim'] });
    expect(res.body.preferredStoreId).toBeUndefined();
  });

  it.each([
    ['malformed JSON', { rawBody: '{"name": ' }, 400, 'body'],
    ['a wrong type', { body: { name: 42 } }, 400, 'body.name'],
    ['an unknown field', { body: { name: 'x', isAdmin: true } }, 400, 'body.isAdmin'],
    ['an unknown nested field', { body: { sizes: { hat: 'L' } } }, 400, 'body.sizes.hat'],
    ['an empty patch', { body: {} }, 400, 'body'],
    ['no body', {}, 400, 'body'],
  ])('answers %s with %i naming the field', async (_what, options, status, path) => {
    const token = await api.customer('c-bad');
    const res = await api.call('PATCH', '/me', { token, ...options });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('answers an oversize body with 413 and a non-JSON body with 415', async () => {
    const token = await api.customer('c-big');
    const big = await api.call('PATCH', '/me', { token, body: { name: 'x'.repeat(20_000) } });
    expect(big.status).toBe(413);
    const text = await api.call('PATCH', '/me', { token, rawBody: 'name=x', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
  });

  it('writes nothing when the input is bad', async () => {
    const token = await api.customer('c-nowrite');
    await api.call('PATCH', '/me', { token, body: { name: 'Before' } });
    await api.call('PATCH', '/me', { token, body: { name: 'After', sizes: { top: 'far too long a size' } } });
    expect((await api.call('GET', '/me', { token })).body.name).toBe('Before');
  });
});

describe('consents', () => {
  it('grants and withdraws with timestamps and leaves a trail on the timeline', async () => {
    const token = await api.customer('c-consent');
    const granted = await api.call('PUT', '/me/consents/proximity', { token, body: { granted: true } });
    expect(granted.status).toBe(200);
    expect(granted.body.consents.proximity).toMatchObject({ granted: true });
    const withdrawn = await api.call('PUT', '/me/consents/proximity', { token, body: { granted: false } });
    expect(withdrawn.body.consents.proximity.granted).toBe(false);
    const timeline = await api.call('GET', '/me/timeline', { token });
    expect(timeline.body.items.slice(0, 2).map((e: { type: string }) => e.type)).toEqual(['consent.withdrawn', 'consent.granted']);
  });

  it('refuses an unknown purpose', async () => {
    const res = await api.call('PUT', '/me/consents/telepathy', { token: await api.customer('c-consent2'), body: { granted: true } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('path.purpose');
  });
});

describe('identities', () => {
  it('normalises e-mail and phone and keeps only a keyed hash in the lookup key', async () => {
    const token = await api.customer('c-ident');
    const email = await api.call('PUT', '/me/identities/email', { token, body: { value: '  Ana.Perez@Example.COM ' } });
    expect(email.status).toBe(200);
    expect(email.body.identities.email).toBe('ana.perez@example.com');
    const phone = await api.call('PUT', '/me/identities/phone', { token, body: { value: '612 34 56 99' } });
    expect(phone.body.identities.phone).toBe('+34612345699');

    const claims = await api.deps.db.send(
      new QueryCommand({
        TableName: api.deps.tableName,
        IndexName: undefined,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.identityClaim('email', await api.deps.hashIdentity('email', 'ana.perez@example.com')).PK },
      }),
    );
    expect(claims.Items).toHaveLength(1);
    expect(JSON.stringify(claims.Items)).not.toContain('example.com');
  });

  it('refuses an identity that belongs to another customer with 409', async () => {
    await api.call('PUT', '/me/identities/loyalty', { token: await api.customer('c-own1'), body: { value: 'LOY-123456' } });
    const res = await api.call('PUT', '/me/identities/loyalty', { token: await api.customer('c-own2'), body: { value: 'loy 123456' } });
    expect(res.status).toBe(409);
    expect(res.body.type).toBe('urn:omnistore:problem:identity-taken');
  });

  it('lets exactly one of many concurrent claimants win', async () => {
    const tokens = await Promise.all(Array.from({ length: 12 }, (_, i) => api.customer(`c-claim-${i}`)));
    const results = await Promise.all(
      tokens.map((token) => api.call('PUT', '/me/identities/email', { token, body: { value: 'contested@example.com' } })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(11);
  });

  it('frees the old value when an identity is replaced', async () => {
    const first = await api.customer('c-swap1');
    await api.call('PUT', '/me/identities/email', { token: first, body: { value: 'old@example.com' } });
    await api.call('PUT', '/me/identities/email', { token: first, body: { value: 'new@example.com' } });
    const other = await api.call('PUT', '/me/identities/email', {
      token: await api.customer('c-swap2'),
      body: { value: 'old@example.com' },
    });
    expect(other.status).toBe(200);
  });

  it.each([
    ['email', 'not-an-email'],
    ['phone', '12'],
    ['loyalty', '#!'],
  ])('refuses a malformed %s naming body.value', async (kind, value) => {
    const res = await api.call('PUT', `/me/identities/${kind}`, { token: await api.customer('c-malformed'), body: { value } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('body.value');
  });
});

describe('POST /customers/lookup', () => {
  it('finds a customer by phone typed another way, for staff and integrations', async () => {
    const token = await api.customer('c-lookup');
    await api.call('PATCH', '/me', { token, body: { name: 'Lookup Person' } });
    await api.call('PUT', '/me/identities/phone', { token, body: { value: '+34 655 000 111' } });
    const staff = await api.call('POST', '/customers/lookup', { token: await api.staff('s1'), body: { phone: '655-000-111' } });
    expect(staff.status).toBe(200);
    expect(staff.body).toEqual({ customerId: 'c-lookup', name: 'Lookup Person', loyaltyTier: 'none', guest: false });
    const integration = await api.call('POST', '/customers/lookup', {
      token: await api.integration('customers/read'),
      body: { phone: '0034655000111' },
    });
    expect(integration.body.customerId).toBe('c-lookup');
  });

  it('answers 404 for an unknown identity and 400 for two at once', async () => {
    const staff = await api.staff('s1');
    expect((await api.call('POST', '/customers/lookup', { token: staff, body: { email: 'nobody@example.com' } })).status).toBe(404);
    expect((await api.call('POST', '/customers/lookup', { token: staff, body: { email: 'a@b.co', loyalty: 'ABCDEF' } })).status).toBe(400);
  });

  it('refuses customers and integrations without the scope', async () => {
    expect((await api.call('POST', '/customers/lookup', { token: await api.customer('c-x'), body: { email: 'a@b.co' } })).status).toBe(403);
    expect(
      (await api.call('POST', '/customers/lookup', { token: await api.integration('inventory/write'), body: { email: 'a@b.co' } })).status,
    ).toBe(403);
  });
});

describe('GET /me/timeline', () => {
  it('pages newest first with an opaque cursor', async () => {
    const token = await api.customer('c-pages');
    for (const granted of [true, false, true, false]) {
      await api.call('PUT', '/me/consents/marketing', { token, body: { granted } });
    }
    const first = await api.call('GET', '/me/timeline?limit=2', { token });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toBeTypeOf('string');
    const second = await api.call('GET', `/me/timeline?limit=2&cursor=${first.body.nextCursor}`, { token });
    const third = await api.call('GET', `/me/timeline?limit=2&cursor=${second.body.nextCursor}`, { token });
    const all = [...first.body.items, ...second.body.items, ...third.body.items];
    expect(all.map((e) => e.type)).toEqual([
      'consent.withdrawn',
      'consent.granted',
      'consent.withdrawn',
      'consent.granted',
      'profile.created',
    ]);
  });

  it("refuses another customer's cursor and limits out of range", async () => {
    const mine = await api.customer('c-cursor1');
    for (let i = 0; i < 3; i++) await api.call('PUT', '/me/consents/marketing', { token: mine, body: { granted: true } });
    const page = await api.call('GET', '/me/timeline?limit=1', { token: mine });
    const theirs = await api.call('GET', `/me/timeline?cursor=${page.body.nextCursor}`, { token: await api.customer('c-cursor2') });
    expect(theirs.status).toBe(400);
    expect(theirs.body.errors[0].path).toBe('query.cursor');
    expect((await api.call('GET', '/me/timeline?limit=0', { token: mine })).status).toBe(400);
    expect((await api.call('GET', '/me/timeline?limit=101', { token: mine })).status).toBe(400);
    expect((await api.call('GET', '/me/timeline?cursor=garbage', { token: mine })).status).toBe(400);
  });
});

describe('DELETE /me', () => {
  it('erases the profile, its timeline and its identity claims', async () => {
    const token = await api.customer('c-erase');
    await api.call('PUT', '/me/identities/email', { token, body: { value: 'erase.me@example.com' } });
    await api.call('PUT', '/me/consents/marketing', { token, body: { granted: true } });
    expect((await api.call('DELETE', '/me', { token })).status).toBe(204);

    const left = await api.deps.db.send(
      new QueryCommand({
        TableName: api.deps.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.customerPartition('c-erase') },
      }),
    );
    expect(left.Items).toEqual([]);
    const claim = await api.deps.db.send(
      new GetCommand({
        TableName: api.deps.tableName,
        Key: keys.identityClaim('email', await api.deps.hashIdentity('email', 'erase.me@example.com')),
      }),
    );
    expect(claim.Item).toBeUndefined();
    const reuse = await api.call('PUT', '/me/identities/email', {
      token: await api.customer('c-heir'),
      body: { value: 'erase.me@example.com' },
    });
    expect(reuse.status).toBe(200);
  });
});

describe('the edges of the API', () => {
  it('answers an unknown path with 404 and a wrong method with 405, both problem+json', async () => {
    const missing = await api.call('GET', '/nope');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    const method = await api.call('POST', '/me/timeline', { token: await api.customer('c-m') });
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toBe('GET');
  });

  it('answers CORS preflight and sets security headers and a correlation id', async () => {
    const pre = await fetch(`${api.url}/me`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'PATCH' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-methods')).toContain('PATCH');
    const res = await api.call('GET', '/me', { token: await api.customer('c-h'), headers: { 'x-correlation-id': 'trace-1234567' } });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-correlation-id')).toBe('trace-1234567');
  });
});

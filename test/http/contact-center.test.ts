// The contact center over real HTTP: the chain-wide search (phone as the phone system passes
// it), the agent's card with the in-store exchange, the timeline by kind, interaction notes
// (idempotent, audited, exported and erased with the customer), and who is refused.

import { beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '#functions/index.ts';
import { auditCustomerRef } from '#shared/platform/audit.ts';
import { timelinePut } from '#shared/platform/timeline.ts';
import { fixedClock } from '#shared/runtime/clock.ts';
import { QueryCommand } from '#shared/runtime/dynamodb.ts';
import { keys } from '#shared/table/keys.ts';
import { transactWrite } from '#shared/table/transact.ts';
import { type CallOptions, type CallResult, useTestApi } from '#test/support/api.ts';
import { orderBody, seedCustomer, seedShipping, seedStock, seedStores, storeFixture } from '#test/support/orders.ts';
import { accessAuditOf, scanTable } from '#test/support/table.ts';

const clock = fixedClock('2026-11-24T10:00:00Z'); // Tuesday 11:00 in Madrid
const api = useTestApi({ clock });
const WHITE = 'TEE-BASIC-WHT-M';
const BLACK = 'TEE-BASIC-BLK-M';
let orders: string;
let staff: string;
let agent: string;
let exchangedOrderId: string;

const tick = () => clock.advance(60_000);
const search = (q: string, token = agent) => api.call('GET', `/customers?q=${encodeURIComponent(q)}`, { token });
const fieldsOf = (res: CallResult) => (res.body.errors ?? []).map((e: { path: string }) => e.path);
const note = (customerId: string, body: unknown, headers?: Record<string, string>, token = agent) =>
  api.call('POST', `/customers/${customerId}/notes`, { token, body, headers });
const timelineTypes = async (customerId: string, query = '') =>
  (await api.call('GET', `/customers/${customerId}/timeline${query}`, { token: agent })).body.items.map((e: { type: string }) => e.type);

beforeAll(async () => {
  orders = await api.integration('orders/write');
  staff = await api.staff('mad-sol');
  agent = await api.agent('agent-ana');
  await seedStores(api.deps, [storeFixture({ storeId: 'mad-sol', name: 'Madrid Sol' })]);
  await seedStock(api.deps, [
    { storeId: 'mad-sol', sku: WHITE, onHand: 5 },
    { storeId: 'mad-sol', sku: BLACK, onHand: 3 },
  ]);
  await seedShipping(api.deps, { [WHITE]: 100, [BLACK]: 100 });
  await seedCustomer(
    api.deps,
    'cust-lucia',
    { phone: '+34 612 345 678', email: 'lucia@example.com', loyalty: 'OMNI-100234' },
    'Lucía Fernández',
  );
  await seedCustomer(api.deps, 'cust-marc', { email: 'marc@example.com' }, 'Marc Puig');

  // Online for pickup, ready, handed over, the colour exchanged in the store.
  tick();
  const placed = await api.call('POST', '/orders', {
    token: orders,
    body: orderBody({
      channelOrderId: 'WEB-100234',
      customer: { phone: '612 345 678' },
      lines: [{ sku: WHITE, quantity: 1, price: 1995, fulfilment: 'pickup', storeId: 'mad-sol', category: 'tops' }],
    }),
  });
  expect(placed.status).toBe(201);
  exchangedOrderId = placed.body.orderId;
  tick();
  expect(
    (await api.call('POST', `/orders/${exchangedOrderId}/status`, { token: staff, body: { status: 'ready_for_pickup' } })).status,
  ).toBe(200);
  tick();
  const handed = await api.call('POST', `/stores/mad-sol/pickups/${exchangedOrderId}/handover`, {
    token: staff,
    body: { code: placed.body.pickupCode },
  });
  expect(handed.status).toBe(200);
  tick();
  const exchange = await api.call('POST', `/orders/${exchangedOrderId}/returns`, {
    token: staff,
    body: { storeId: 'mad-sol', lines: [{ sku: WHITE, quantity: 1, exchangeSku: BLACK }] },
  });
  expect(exchange.status).toBe(200);
  // A second pickup, still waiting (ready), for the card's pickups with their deadline.
  tick();
  const waiting = await api.call('POST', '/orders', {
    token: orders,
    body: orderBody({
      channelOrderId: 'APP-7',
      channel: 'app',
      customer: { customerId: 'cust-lucia' },
      lines: [{ sku: BLACK, quantity: 1, price: 1995, fulfilment: 'pickup', storeId: 'mad-sol' }],
    }),
  });
  expect(waiting.status).toBe(201);
  tick();
  expect(
    (await api.call('POST', `/orders/${waiting.body.orderId}/status`, { token: staff, body: { status: 'ready_for_pickup' } })).status,
  ).toBe(200);
  // A reservation of her own, a consent, a visit and a redeemed offer on her timeline.
  const reserved = await api.call('POST', '/reservations', {
    token: await api.customer('cust-lucia'),
    body: { storeId: 'mad-sol', lines: [{ sku: WHITE, quantity: 1 }] },
  });
  expect(reserved.status).toBe(201);
  tick();
  expect(
    (await api.call('PUT', '/me/consents/marketing', { token: await api.customer('cust-lucia'), body: { granted: true } })).status,
  ).toBe(200);
  await transactWrite(api.deps, [
    timelinePut(api.deps, 'cust-lucia', { type: 'store.visited', summary: 'Visited Madrid Sol', ref: { storeId: 'mad-sol' } }),
    timelinePut(api.deps, 'cust-lucia', {
      type: 'offer.redeemed',
      summary: 'Redeemed “10% off”',
      ref: { offerId: 'o-1', storeId: 'mad-sol' },
    }),
  ]);
});

describe('GET /customers?q=', () => {
  it.each([
    ['the phone as the phone system passes it', '0034 612 34 56 78', 'phone'],
    ['a phone with +34 and dashes', '+34 612-345-678', 'phone'],
    ['a phone without a prefix (the default country)', '612345678', 'phone'],
    ['an e-mail in capitals', ' LUCIA@Example.com ', 'email'],
    ['a loyalty number with spaces', 'omni 100234', 'loyalty'],
    ['a channel order number in lower case', 'web-100234', 'order'],
  ])('finds the customer by %s, masked, with her last order', async (_what, q, matchedBy) => {
    const res = await search(q);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        customerId: 'cust-lucia',
        name: 'Lucía Fernández',
        loyaltyTier: 'none',
        email: 'l***@example.com',
        phone: '+34 *** *** 678',
        matchedBy,
        lastOrder: { orderId: expect.any(String), channel: 'app', status: 'ready_for_pickup', placedAt: expect.any(String) },
      },
    ]);
  });

  it('answers an empty list when nobody matches, and audits the miss', async () => {
    const res = await search('nobody@example.com', await api.agent('agent-miss'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [] });
    const [entry] = await accessAuditOf(api.deps, 'agent:agent-miss');
    expect(entry).toMatchObject({ action: 'customer.search', result: 'not_found', actorKind: 'agent' });
    expect(entry).not.toHaveProperty('customerRef');
    expect(JSON.stringify(entry)).not.toContain('nobody');
  });

  it('audits a hit: who, whom (pseudonymised), how matched — never the text typed', async () => {
    const token = await api.agent('agent-hit');
    expect((await search('0034 612 34 56 78', token)).status).toBe(200);
    const entries = await accessAuditOf(api.deps, 'agent:agent-hit');
    expect(entries).toEqual([
      expect.objectContaining({
        action: 'customer.search',
        actor: 'agent-hit',
        matchedBy: 'phone',
        result: 'found',
        customerRef: await auditCustomerRef(api.deps, 'cust-lucia'),
      }),
    ]);
    expect(JSON.stringify(entries)).not.toMatch(/612|cust-lucia/);
  });

  it.each([
    ['missing', '/customers'],
    ['blank', '/customers?q=%20%20%20'],
    ['too long', `/customers?q=${'a'.repeat(255)}`],
  ])('refuses a %s q (400 naming q)', async (_what, path) => {
    const res = await api.call('GET', path, { token: agent });
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toContain('query.q');
  });
});

describe('GET /customers/{customerId}', () => {
  it('shows the whole customer: the exchange, the waiting pickup with its deadline, consents, preferences, visits, offers', async () => {
    const res = await api.call('GET', '/customers/cust-lucia', { token: agent });
    expect(res.status).toBe(200);
    const card = res.body;
    expect(card).toMatchObject({
      customerId: 'cust-lucia',
      name: 'Lucía Fernández',
      email: 'l***@example.com',
      phone: '+34 *** *** 678',
      hasLoyaltyCard: true,
      consents: { marketing: { granted: true } },
      communicationPreferences: { custom: false },
      uncollectedPickups: 0,
      moreOrders: false,
    });
    expect(card.orders.map((o: { channel: string }) => o.channel)).toEqual(['app', 'web']);
    const exchanged = card.orders.find((o: { orderId: string }) => o.orderId === exchangedOrderId);
    expect(exchanged.returns).toEqual([
      expect.objectContaining({ storeId: 'mad-sol', lines: [{ sku: WHITE, quantity: 1, exchangeSku: BLACK }] }),
    ]);
    expect(card.pickups).toEqual([
      expect.objectContaining({
        storeId: 'mad-sol',
        status: 'ready_for_pickup',
        pickupDeadline: expect.any(String),
        readyAt: expect.any(String),
      }),
    ]);
    expect(card.recentVisits).toEqual([expect.objectContaining({ storeId: 'mad-sol', summary: 'Visited Madrid Sol' })]);
    expect(card.redeemedOffers).toEqual([expect.objectContaining({ type: 'offer.redeemed', ref: { offerId: 'o-1', storeId: 'mad-sol' } })]);
    expect(card.appointments).toEqual([]);
    expect(card.reservations).toEqual([expect.objectContaining({ status: 'held', storeId: 'mad-sol', holdUntil: expect.any(String) })]);
  });

  it('is audited', async () => {
    const token = await api.agent('agent-card');
    expect((await api.call('GET', '/customers/cust-marc', { token })).status).toBe(200);
    expect(await accessAuditOf(api.deps, 'agent:agent-card')).toEqual([
      expect.objectContaining({ action: 'customer.card', customerRef: await auditCustomerRef(api.deps, 'cust-marc') }),
    ]);
  });

  it('is 404 for an unknown customer, 400 for an id outside the id alphabet', async () => {
    expect((await api.call('GET', '/customers/cust-nobody', { token: agent })).status).toBe(404);
    const bad = await api.call('GET', '/customers/a%23b', { token: agent });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toContain('path.customerId');
  });
});

describe('GET /customers/{customerId}/timeline', () => {
  it('pages newest first, every entry with its kind', async () => {
    const res = await api.call('GET', '/customers/cust-lucia/timeline?limit=3', { token: agent });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(3);
    expect(res.body.items.every((e: { kind: string }) => typeof e.kind === 'string')).toBe(true);
    const at = res.body.items.map((e: { entryId: string }) => e.entryId);
    expect([...at].sort().reverse()).toEqual(at);
    const next = await api.call('GET', `/customers/cust-lucia/timeline?limit=3&cursor=${res.body.nextCursor}`, { token: agent });
    expect(next.body.items[0].entryId < at[2]).toBe(true);
  });

  it.each([
    ['return', ['order.exchanged']],
    ['consent', ['consent.granted', 'identity.added', 'identity.added', 'identity.added', 'profile.created']],
    ['visit', ['store.visited']],
    ['offer', ['offer.redeemed']],
  ])('?kind=%s returns only that kind', async (kind, types) => {
    expect((await timelineTypes('cust-lucia', `?kind=${kind}`)).sort()).toEqual(types.sort());
  });

  it('?kind= reads only what it returns: a page of one kind behind many entries of others', async () => {
    const many = Array.from({ length: 60 }, (_, i) =>
      timelinePut({ ...api.deps, clock: fixedClock(new Date(Date.parse('2026-11-24T10:30:00Z') + i * 1000).toISOString()) }, 'cust-marc', {
        type: 'store.visited',
        summary: `visit ${i}`,
        ref: { storeId: 'mad-sol' },
      }),
    );
    for (let i = 0; i < many.length; i += 25) await transactWrite(api.deps, many.slice(i, i + 25));
    const consumed = await api.deps.db.send(
      new QueryCommand({
        TableName: api.deps.tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :p)',
        ExpressionAttributeValues: { ':pk': keys.customerPartition('cust-marc'), ':p': keys.timelineKindPrefix('consent') },
        ScanIndexForward: false,
        Limit: 2,
      }),
    );
    expect(consumed.ScannedCount).toBe(2);
    const page = await api.call('GET', '/customers/cust-marc/timeline?kind=consent&limit=2', { token: agent });
    expect(page.body.items.map((e: { type: string }) => e.type).sort()).toEqual(['identity.added', 'profile.created']);
    const rest = await api.call('GET', `/customers/cust-marc/timeline?kind=consent&limit=2&cursor=${page.body.nextCursor}`, {
      token: agent,
    });
    expect(rest.body.items).toEqual([]);
  });

  it('refuses an unknown kind, a bad limit and a foreign cursor (400 naming the field)', async () => {
    for (const [query, field] of [
      ['?kind=orders', 'query.kind'],
      ['?limit=0', 'query.limit'],
      ['?limit=abc', 'query.limit'],
      ['?cursor=bm9wZQ', 'query.cursor'],
      ['?kind=note&unknown=1', 'query.unknown'],
    ]) {
      const res = await api.call('GET', `/customers/cust-lucia/timeline${query}`, { token: agent });
      expect(res.status, query).toBe(400);
      expect(fieldsOf(res), query).toContain(field);
    }
  });

  it('is 404 for an unknown customer and audited', async () => {
    const token = await api.agent('agent-tl');
    expect((await api.call('GET', '/customers/cust-nobody/timeline', { token })).status).toBe(404);
    expect((await api.call('GET', '/customers/cust-lucia/timeline?kind=order', { token })).status).toBe(200);
    expect((await accessAuditOf(api.deps, 'agent:agent-tl')).map((e) => e.action)).toEqual(['customer.timeline', 'customer.timeline']);
  });
});

describe('POST /customers/{customerId}/notes', () => {
  const body = { channel: 'phone', reason: 'Return question', text: 'Asked how to return the black tee by courier.' };

  it('notes the contact on the timeline with the agent, shows it on the card, audits it in the same write', async () => {
    tick();
    const res = await note('cust-lucia', body);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      noteId: expect.stringMatching(/^[0-9A-Z]{26}$/),
      customerId: 'cust-lucia',
      at: clock.now().toISOString(),
      ...body,
      by: { kind: 'agent', id: 'agent-ana' },
    });
    const [entry] = (await api.call('GET', '/customers/cust-lucia/timeline?kind=note', { token: agent })).body.items;
    expect(entry).toMatchObject({
      entryId: res.body.noteId,
      kind: 'note',
      type: 'note.added',
      summary: 'phone contact: Return question',
      actor: { kind: 'agent', id: 'agent-ana' },
      text: body.text,
    });
    const card = await api.call('GET', '/customers/cust-lucia', { token: agent });
    expect(card.body.earlierContacts[0]).toEqual({ ...res.body, customerId: undefined });
    const audit = await accessAuditOf(api.deps, 'agent:agent-ana');
    expect(audit).toContainEqual(expect.objectContaining({ action: 'customer.note', ref: res.body.noteId, result: 'done' }));
  });

  it('writes one note for one Idempotency-Key: a retry and 20 at once get the same answer', async () => {
    const headers = { 'idempotency-key': 'note-key-1' };
    const first = await note('cust-marc', body, headers);
    expect(first.status).toBe(201);
    const again = await note('cust-marc', body, headers);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');

    const burst = await Promise.all(
      Array.from({ length: 20 }, () => note('cust-marc', { ...body, reason: 'Burst' }, { 'idempotency-key': 'note-key-2' })),
    );
    const ok = burst.filter((r) => r.status === 201);
    expect(ok.length).toBeGreaterThan(0);
    expect(burst.every((r) => r.status === 201 || (r.status === 409 && r.body.type === 'urn:omnistore:problem:request-in-progress'))).toBe(
      true,
    );
    expect(new Set(ok.map((r) => r.body.noteId)).size).toBe(1);
    const notes = (await api.call('GET', '/customers/cust-marc/timeline?kind=note&limit=100', { token: agent })).body.items;
    expect(notes.filter((n: { summary: string }) => n.summary === 'phone contact: Burst')).toHaveLength(1);
    expect(notes.filter((n: { summary: string }) => n.summary === 'phone contact: Return question')).toHaveLength(1);

    const other = await note('cust-marc', { ...body, text: 'Something else' }, headers);
    expect(other.status).toBe(409);
    expect(other.body.type).toBe('urn:omnistore:problem:idempotency-key-reused');
  });

  it.each([
    [{ ...body, channel: 'fax' }, 'channel'],
    [{ ...body, reason: '  ' }, 'reason'],
    [{ ...body, text: '' }, 'text'],
    [{ ...body, text: 'x'.repeat(2001) }, 'text'],
    [{ channel: 'chat', reason: 'r' }, 'text'],
    [{ ...body, extra: 1 }, 'extra'],
  ])('refuses %j (400 naming %s) and writes nothing', async (bad, field) => {
    const before = (await scanTable(api.deps)).length;
    const res = await note('cust-lucia', bad);
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toContain(`body.${field}`);
    expect((await scanTable(api.deps)).length).toBe(before);
  });

  it('is 404 for an unknown customer, with nothing written', async () => {
    const before = (await scanTable(api.deps)).length;
    const res = await note('cust-nobody', body, { 'idempotency-key': 'note-nobody' });
    expect(res.status).toBe(404);
    expect((await scanTable(api.deps)).length).toBe(before);
  });

  it('is in the customer export and erased with the customer', async () => {
    await seedCustomer(api.deps, 'cust-gone', { email: 'gone@example.com' }, 'Gone Soon');
    const made = await note('cust-gone', body, { 'idempotency-key': 'note-gone' });
    expect(made.status).toBe(201);
    const customer = await api.customer('cust-gone');
    const exported = await api.call('GET', '/me/export', { token: customer });
    expect(exported.body.profiles.timeline.items).toContainEqual(
      expect.objectContaining({ entryId: made.body.noteId, kind: 'note', text: body.text }),
    );
    expect((await api.call('DELETE', '/me', { token: customer })).status).toBe(204);
    const left = (await scanTable(api.deps)).filter((i) => JSON.stringify(i).includes('cust-gone'));
    expect(left).toEqual([]);
    expect((await api.call('GET', '/customers/cust-gone', { token: agent })).status).toBe(404);
    expect((await note('cust-gone', body)).status).toBe(404);
  });
});

describe('who may', () => {
  const ours = allRoutes().filter((r) => r.path.startsWith('/customers') && r.path !== '/customers/lookup');
  const concrete = (path: string) => path.replace('{customerId}', 'cust-lucia');
  /** A valid request to each of them, so only who asks decides. */
  const valid: Record<string, CallOptions & { query?: string }> = {
    'GET /customers': { query: '?q=lucia%40example.com' },
    'POST /customers/{customerId}/notes': { body: { channel: 'phone', reason: 'r', text: 't' } },
    'POST /customers/{customerId}/appointments': {
      body: { storeId: 'mad-sol', serviceId: 'cut', start: '2026-11-26T10:00:00+01:00', stylistId: 'any' },
    },
  };

  it('refuses customers and associates on every contact-center route (403)', async () => {
    expect(ours).toHaveLength(5);
    for (const token of [await api.customer('cust-lucia'), staff]) {
      for (const route of ours) {
        const { query = '', ...options } = valid[`${route.method} ${route.path}`] ?? {};
        const res = await api.call(route.method, concrete(route.path) + query, { ...options, token });
        expect(res.status, `${route.method} ${route.path}`).toBe(403);
      }
    }
  });

  it('lets regional and admin staff use them', async () => {
    for (const role of ['regional', 'admin'] as const) {
      const token = await api.staff('mad-sol', role);
      expect((await search('marc@example.com', token)).body.items).toHaveLength(1);
      expect((await api.call('GET', '/customers/cust-marc', { token })).status).toBe(200);
      expect((await api.call('GET', '/customers/cust-marc/timeline', { token })).status).toBe(200);
      expect((await note('cust-marc', { channel: 'email', reason: role, text: 'seen' }, undefined, token)).body.by).toEqual({
        kind: 'staff',
        id: 'staff-mad-sol',
      });
    }
  });

  it('gives an agent 403 on every store operation and every route not opened to agents', async () => {
    const closed = allRoutes().filter((r) => r.auth !== 'public' && !r.auth.includes('agent'));
    expect(closed.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'POST /stores/{storeId}/stock-events',
        'POST /stores/{storeId}/pickups/{orderId}/handover',
        'GET /stores/{storeId}/agenda',
        'PUT /stores/{storeId}/appointment-services/{serviceId}',
        'PUT /stores/{storeId}/stylists/{stylistId}',
        'PUT /stores/{storeId}/booking-policy',
        'POST /beacons',
        'POST /offers',
      ]),
    );
    for (const route of closed) {
      const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
      const res = await api.call(route.method, route.path.replace(/\{[^}]+\}/g, 'x1'), { token: agent, body });
      expect(res.status, `${route.method} ${route.path}`).toBe(403);
    }
  });

  it('lets an agent read what the public reads', async () => {
    for (const path of ['/stores/mad-sol', '/products/x1', '/stores/mad-sol/appointment-services', '/openapi.json']) {
      const res = await api.call('GET', path, { token: agent });
      expect([401, 403], path).not.toContain(res.status);
    }
  });
});

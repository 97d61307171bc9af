// The rules of return authorizations: what may still be authorized, what an RMA fixes, what
// receipts may take and what they leave behind.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  authorizationErrors,
  authorizationsAfter,
  authorizedUnits,
  linesAfterReceipt,
  newRma,
  RMA_VALID_DAYS,
  receiptLines,
  refundOf,
  refuseReceipt,
  rmaAfterReceipt,
  rmaCode,
  rmaStatusAt,
  rmaView,
} from '#shared/orders/rma-rules.ts';
import type { Order, OrderLine } from '#shared/orders/schemas.ts';
import { isDomainError } from '#shared/runtime/errors.ts';

const now = new Date('2026-11-24T10:00:00Z');
const later = (days: number) => new Date(now.getTime() + days * 24 * 3600_000).toISOString();
const line = (sku: string, quantity: number, returnedQuantity = 0, price = 1000): OrderLine => ({
  sku,
  quantity,
  price,
  fulfilment: 'in_store',
  storeId: 'sol',
  returnedQuantity,
});
const order = (lines: OrderLine[]) =>
  ({
    orderId: 'O1',
    channel: 'web',
    channelOrderId: 'W-1',
    customerId: 'c-1',
    status: 'placed',
    currency: 'EUR',
    total: 0,
    lines,
    placedAt: now.toISOString(),
    updatedAt: now.toISOString(),
  }) as Order;
const by = { kind: 'agent' as const, id: 'a-1' };
const thrown = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('Function: authorizationErrors', () => {
  it('allows bought − returned − authorized on open RMAs, naming the line otherwise', () => {
    const o = order([line('A', 3, 1), line('B', 1)]);
    const open = [{ rmaId: 'R1', expiresAt: later(1), lines: [{ sku: 'A', quantity: 1 }] }];
    expect(authorizationErrors(o, [{ sku: 'A', quantity: 1 }], open, now)).toEqual([]);
    expect(
      authorizationErrors(
        o,
        [
          { sku: 'B', quantity: 1 },
          { sku: 'A', quantity: 2 },
        ],
        open,
        now,
      ),
    ).toEqual([
      { path: 'lines[1].quantity', message: 'Only 1 of A can still be returned (1 already authorized on open return authorizations).' },
    ]);
    expect(authorizationErrors(o, [{ sku: 'Z', quantity: 1 }], open, now)).toEqual([
      { path: 'lines[0].sku', message: 'Z is not on this order.' },
    ]);
  });

  it('no longer counts an expired RMA', () => {
    const o = order([line('A', 1)]);
    const expired = [{ rmaId: 'R1', expiresAt: now.toISOString(), lines: [{ sku: 'A', quantity: 1 }] }];
    expect(authorizedUnits(expired, now).size).toBe(0);
    expect(authorizationErrors(o, [{ sku: 'A', quantity: 1 }], expired, now)).toEqual([]);
  });

  it('property: whatever is accepted, returned + authorized never exceeds what was bought', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 0, max: 10 }),
        fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 12 }),
        (bought, returnedRaw, requests) => {
          const returned = Math.min(returnedRaw, bought);
          const o = order([line('A', bought, returned)]);
          let open: ReturnType<typeof authorizationsAfter> = [];
          requests.forEach((quantity, i) => {
            if (authorizationErrors(o, [{ sku: 'A', quantity }], open, now).length) return;
            open = authorizationsAfter(open, { add: { rmaId: `R${i}`, expiresAt: later(30), lines: [{ sku: 'A', quantity }] } }, now);
          });
          expect(returned + (authorizedUnits(open, now).get('A') ?? 0)).toBeLessThanOrEqual(bought);
        },
      ),
    );
  });
});

describe('Function: newRma', () => {
  it('fixes units, unit prices and the refund now, valid RMA_VALID_DAYS, with a human code', () => {
    const rma = newRma({
      rmaId: '01KAAAAAAAAAAAAAAAAA7KQ2M9XD',
      order: order([line('A', 2, 0, 2999), line('B', 1, 0, 5999)]),
      request: {
        lines: [
          { sku: 'B', quantity: 1 },
          { sku: 'A', quantity: 2 },
        ],
        reason: 'Too small',
        method: 'courier',
      },
      now,
      by,
    });
    expect(rma).toMatchObject({
      code: 'RMA-7KQ2-M9XD',
      status: 'authorized',
      amount: 5999 + 2 * 2999,
      refundedAmount: 0,
      lines: [
        { sku: 'B', quantity: 1, price: 5999, receivedQuantity: 0 },
        { sku: 'A', quantity: 2, price: 2999, receivedQuantity: 0 },
      ],
      validUntil: later(RMA_VALID_DAYS),
      revision: 0,
    });
    expect(rmaView(rma, now)).toMatchObject({ expiresAt: later(30), status: 'authorized' });
    expect(rmaView(rma, now)).not.toHaveProperty('by');
    expect(rmaCode('01KAAAAAAAAAAAAAAAAAAAAAAA')).toBe('RMA-AAAA-AAAA');
  });
});

describe('Receipts: receiptLines, rmaAfterReceipt, refuseReceipt', () => {
  const base = () =>
    newRma({
      rmaId: '01KAAAAAAAAAAAAAAAAAAAAAAA',
      order: order([line('A', 3, 0, 1000), line('B', 1, 0, 500)]),
      request: {
        lines: [
          { sku: 'A', quantity: 3 },
          { sku: 'B', quantity: 1 },
        ],
        reason: 'x',
        method: 'in_store',
      },
      now,
      by,
    });
  const receive = (rma: ReturnType<typeof base>, lines: Array<{ sku: string; quantity: number }>) =>
    rmaAfterReceipt(rma, { receiptId: 'X', at: now.toISOString(), locationId: 'sol', lines, refund: refundOf(rma, lines) });

  it('takes everything outstanding without lines; names a line beyond it; 409 for what is already received', () => {
    const rma = base();
    expect(receiptLines(rma, undefined)).toEqual([
      { sku: 'A', quantity: 3 },
      { sku: 'B', quantity: 1 },
    ]);
    const part = receive(rma, [{ sku: 'A', quantity: 2 }]);
    expect(part).toMatchObject({ status: 'partially_received', refundedAmount: 2000, revision: 1 });
    expect(receiptLines(part, undefined)).toEqual([
      { sku: 'A', quantity: 1 },
      { sku: 'B', quantity: 1 },
    ]);
    const over = thrown(() => receiptLines(part, [{ sku: 'A', quantity: 2 }]));
    expect(isDomainError(over) && over.fields).toEqual([{ path: 'lines[0].quantity', message: 'Only 1 of A are still expected.' }]);
    const all = receive(part, receiptLines(part, undefined));
    expect(all).toMatchObject({ status: 'received', refundedAmount: 3500 });
    expect(refuseReceipt(all, now)?.code).toBe('already-received');
    const b = receive(base(), [{ sku: 'B', quantity: 1 }]);
    expect((thrown(() => receiptLines(b, [{ sku: 'B', quantity: 1 }])) as { code: string }).code).toBe('already-received');
    expect(
      isDomainError(
        thrown(() => receiptLines(b, [{ sku: 'Z', quantity: 1 }])),
        'validation',
      ),
    ).toBe(true);
  });

  it('expires: nothing is received after validUntil, and it reads expired (unless all was received)', () => {
    const rma = base();
    expect(refuseReceipt(rma, new Date(later(29)))).toBeUndefined();
    expect(refuseReceipt(rma, new Date(later(30)))?.code).toBe('rma-expired');
    expect(rmaStatusAt(rma, new Date(later(31)))).toBe('expired');
    expect(rmaStatusAt(receive(rma, receiptLines(rma, undefined)), new Date(later(31)))).toBe('received');
  });

  it('property: however the goods arrive in parts, never more than authorized, the refund their price', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('A', 'B'), fc.integer({ min: 1, max: 4 }), fc.boolean()), { maxLength: 15 }),
        (steps) => {
          let rma = base();
          for (const [sku, quantity, all] of steps) {
            if (refuseReceipt(rma, now)) break;
            let lines: Array<{ sku: string; quantity: number }>;
            try {
              lines = receiptLines(rma, all ? undefined : [{ sku, quantity }]);
            } catch {
              continue;
            }
            rma = receive(rma, lines);
          }
          for (const l of rma.lines) expect(l.receivedQuantity).toBeLessThanOrEqual(l.quantity);
          expect(rma.refundedAmount).toBe(rma.lines.reduce((n, l) => n + l.receivedQuantity * l.price, 0));
          expect(rma.status === 'received').toBe(rma.lines.every((l) => l.receivedQuantity === l.quantity));
          expect(rma.receipts.flatMap((r) => r.lines).reduce((n, l) => n + l.quantity, 0)).toBe(
            rma.lines.reduce((n, l) => n + l.receivedQuantity, 0),
          );
        },
      ),
    );
  });
});

describe('Functions: authorizationsAfter, linesAfterReceipt', () => {
  it("counts received units off the RMA's outstanding ones and drops what is done or expired", () => {
    const open = [
      {
        rmaId: 'R1',
        expiresAt: later(5),
        lines: [
          { sku: 'A', quantity: 2 },
          { sku: 'B', quantity: 1 },
        ],
      },
      { rmaId: 'R0', expiresAt: now.toISOString(), lines: [{ sku: 'A', quantity: 1 }] },
    ];
    expect(authorizationsAfter(open, { rmaId: 'R1', received: [{ sku: 'A', quantity: 2 }] }, now)).toEqual([
      { rmaId: 'R1', expiresAt: later(5), lines: [{ sku: 'B', quantity: 1 }] },
    ]);
    expect(
      authorizationsAfter(
        open,
        {
          rmaId: 'R1',
          received: [
            { sku: 'A', quantity: 2 },
            { sku: 'B', quantity: 1 },
          ],
        },
        now,
      ),
    ).toEqual([]);
  });

  it('counts units back on the order, refusing more than was bought', () => {
    const o = order([line('A', 2, 1), line('B', 1)]);
    expect(linesAfterReceipt(o, [{ sku: 'A', quantity: 1 }]).map((l) => l.returnedQuantity)).toEqual([2, 0]);
    expect((thrown(() => linesAfterReceipt(o, [{ sku: 'A', quantity: 2 }])) as { code: string }).code).toBe('already-returned');
  });
});

// Repository: returns and exchanges of an order, in the store where the customer brings the
// goods. One transaction: the order (conditioned on being as read), and per line a stock
// event through inventory's code — a `return` putting the units back into this store's
// stock, and for an exchange a `sale` of the replacement that may not take units that are
// not free. Each stock event has its own id record, so it is applied exactly once.

import { ulid } from 'ulid';
import { deltaItems } from '../inventory/index.ts';
import { type FieldError, fail } from '../platform/errors.ts';
import { outboxPut } from '../platform/outbox.ts';
import { timelinePut } from '../platform/timeline.ts';
import type { Deps } from '../runtime/deps.ts';
import type { Store } from '../stores/index.ts';
import { batchGet } from '../table/batch.ts';
import { keys } from '../table/keys.ts';
import { failedConditions, type TransactItem, transactWrite } from '../table/transact.ts';
import { orderEvents } from './events.ts';
import { type Actor, getOrderItem, orderFromItem, statusUpdate } from './orders.ts';
import { fullyReturned, refuseReturn, returnLineErrors } from './rules.ts';
import type { Order, OrderLine, ReturnRequest } from './schemas.ts';

const unprocessable = (errors: FieldError[]) => fail.unprocessable(errors);

export async function returnOrder(
  deps: Deps,
  orderId: string,
  request: ReturnRequest,
  actor: Actor,
  guard?: (order: Order) => void,
): Promise<Order> {
  const { storeId } = request;
  const exchanges = request.lines.flatMap((l) => (l.exchangeSku ? [l.exchangeSku] : []));
  const [item, found] = await Promise.all([
    getOrderItem(deps, orderId),
    batchGet(deps, [keys.store(storeId), ...exchanges.map((sku) => keys.stock(storeId, sku))], true),
  ]);
  if (!item) throw fail.notFound('No such order.');
  const order = orderFromItem(item);
  guard?.(order);
  const refusal = refuseReturn(order);
  if (refusal) throw fail.conflict(refusal, 'order-status');
  const lineErrors = returnLineErrors(order, request.lines);
  request.lines.forEach((l, i) => {
    if (l.exchangeSku && order.lines.some((o) => o.sku === l.exchangeSku)) {
      lineErrors.push({
        path: `body.lines[${i}].exchangeSku`,
        message: `${l.exchangeSku} is already on this order; return it or exchange for another SKU.`,
      });
    }
  });
  if (lineErrors.length) throw fail.invalid(lineErrors);

  const store = found.find((i) => i.SK === 'STORE') as Store | undefined;
  const refs: FieldError[] = [];
  if (!store) refs.push({ path: 'body.storeId', message: `There is no store ${storeId}.` });
  else if (!store.services.includes('returns')) refs.push({ path: 'body.storeId', message: `Store ${storeId} does not take returns.` });
  const carried = new Set(found.filter((i) => i.SK !== 'STORE').map((i) => i.sku as string));
  request.lines.forEach((l, i) => {
    if (l.exchangeSku && !carried.has(l.exchangeSku))
      refs.push({ path: `body.lines[${i}].exchangeSku`, message: `Store ${storeId} does not carry ${l.exchangeSku}.` });
  });
  if (refs.length) throw unprocessable(refs);

  const now = deps.clock.now();
  const at = now.toISOString();
  const returnId = ulid(now.getTime());
  const bySku = new Map(request.lines.map((l) => [l.sku, l]));
  const lines: OrderLine[] = order.lines.map((l) => {
    const back = bySku.get(l.sku);
    return back ? { ...l, returnedQuantity: l.returnedQuantity + back.quantity } : l;
  });
  for (const l of request.lines) {
    if (!l.exchangeSku) continue;
    const original = order.lines.find((o) => o.sku === l.sku)!;
    lines.push({
      sku: l.exchangeSku,
      quantity: l.quantity,
      price: original.price,
      fulfilment: 'in_store',
      storeId,
      returnedQuantity: 0,
      ...(original.category ? { category: original.category } : {}),
    });
  }
  const record = { returnId, at, storeId, lines: request.lines };
  const values = { ':lines': lines, ':ret': [record], ':none': [], ':read': order.updatedAt };
  // Both are reserved words in expressions.
  const names = { '#lines': 'lines', '#returns': 'returns' };
  const set = ['#lines = :lines', '#returns = list_append(if_not_exists(#returns, :none), :ret)'];
  const orderWrite: TransactItem = fullyReturned(lines)
    ? statusUpdate(deps, order, 'returned', at, { set, condition: ['updatedAt = :read'], values, names })
    : {
        Update: {
          TableName: deps.tableName,
          Key: keys.order(orderId),
          UpdateExpression: `SET ${set.join(', ')}, updatedAt = :at`,
          ConditionExpression: '#status = :status AND updatedAt = :read',
          ExpressionAttributeNames: { '#status': 'status', ...names },
          ExpressionAttributeValues: { ...values, ':status': order.status, ':at': at },
        },
      };

  const tx: TransactItem[] = [orderWrite];
  const exchangeAt = new Map<number, string>();
  for (const l of request.lines) {
    tx.push(
      ...deltaItems(
        deps,
        storeId,
        { eventId: `order-return-${returnId}-${l.sku}`, sku: l.sku, type: 'return', quantity: l.quantity, occurredAt: at },
        now,
      ),
    );
    if (l.exchangeSku) {
      exchangeAt.set(tx.length + 1, l.exchangeSku); // the line update follows its event record
      tx.push(
        ...deltaItems(
          deps,
          storeId,
          {
            eventId: `order-exchange-${returnId}-${l.exchangeSku}`,
            sku: l.exchangeSku,
            type: 'sale',
            quantity: l.quantity,
            occurredAt: at,
          },
          now,
          { noOversell: true },
        ),
      );
    }
  }
  const units = request.lines.reduce((n, l) => n + l.quantity, 0);
  const type = exchanges.length ? 'order.exchanged' : 'order.returned';
  tx.push(
    timelinePut(deps, order.customerId, {
      type,
      summary: `${units} item${units === 1 ? '' : 's'} of order ${order.channelOrderId} ${exchanges.length ? 'exchanged' : 'returned'} at ${store!.name}`,
      ref: { orderId, storeId, returnId },
    }),
    outboxPut(deps, {
      event: exchanges.length ? orderEvents.exchanged : orderEvents.returned,
      subject: `order#${orderId}`,
      detail: { orderId, customerId: order.customerId, ...record, by: actor },
    }),
  );

  try {
    await transactWrite(deps, tx);
  } catch (error) {
    const failed = failedConditions(error);
    if (!failed) throw error;
    const short = failed.flatMap((i) => (exchangeAt.has(i) ? [exchangeAt.get(i)!] : []));
    if (short.length) {
      throw fail.conflict(`Not enough free stock at ${storeId} for ${short.join(', ')}.`, 'insufficient-stock', {
        lines: short.map((sku) => ({ sku, requested: request.lines.find((l) => l.exchangeSku === sku)!.quantity })),
      });
    }
    if (failed.includes(0)) throw fail.conflict('The order changed meanwhile; reload it and retry the return.', 'order-changed');
    throw fail.busy('Stock at this store changed while recording the return; retry.');
  }
  return orderFromItem({
    ...item,
    lines,
    returns: [...((item.returns as unknown[]) ?? []), record],
    updatedAt: at,
    ...(fullyReturned(lines) ? { status: 'returned', returnedAt: at } : {}),
  });
}

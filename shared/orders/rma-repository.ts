// Repository: return authorizations (keys.returnAuthorization; a customer's on GSI1 by
// keys.customerReturnAuthorization) and the order's revised updates the contact center's
// changes write (pickup extend and move, RMAs opened and received). Decides nothing.

import type { PageRequest } from '../platform/schemas.ts';
import type { Deps } from '../runtime/deps.ts';
import { fromItem, type Stored, toItem } from '../table/item.ts';
import { keys } from '../table/keys.ts';
import { getItem, type Page, pagePrefix } from '../table/query.ts';
import type { TransactItem } from '../table/transact.ts';
import { updateParts } from '../table/update.ts';
import { indexAttributes, type OrderItem } from './repository.ts';
import type { RmaRecord } from './rma-rules.ts';
import { statusTimeField } from './rules.ts';
import type { Order, OrderStatus } from './schemas.ts';

type RmaItem = Stored<'returnAuthorization', RmaRecord>;

export const rmaFromItem = (item: RmaItem): RmaRecord => fromItem<RmaRecord>(item);

/** Strongly consistent: a receipt decides from the RMA as it is. */
export async function getRma(deps: Deps, rmaId: string): Promise<RmaRecord | undefined> {
  const item = (await getItem(deps, keys.returnAuthorization(rmaId))) as RmaItem | undefined;
  return item && rmaFromItem(item);
}

/** A customer's RMAs, newest first (their GSI1 list). */
export async function customerRmas(deps: Deps, customerId: string, page: PageRequest): Promise<Page<RmaRecord>> {
  const found = await pagePrefix(
    deps,
    { partition: keys.customerPartition(customerId), skPrefix: keys.customerReturnAuthorizationPrefix, index: 'GSI1' },
    page,
  );
  return { items: found.items.map((i) => rmaFromItem(i as RmaItem)), nextCursor: found.nextCursor };
}

/** A new RMA, once, on its customer's list. */
export function rmaPut(deps: Deps, rma: RmaRecord): TransactItem {
  return {
    Put: {
      TableName: deps.tableName,
      Item: toItem(
        'returnAuthorization',
        { ...keys.returnAuthorization(rma.rmaId), ...keys.customerReturnAuthorization(rma.customerId, rma.rmaId) },
        rma,
      ),
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

/** An RMA after a receipt, conditioned on the revision read: of two receipts racing, one is written. */
export function rmaUpdate(deps: Deps, after: RmaRecord, readRevision: number): TransactItem {
  return {
    Update: {
      TableName: deps.tableName,
      Key: keys.returnAuthorization(after.rmaId),
      ...updateParts({
        set: {
          lines: after.lines,
          status: after.status,
          refundedAmount: after.refundedAmount,
          receipts: after.receipts,
          updatedAt: after.updatedAt,
          revision: after.revision,
        },
        expect: { revision: readRevision },
      }),
    },
  };
}

/** What a revised update changes: attributes set or removed, and the status it moves to. */
export type OrderChange = { set: Record<string, unknown>; remove?: string[]; to?: OrderStatus };

/**
 * The order after a change of the contact center's: `set` written, `remove` removed, the
 * revision bumped — conditioned on the status, customer, revision and updatedAt as read, so of
 * two changes racing (two moves, two RMAs for the last unit) one is written and the other
 * refused. The index attributes follow the status (`to`) and the pickup store in `set`.
 */
export function revisedOrderUpdate(deps: Deps, item: OrderItem, change: OrderChange, atIso: string): TransactItem {
  const status = change.to ?? item.status;
  const after = { ...item, ...change.set } as Order;
  const { GSI2PK, GSI2SK } = indexAttributes(after, status);
  const revision = item.revision ?? 0;
  const values: Record<string, unknown> = item.revision === undefined ? {} : { ':rev': item.revision };
  return {
    Update: {
      TableName: deps.tableName,
      Key: keys.order(item.orderId),
      ...updateParts({
        set: {
          ...change.set,
          ...(change.to ? { status: change.to, [statusTimeField[change.to]]: atIso } : {}),
          GSI2PK,
          GSI2SK,
          updatedAt: atIso,
          revision: revision + 1,
        },
        remove: [...(change.remove ?? []), ...(GSI2PK === undefined && item.pickupStoreId ? ['GSI2PK', 'GSI2SK'] : [])],
        expect: { status: item.status, customerId: item.customerId, updatedAt: item.updatedAt },
        condition: item.revision === undefined ? 'attribute_not_exists(#rev)' : '#rev = :rev',
        names: { '#rev': 'revision' },
        values,
      }),
    },
  };
}

// Repository: a guest profile merging into a signed-up customer. An order that came with an
// identity nobody had created a guest profile owning that identity's claim. When a
// signed-in customer attaches the same identity (PUT /me/identities/{kind}), the claim moves
// to them — in one transaction with the guest giving the identity up and being marked
// `mergedInto` — and then the guest's orders move over, 25 per transaction, each conditioned
// on still belonging to the guest, with a timeline entry apiece and the purchase summary.
//
// Only a guest's claim is taken over: an identity owned by a real customer stays a 409.
// Known limits (kept small on purpose): the guest's other identities stay on the guest; if
// the order moves are interrupted, the orders left behind stay on the guest profile.
// Only a verified identity may take over a guest's orders (attaching someone else's e-mail
// must not reveal their orders): the caller passes whether Cognito verified this value for
// the signed-in user (the ID token's email_verified / phone_number_verified claims).

import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { isDomainError } from '../platform/errors.ts';
import { outboxPut } from '../platform/outbox.ts';
import { timelinePut } from '../platform/timeline.ts';
import type { IdentityKind, Profile } from '../profiles/index.ts';
import { getProfile, purchasesWrite, resolveIdentity, setIdentity } from '../profiles/index.ts';
import type { Deps } from '../runtime/deps.ts';
import { keys } from '../table/keys.ts';
import { failedConditions, type TransactItem, transactWrite } from '../table/transact.ts';
import { orderEvents } from './events.ts';

/** Orders moved per transaction: an update and a timeline entry each (≤ 100 items). */
const MOVE_BATCH = 25;

/** setIdentity, except that an identity a guest profile owns is taken over, with the guest's orders. */
export async function attachIdentity(
  deps: Deps,
  customerId: string,
  kind: IdentityKind,
  value: string,
  options: { verified: boolean },
): Promise<Profile> {
  try {
    return await setIdentity(deps, customerId, kind, value);
  } catch (error) {
    if (!isDomainError(error, 'identity-taken')) throw error;
    if (!options.verified) throw error;
    const ownerId = await resolveIdentity(deps, kind, value);
    const owner = ownerId && ownerId !== customerId ? await getProfile(deps, ownerId) : undefined;
    if (!owner?.guest) throw error;
    return mergeGuest(deps, customerId, owner, kind, value);
  }
}

async function mergeGuest(deps: Deps, customerId: string, guest: Profile, kind: IdentityKind, value: string): Promise<Profile> {
  const at = deps.clock.now().toISOString();
  const guestId = guest.customerId;
  const guestSide: TransactItem[] = [
    {
      Update: {
        TableName: deps.tableName,
        Key: keys.profile(guestId),
        UpdateExpression: 'REMOVE identities.#kind SET mergedInto = :me, updatedAt = :at',
        ConditionExpression: 'guest = :true AND identities.#kind = :value',
        ExpressionAttributeNames: { '#kind': kind },
        ExpressionAttributeValues: { ':me': customerId, ':at': at, ':true': true, ':value': value },
      },
    },
    timelinePut(deps, customerId, {
      type: 'guest.merged',
      summary: `Guest orders with this ${kind} linked to the profile`,
      ref: { guestId, kind },
    }),
    outboxPut(deps, { event: orderEvents.guestMerged, subject: `customer#${customerId}`, detail: { customerId, guestId, kind } }),
  ];
  await setIdentity(deps, customerId, kind, value, { fromCustomerId: guestId, items: guestSide });
  await moveOrders(deps, guestId, customerId);
  await mergePurchases(deps, guestId, customerId);
  return (await getProfile(deps, customerId)) as Profile;
}

/** Moves every order of `fromId` to `toId`; returns how many moved. */
export async function moveOrders(deps: Deps, fromId: string, toId: string): Promise<number> {
  let moved = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const res = await deps.db.send(
      new QueryCommand({
        TableName: deps.tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.customerPartition(fromId), ':prefix': keys.customerOrderPrefix },
        Limit: MOVE_BATCH,
        ExclusiveStartKey: start,
      }),
    );
    const orders = res.Items ?? [];
    if (orders.length) {
      const tx = orders.flatMap((o): TransactItem[] => {
        const orderId = o.orderId as string;
        const index = keys.customerOrder(toId, orderId);
        const regroup = typeof o.GSI2SK === 'string';
        return [
          {
            Update: {
              TableName: deps.tableName,
              Key: keys.order(orderId),
              UpdateExpression: `SET customerId = :to, GSI1PK = :g1pk${regroup ? ', GSI2SK = :g2sk' : ''}`,
              ConditionExpression: 'customerId = :from',
              ExpressionAttributeValues: {
                ':to': toId,
                ':from': fromId,
                ':g1pk': index.GSI1PK,
                // Pickup index entries are grouped by customer: regroup under the new one.
                ...(regroup ? { ':g2sk': `${toId}#${orderId}` } : {}),
              },
            },
          },
          timelinePut(deps, toId, {
            type: 'order.linked',
            summary: `Order ${o.channelOrderId as string} (placed as a guest) linked`,
            ref: { orderId, channel: o.channel as string },
          }),
        ];
      });
      await transactWrite(deps, tx);
      moved += orders.length;
    }
    start = res.LastEvaluatedKey;
  } while (start);
  return moved;
}

/** The guest's purchase summary folded into the customer's. */
async function mergePurchases(deps: Deps, fromId: string, toId: string): Promise<void> {
  const res = await deps.db.send(new GetCommand({ TableName: deps.tableName, Key: keys.purchaseSummary(fromId), ConsistentRead: true }));
  const bought = (res.Item?.categories as Record<string, string> | undefined) ?? {};
  if (!Object.keys(bought).length) return;
  for (const exists of [true, false, true]) {
    try {
      await transactWrite(deps, [purchasesWrite(deps, toId, bought, exists)]);
      return;
    } catch (error) {
      if (!failedConditions(error)) throw error;
    }
  }
}

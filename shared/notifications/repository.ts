// Repository: preferences and messages as items — reads, the condition-written message
// record (one per event and channel), its claim, and its outcome with the timeline entry.
// Decides nothing: a lost condition is `false`.

import type { PageRequest } from '../platform/schemas.ts';
import { timelinePut } from '../platform/timeline.ts';
import { type Profile, profileFromItem } from '../profiles/index.ts';
import type { Deps } from '../runtime/deps.ts';
import { PutCommand, UpdateCommand } from '../runtime/dynamodb.ts';
import { batchGet } from '../table/batch.ts';
import { fromItem, type Stored, toItem } from '../table/item.ts';
import { keys } from '../table/keys.ts';
import { type Page, pagePrefix, queryAll } from '../table/query.ts';
import { isConditionalFailure, transactWrite } from '../table/transact.ts';
import { updateParts } from '../table/update.ts';
import type { Message, Preferences } from './schemas.ts';

type PreferencesItem = Stored<'communicationPreferences', Preferences & { updatedAt: string }>;
/** A message as stored: what the customer sees, and the claim of the sweep sending it. */
export type MessageRecord = Message & { customerId: string; leaseUntil?: string; leaseId?: string; notAfter?: string };
type MessageItem = Stored<'message', MessageRecord>;

// ── preferences and the facts a message needs ────────────────────────────────────────────

/** The customer's profile and preferences, in one BatchGetItem. */
export async function readRecipient(deps: Deps, customerId: string) {
  const found = await batchGet(deps, [keys.profile(customerId), keys.communicationPreferences(customerId)], true);
  const profile = found.find((i) => i.SK === keys.profile(customerId).SK);
  const prefs = found.find((i) => i.SK === keys.communicationPreferences(customerId).SK) as PreferencesItem | undefined;
  return {
    profile: profile ? (profileFromItem(profile) as Profile) : undefined,
    preferences: prefs ? fromItem<Preferences & { updatedAt: string }>(prefs) : undefined,
  };
}

export async function putPreferences(deps: Deps, customerId: string, preferences: Preferences, atIso: string): Promise<void> {
  const item: PreferencesItem = toItem('communicationPreferences', keys.communicationPreferences(customerId), {
    ...preferences,
    updatedAt: atIso,
  });
  await deps.db.send(new PutCommand({ TableName: deps.tableName, Item: item }));
}

// ── messages ──────────────────────────────────────────────────────────────────────────────

export const messageFromItem = (item: Record<string, unknown>): Message => {
  const { customerId: _c, leaseUntil: _l, leaseId: _i, notAfter: _n, ...message } = fromItem<MessageRecord>(item);
  return message;
};

/** A new message record, only if there is none for this event and channel: false when there was. */
export async function putNewMessage(deps: Deps, record: MessageRecord): Promise<boolean> {
  const item: MessageItem = toItem('message', keys.message(record.customerId, record.messageId, record.createdAt), record);
  try {
    await deps.db.send(
      new PutCommand({
        TableName: deps.tableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalFailure(error)) return false;
    throw error;
  }
}

/**
 * Claims a message for sending: only one sweep wins — the message must be due and waiting,
 * or its last claim must have lapsed. The claimed record, or undefined.
 */
export async function claimMessage(
  deps: Deps,
  key: { customerId: string; messageId: string },
  claim: { nowIso: string; leaseUntil: string; leaseId: string },
): Promise<MessageRecord | undefined> {
  try {
    const res = await deps.db.send(
      new UpdateCommand({
        TableName: deps.tableName,
        Key: keys.messageKey(key.customerId, key.messageId),
        ReturnValues: 'ALL_NEW',
        ...updateParts({
          set: { status: 'sending', leaseUntil: claim.leaseUntil, leaseId: claim.leaseId },
          condition:
            'attribute_exists(PK) AND ((#status IN (:scheduled, :retrying) AND #sendAt <= :now) OR (#status = :sending AND #leaseUntil < :now))',
          names: { '#status': 'status', '#sendAt': 'sendAt', '#leaseUntil': 'leaseUntil' },
          values: { ':scheduled': 'scheduled', ':retrying': 'retrying', ':sending': 'sending', ':now': claim.nowIso },
        }),
      }),
    );
    return res.Attributes && fromItem<MessageRecord>(res.Attributes);
  } catch (error) {
    if (isConditionalFailure(error)) return undefined;
    throw error;
  }
}

/**
 * The outcome of a claimed send, conditioned on the claim still being ours: sent or failed
 * (with the timeline's entry — without the text), or retrying at a later time.
 */
export async function settleMessage(
  deps: Deps,
  message: MessageRecord,
  outcome: { status: 'sent' | 'failed' | 'retrying'; attempts: number; atIso: string; sendAt?: string; reason?: string },
  timeline?: { summary: string },
): Promise<boolean> {
  const update = {
    Update: {
      TableName: deps.tableName,
      Key: keys.messageKey(message.customerId, message.messageId),
      ...updateParts({
        set: {
          status: outcome.status,
          attempts: outcome.attempts,
          ...(outcome.status === 'sent' ? { sentAt: outcome.atIso } : {}),
          ...(outcome.sendAt ? { sendAt: outcome.sendAt } : {}),
          ...(outcome.reason ? { reason: outcome.reason } : {}),
        },
        remove: ['leaseUntil', 'leaseId'],
        expect: { status: 'sending', leaseId: message.leaseId },
      }),
    },
  };
  const entry = timeline
    ? [
        timelinePut(deps, message.customerId, {
          type: `notification.${outcome.status}`,
          summary: timeline.summary,
          ref: { messageId: message.messageId, channel: message.channel, kind: message.kind },
        }),
      ]
    : [];
  try {
    await transactWrite(deps, [update, ...entry]);
    return true;
  } catch (error) {
    if ((error as Error).name === 'TransactionCanceledException') return false;
    throw error;
  }
}

/** The customer's messages, newest first. */
export async function listMessageItems(deps: Deps, customerId: string, page: PageRequest): Promise<Page<Message>> {
  const found = await pagePrefix(
    deps,
    { partition: keys.customerPartition(customerId), skPrefix: keys.customerMessagePrefix, index: 'GSI1' },
    page,
  );
  return { items: found.items.map(messageFromItem), nextCursor: found.nextCursor };
}

/** Every message of the customer (an export, an erasure: bounded by what one customer was ever sent). */
export async function allMessages(deps: Deps, customerId: string): Promise<MessageRecord[]> {
  const items = await queryAll(deps, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.customerPartition(customerId), ':prefix': keys.messageKey(customerId, '').SK },
  });
  return items.map((i) => fromItem<MessageRecord>(i));
}

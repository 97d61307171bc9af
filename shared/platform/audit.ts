// Platform: the access audit of the contact center's routes — who read or acted on which
// customer, when, what they did and how they found them; never the text typed. As in the
// tablet's lookup audit (shared/clienteling), the customer is pseudonymised (customerRef, the
// keyed hash of their id), so the trail is kept 400 days for accountability and outlives an
// erasure without naming the person. Reads are audited beside the read (auditAccess); actions
// put their entry inside their own transaction (accessAuditPut), so an entry exists exactly
// when the action happened.

import { ulid } from 'ulid';
import type { Deps } from '../runtime/deps.ts';
import { PutCommand } from '../runtime/dynamodb.ts';
import { epochSeconds, type Stored, toItem } from '../table/item.ts';
import { keys } from '../table/keys.ts';
import type { TransactItem } from '../table/transact.ts';
import { type Actor, actorKey, actorRef } from './actor.ts';

export type AccessAudit = {
  /** What was done: 'customer.search', 'customer.card', 'pickup.extend', … */
  action: string;
  /** Whom it concerned (hashed before it is stored); absent for a search that found nobody. */
  customerId?: string;
  /** How the customer was found (a search): 'email', 'phone', 'loyalty', 'order'. */
  matchedBy?: string;
  /** The record acted on: an order id, a return authorization id, an appointment id. */
  ref?: string;
  result?: 'found' | 'not_found' | 'done';
};

type AccessAuditRecord = Omit<AccessAudit, 'customerId'> & {
  entryId: string;
  at: string;
  actor: string;
  actorKind: string;
  actorRole?: string;
  customerRef?: string;
};

/** Kept about 13 months (a year of accountability plus slack), like the lookup audit. */
const AUDIT_TTL_SECONDS = 400 * 24 * 3600;

/** The pseudonym of a customer in the audit: the keyed hash of their id. */
export const auditCustomerRef = (deps: Pick<Deps, 'hashIdentity'>, customerId: string) => deps.hashIdentity('audit-customer', customerId);

async function auditItem(deps: Deps, actor: Actor, entry: AccessAudit): Promise<Stored<'accessAudit', AccessAuditRecord>> {
  const now = deps.clock.now();
  const { customerId, ...rest } = entry;
  const ref = actorRef(actor);
  const record: AccessAuditRecord = {
    ...rest,
    entryId: ulid(now.getTime()),
    at: now.toISOString(),
    actor: ref.id,
    actorKind: ref.kind,
    ...(actor.kind === 'staff' ? { actorRole: actor.role } : {}),
    ...(customerId ? { customerRef: await auditCustomerRef(deps, customerId) } : {}),
  };
  deps.logger.info('customer access', {
    action: record.action,
    actor: record.actor,
    actorKind: record.actorKind,
    customerRef: record.customerRef,
  });
  return toItem(
    'accessAudit',
    keys.accessAudit(actorKey(actor), record.at.slice(0, 10), record.entryId),
    record,
    epochSeconds(now) + AUDIT_TTL_SECONDS,
  );
}

/** A read's audit entry, written on its own (run it beside the read; answer after both). */
export async function auditAccess(deps: Deps, actor: Actor, entry: AccessAudit): Promise<void> {
  await deps.db.send(new PutCommand({ TableName: deps.tableName, Item: await auditItem(deps, actor, entry) }));
}

/** An action's audit entry, to put inside the action's own transaction. */
export async function accessAuditPut(deps: Deps, actor: Actor, entry: AccessAudit): Promise<TransactItem> {
  return { Put: { TableName: deps.tableName, Item: await auditItem(deps, actor, entry) } };
}

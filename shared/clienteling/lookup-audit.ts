// Use-case step: every tablet lookup leaves an audit entry and a log line — who looked up
// whom in which store, and how it matched; never the text typed. "Whom" is pseudonymised
// (customerRef, a keyed hash of the customer id): the audit is kept 400 days for
// accountability (GDPR Art. 5(2) and 32, legitimate interest in detecting staff misuse)
// and outlives an erasure without naming the person (README, "Erasure and export").

import { ulid } from 'ulid';
import type { Actor } from '../platform/actor.ts';
import { auditCustomerRef } from '../platform/audit.ts';
import type { Deps } from '../runtime/deps.ts';
import { putLookupAudit } from './repository.ts';
import type { Match } from './rules.ts';

type Staff = Extract<Actor, { kind: 'staff' }>;
type LookupOutcome = { result: 'found'; match: Match } | { result: 'not_found' };

export async function auditLookup(deps: Deps, staff: Staff, storeId: string, outcome: LookupOutcome): Promise<void> {
  const now = deps.clock.now();
  const found = outcome.result === 'found' ? outcome.match : undefined;
  const customerRef = found ? await auditCustomerRef(deps, found.customerId) : undefined;
  await putLookupAudit(deps, {
    entryId: ulid(now.getTime()),
    at: now.toISOString(),
    storeId,
    actor: staff.userId,
    actorRole: staff.role,
    result: outcome.result,
    ...(found ? { customerRef, matchedBy: found.matchedBy } : {}),
  });
  deps.logger.info('customer lookup', { storeId, actor: staff.userId, result: outcome.result, customerRef, matchedBy: found?.matchedBy });
}

// Use case: a customer's timeline for an agent (GET /customers/{customerId}/timeline), paged,
// newest first, optionally of one kind; audited.

import { type Actor, assertAgentAccess } from '../platform/actor.ts';
import { auditAccess } from '../platform/audit.ts';
import type { PageRequest, TimelineKind } from '../platform/schemas.ts';
import { listTimeline } from '../platform/timeline.ts';
import { getProfile } from '../profiles/index.ts';
import type { Deps } from '../runtime/deps.ts';
import { fail } from '../runtime/errors.ts';

/**
 * 1. Agents, regional and admin staff only.
 * 2. At once: the profile (does the customer exist), one page of the timeline (of one kind: one
 *    Query on the kind index, reading what it returns) and the audit entry.
 * 3. No profile (unknown or erased): not found.
 */
export async function customerTimeline(deps: Deps, actor: Actor, command: { customerId: string; kind?: TimelineKind } & PageRequest) {
  assertAgentAccess(actor);
  const { customerId, ...page } = command;
  const [profile, found] = await Promise.all([
    getProfile(deps, customerId),
    listTimeline(deps, customerId, page),
    auditAccess(deps, actor, { action: 'customer.timeline', customerId }),
  ]);
  if (!profile) throw fail.notFound(`There is no customer ${customerId}.`);
  return found;
}

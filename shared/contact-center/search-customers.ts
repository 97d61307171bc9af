// Use case: the contact center's one search box across the chain (GET /customers?q=) — whom
// the text means (the tablet's finder, shared), audited, answered as a masked hit.

import { findCustomerInChain } from '../clienteling/index.ts';
import { listCustomerOrders } from '../orders/index.ts';
import { type Actor, assertAgentAccess } from '../platform/actor.ts';
import { auditAccess } from '../platform/audit.ts';
import { getProfile } from '../profiles/index.ts';
import type { Deps } from '../runtime/deps.ts';
import { lastOrderLine, maskedIdentities } from './rules.ts';
import type { CustomerHit } from './schemas.ts';

const ACTION = 'customer.search';

/**
 * 1. Agents, regional and admin staff only.
 * 2. Whom the text means anywhere in the chain: e-mail, phone in any format (without a prefix:
 *    the deployment's default country), loyalty number, order number (clienteling's finder).
 * 3. Nobody: audit the miss; no items (not an error: the phone system asks for every caller).
 * 4. Someone: their profile and latest order read while the audit entry is written (how they
 *    were matched, never the text); a profile erased meanwhile is no item.
 */
export async function searchCustomers(deps: Deps, actor: Actor, command: { q: string }): Promise<{ items: CustomerHit[] }> {
  assertAgentAccess(actor);
  const match = await findCustomerInChain(deps, command.q);
  if (!match) {
    await auditAccess(deps, actor, { action: ACTION, result: 'not_found' });
    return { items: [] };
  }
  const { customerId, matchedBy } = match;
  const [profile, orders] = await Promise.all([
    getProfile(deps, customerId),
    listCustomerOrders(deps, customerId, { limit: 1 }),
    auditAccess(deps, actor, { action: ACTION, customerId, matchedBy, result: 'found' }),
  ]);
  if (!profile) return { items: [] };
  const [latest] = orders.items;
  return {
    items: [
      {
        customerId,
        ...(profile.name ? { name: profile.name } : {}),
        loyaltyTier: profile.loyaltyTier,
        ...maskedIdentities(profile.identities),
        matchedBy,
        ...(latest ? { lastOrder: lastOrderLine(latest) } : {}),
      },
    ],
  };
}

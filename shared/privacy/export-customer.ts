// Use case: export a customer's data (GET /me/export, data portability, GDPR Art. 20). The
// privacy module asks every module that holds personal data for its part and puts them
// into one JSON document.

import { exportCustomer as appointmentsPart } from '../appointments/index.ts';
import { exportCustomer as inventoryPart } from '../inventory/index.ts';
import { exportCustomer as ordersPart } from '../orders/index.ts';
import { exportCustomer as profilesPart } from '../profiles/index.ts';
import { exportCustomer as proximityPart } from '../proximity/index.ts';
import type { Deps } from '../runtime/deps.ts';

/** The document's format; a client that parses it can switch on it. */
export const EXPORT_FORMAT = 'omnistore-customer-export/1' as const;

/**
 * 1. Every module's part, in parallel: profiles (profile, identities, consents, purchase
 *    summary, timeline), orders, inventory (reservations), appointments, proximity (presence,
 *    visits, redemptions, offer caps). Lists are gathered page by page up to 1,000 items a
 *    section; a longer one says `complete: false` and names the paged route for the rest.
 * 2. One document, with what is held but not listed here and why.
 */
export async function exportCustomer(deps: Deps, customerId: string) {
  const [profiles, orders, inventory, appointments, proximity] = await Promise.all([
    profilesPart(deps, customerId),
    ordersPart(deps, customerId),
    inventoryPart(deps, customerId),
    appointmentsPart(deps, customerId),
    proximityPart(deps, customerId),
  ]);
  return {
    format: EXPORT_FORMAT,
    customerId,
    exportedAt: deps.clock.now().toISOString(),
    profiles,
    orders,
    inventory,
    appointments,
    proximity,
    notHeldHere: {
      tabletLookups:
        'Store staff lookups of you are audited for 400 days under a pseudonym (a keyed hash of your id), not by your id; ask the privacy team for them.',
      contactCenterAccess:
        'Contact-center reads of your data and actions for you are audited for 400 days under the same pseudonym; ask the privacy team for them. Notes agents wrote about your contacts are in your timeline.',
    },
  };
}

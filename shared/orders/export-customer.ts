// Use case: orders' part of a data export (composed by shared/privacy, GET /me/export).

import { collectPages } from '../platform/export.ts';
import type { Deps } from '../runtime/deps.ts';
import { listCustomerOrders } from './repository.ts';
import { listCustomerReturnAuthorizations } from './return-authorizations.ts';

/**
 * 1. The customer's orders from every channel, with their lines and returns, page by page.
 * 2. Their return authorizations (open, received, expired), page by page.
 */
export async function exportCustomer(deps: Deps, customerId: string) {
  const [orders, returnAuthorizations] = await Promise.all([
    collectPages((page) => listCustomerOrders(deps, customerId, page), '/me/orders'),
    collectPages((page) => listCustomerReturnAuthorizations(deps, customerId, page), '/me/return-authorizations'),
  ]);
  return { orders, returnAuthorizations };
}

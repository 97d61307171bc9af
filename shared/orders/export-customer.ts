// Use case: orders' part of a data export (composed by shared/privacy, GET /me/export).

import { collectPages } from '../platform/export.ts';
import type { Deps } from '../runtime/deps.ts';
import { listCustomerOrders } from './repository.ts';

/** 1. The customer's orders from every channel, with their lines and returns, page by page. */
export async function exportCustomer(deps: Deps, customerId: string) {
  return { orders: await collectPages((page) => listCustomerOrders(deps, customerId, page), '/me/orders') };
}

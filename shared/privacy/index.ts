// The privacy module's public API: erasure (and, later, export) across every module.

export { eraseCustomer } from './erase-customer.ts';

// The clienteling module's public API: the only file other modules, functions and infra import.

export { customerCard } from './customer-card.ts';
export { findCustomer, findCustomerInChain, searchCustomer } from './find-customer.ts';
export { readCustomerFacts } from './repository.ts';

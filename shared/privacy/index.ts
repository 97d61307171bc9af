// The privacy module's public API: erasure and export across every module.

export { eraseCustomer } from './erase-customer.ts';
export { exportCustomer } from './export-customer.ts';
export { customerExportSchema } from './schemas.ts';

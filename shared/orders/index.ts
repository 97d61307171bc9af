// The orders module's public API: the only file other modules, functions and infra import.

export * from './events.ts';
export * from './guest-merge.ts';
export * from './order-stock.ts';
export * from './orders.ts';
export * from './returns.ts';
export * from './rules.ts';
export * from './schemas.ts';

// The inventory module's public API: the only file other modules, functions and infra import.

export * from './events.ts';
export * from './reservations.ts';
export * from './schemas.ts';
export * from './stock.ts';
export * from './stock-rules.ts';

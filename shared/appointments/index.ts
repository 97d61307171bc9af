// The appointments module's public API: the only file other modules, functions and infra import.

export * from './appointments.ts';
export * from './events.ts';
export * from './schemas.ts';
export * from './slots.ts';

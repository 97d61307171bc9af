// The stores module's public API: the only file other modules, functions and infra import.

export * from './geo.ts';
export * from './nearby.ts';
export * from './opening-hours.ts';
export * from './repository.ts';
export * from './rules.ts';
export * from './schemas.ts';

// The profiles module's public API: the only file other modules, functions and infra import.

export * from './identity.ts';
export * from './purchases.ts';
export * from './repository.ts';
export * from './schemas.ts';

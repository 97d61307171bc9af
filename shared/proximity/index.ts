// The proximity module's public API: the only file other modules, functions and infra import.

export * from './events.ts';
export * from './offer-rules.ts';
export * from './offers.ts';
export * from './presence-rules.ts';
export * from './repository.ts';
export * from './schemas.ts';
export * from './use-cases.ts';

// The clienteling module's public API: the only file other modules, functions and infra import.

export * from './clienteling.ts';

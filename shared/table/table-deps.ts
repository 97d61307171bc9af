// Storage layer: what the table idioms need from the runtime's Deps.

import type { DocumentClient } from '../runtime/dynamodb.ts';

export type TableDeps = { db: DocumentClient; tableName: string };

// One DynamoDB Local per test worker, on free ports, stopped at the end. Each test file
// creates its own table(s) on its worker's instance (test/support/table.ts), so files run in
// parallel. One instance per worker, not one for the run: an in-memory DynamoDB Local keeps
// every table in one SQLite database and serialises its writes, so the concurrency races of
// one file stalled another file's seeding (6 s alone, past 120 s beside them).

import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '#infra/local/dynamodb-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoints: string[];
  }
}

export default async function setup(project: TestProject) {
  const workers = Math.max(1, Number(project.config.maxWorkers) || 1);
  const instances = await Promise.all(Array.from({ length: workers }, () => startDynamoDbLocal()));
  project.provide(
    'dynamodbEndpoints',
    instances.map((i) => i.endpoint),
  );
  return async () => {
    await Promise.all(instances.map((i) => i.stop()));
  };
}

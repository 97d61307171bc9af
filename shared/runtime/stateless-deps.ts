// Runtime: deps for a function that reads no data (the docs). No DynamoDB client is built —
// loading the SDK would double its cold start — and anything that reaches for the table or
// the identity key fails loudly instead of quietly working.

import { Logger } from '@aws-lambda-powertools/logger';
import { systemClock } from './clock.ts';
import type { Deps } from './deps.ts';

const none = (what: string) => () => {
  throw new Error(`This function reads no data: ${what} is not available.`);
};

export function statelessDeps(): Deps {
  return {
    get db(): never {
      return none('the table')();
    },
    tableName: '',
    clock: systemClock,
    hashIdentity: async () => none('the identity key')(),
    defaultCountry: 'ES',
    logger: new Logger({ serviceName: 'omnistore' }),
    validateResponses: false,
  };
}

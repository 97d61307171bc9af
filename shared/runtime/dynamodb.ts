// Runtime: the DynamoDB document client, built once per process (module scope in a
// Lambda, once per server locally) and passed to handlers through Deps.

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export type DocumentClient = DynamoDBDocumentClient;

export function createDocumentClient(options: { endpoint?: string; region?: string } = {}): DocumentClient {
  const local = options.endpoint !== undefined;
  const client = new DynamoDBClient({
    ...(local
      ? {
          endpoint: options.endpoint,
          region: options.region ?? 'eu-west-1',
          // DynamoDB Local accepts any credentials; never look for real ones on a laptop.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : { region: options.region }),
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

// Local runtime: the table, created on DynamoDB Local from the one definition in shared/.

import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DeleteTableCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { attributeDefinitions, type TableDefinition, tableDefinition } from '#shared/table/definition.ts';

export function createTableInput(tableName: string, def: TableDefinition = tableDefinition): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributeDefinitions(def).map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
    KeySchema: [
      { AttributeName: def.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: def.sortKey.name, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: def.globalSecondaryIndexes.map((i) => ({
      IndexName: i.indexName,
      KeySchema: [
        { AttributeName: i.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: i.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection:
        i.projection === 'ALL' ? { ProjectionType: 'ALL' } : { ProjectionType: 'INCLUDE', NonKeyAttributes: i.projection.include },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: def.streamViewType },
  };
}

/** The SDK's client, for managing tables on DynamoDB Local (the document client only moves items). */
export function localAdminClient(endpoint: string) {
  return new DynamoDBClient({ endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

export async function createTable(endpoint: string, tableName: string): Promise<void> {
  const db = localAdminClient(endpoint);
  try {
    await db.send(new CreateTableCommand(createTableInput(tableName)));
    await db.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
      }),
    );
  } finally {
    db.destroy();
  }
}

export async function deleteTable(endpoint: string, tableName: string): Promise<void> {
  const db = localAdminClient(endpoint);
  try {
    await db.send(new DeleteTableCommand({ TableName: tableName }));
  } finally {
    db.destroy();
  }
}

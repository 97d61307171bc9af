// Infra: the one DynamoDB table, built from shared/table/definition.ts.

import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { type KeyAttribute, tableDefinition } from '#shared/table/definition.ts';

const attr = (a: KeyAttribute): dynamodb.Attribute => ({
  name: a.name,
  type: a.type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER,
});

export function createTable(scope: Construct): dynamodb.Table {
  const def = tableDefinition;
  const table = new dynamodb.Table(scope, 'Table', {
    partitionKey: attr(def.partitionKey),
    sortKey: attr(def.sortKey),
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    timeToLiveAttribute: def.timeToLiveAttribute,
    stream: dynamodb.StreamViewType[def.streamViewType],
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    encryption: dynamodb.TableEncryption.AWS_MANAGED,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  for (const index of def.globalSecondaryIndexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.indexName,
      partitionKey: attr(index.partitionKey),
      sortKey: attr(index.sortKey),
      ...(index.projection === 'ALL'
        ? { projectionType: dynamodb.ProjectionType.ALL }
        : { projectionType: dynamodb.ProjectionType.INCLUDE, nonKeyAttributes: index.projection.include }),
    });
  }
  return table;
}

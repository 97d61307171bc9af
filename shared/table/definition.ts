// Storage layer: the one DynamoDB table, defined once. The CDK stack and the local
// bootstrap both build the table from this object; test/infra proves they agree.

export type KeyAttribute = { name: string; type: 'S' | 'N' };

export type IndexDefinition = {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  /** What the index holds besides the keys: every attribute, or only these. */
  projection: 'ALL' | { include: string[] };
};

export type TableDefinition = {
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  globalSecondaryIndexes: IndexDefinition[];
  timeToLiveAttribute: string;
  streamViewType: 'NEW_AND_OLD_IMAGES';
};

export const tableDefinition: TableDefinition = {
  partitionKey: { name: 'PK', type: 'S' },
  sortKey: { name: 'SK', type: 'S' },
  // Generic, overloaded indexes: what each one holds is decided in shared/table/keys.ts.
  globalSecondaryIndexes: [
    { indexName: 'GSI1', partitionKey: { name: 'GSI1PK', type: 'S' }, sortKey: { name: 'GSI1SK', type: 'S' }, projection: 'ALL' },
    { indexName: 'GSI2', partitionKey: { name: 'GSI2PK', type: 'S' }, sortKey: { name: 'GSI2SK', type: 'S' }, projection: 'ALL' },
    // The nearby index: a lean entry per store (keys.storeGeo), only what ranking needs, so a
    // search pays for ~100 bytes a store instead of the store's hours and exceptions.
    {
      indexName: 'GSI3',
      partitionKey: { name: 'GSI3PK', type: 'S' },
      sortKey: { name: 'GSI3SK', type: 'S' },
      projection: { include: ['location', 'services'] },
    },
  ],
  timeToLiveAttribute: 'expiresAt',
  streamViewType: 'NEW_AND_OLD_IMAGES',
};

/** The attribute definitions DynamoDB wants: every key attribute of the table and its indexes, once. */
export function attributeDefinitions(def: TableDefinition = tableDefinition): KeyAttribute[] {
  const all = [def.partitionKey, def.sortKey, ...def.globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  return [...new Map(all.map((a) => [a.name, a])).values()];
}

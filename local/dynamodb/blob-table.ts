import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  ScanCommand,
  type AttributeValue,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';

/** The index myBlobs queries: a user's blobs by creation time (infra/constructs/table.ts declares the same). */
export const OWNER_INDEX = { name: 'byOwner', partitionKey: 'owner', sortKey: 'createdAt' } as const;

/** The blobs table as infra/ declares it: partition key `id`, on demand, the byOwner index. (TTL: see ttl-sweeper.ts.) */
function blobTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    AttributeDefinitions: [
      { AttributeName: 'id', AttributeType: 'S' },
      { AttributeName: OWNER_INDEX.partitionKey, AttributeType: 'S' },
      { AttributeName: OWNER_INDEX.sortKey, AttributeType: 'S' },
    ],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    GlobalSecondaryIndexes: [
      {
        IndexName: OWNER_INDEX.name,
        KeySchema: [
          { AttributeName: OWNER_INDEX.partitionKey, KeyType: 'HASH' },
          { AttributeName: OWNER_INDEX.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
    BillingMode: 'PAY_PER_REQUEST',
  };
}

export async function ensureBlobTable(client: DynamoDBClient, tableName: string): Promise<void> {
  let indexes: string[];
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    indexes = (Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName ?? '');
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await client.send(new CreateTableCommand(blobTableDefinition(tableName)));
    return;
  }
  if (!indexes.includes(OWNER_INDEX.name)) await rebuildWithIndex(client, tableName);
}

/**
 * A data directory from before the byOwner index. dynalite cannot add an index to a table
 * (UpdateTable ignores GlobalSecondaryIndexUpdates), so the table is rebuilt with its items.
 */
async function rebuildWithIndex(client: DynamoDBClient, tableName: string): Promise<void> {
  const items: Record<string, AttributeValue>[] = [];
  let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  await client.send(new DeleteTableCommand({ TableName: tableName }));
  await client.send(new CreateTableCommand(blobTableDefinition(tableName)));
  for (let i = 0; i < items.length; i += 25) {
    let pending: Record<string, AttributeValue>[] = items.slice(i, i + 25);
    while (pending.length) {
      const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending.map((Item) => ({ PutRequest: { Item } })) } }));
      pending = (out.UnprocessedItems?.[tableName] ?? []).map((r) => r.PutRequest!.Item!);
    }
  }
}

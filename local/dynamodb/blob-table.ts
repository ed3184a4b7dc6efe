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
import { BLOB_TABLE_INDEXES, OWNER_INDEX } from '../../api/blob-table.js';

export { OWNER_INDEX };

/** The blobs table as infra/ declares it: partition key `id`, on demand, every index of api/blob-table.ts. (TTL: see ttl-sweeper.ts.) */
function blobTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    AttributeDefinitions: [...new Set(['id', ...BLOB_TABLE_INDEXES.flatMap((i) => [i.partitionKey, i.sortKey])])].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    GlobalSecondaryIndexes: BLOB_TABLE_INDEXES.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: 'projected' in index ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projected] } : { ProjectionType: 'ALL' },
    })),
    BillingMode: 'PAY_PER_REQUEST',
  };
}

export async function ensureBlobTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const backup = backupNameOf(tableName);
  // A rebuild interrupted after the old table was dropped: its items are in the backup.
  if ((await indexesOf(client, backup)) !== undefined) {
    await dropIfExists(client, tableName);
    await createTableActive(client, blobTableDefinition(tableName));
    await copyItems(client, backup, tableName);
    await deleteTableGone(client, backup);
    return;
  }
  const indexes = await indexesOf(client, tableName);
  if (indexes === undefined) {
    await createTableActive(client, blobTableDefinition(tableName));
    return;
  }
  if (BLOB_TABLE_INDEXES.some((index) => !indexes.includes(index.name))) await rebuildWithIndex(client, tableName);
}

/** The backup's name predates the label indexes; kept so a rebuild interrupted by an older version still resumes. */
const backupNameOf = (tableName: string) => `${tableName}.before-${OWNER_INDEX.name}`;

/** The table's index names; undefined when there is no such table. */
async function indexesOf(client: DynamoDBClient, tableName: string): Promise<string[] | undefined> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return (Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName ?? '');
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

async function dropIfExists(client: DynamoDBClient, tableName: string): Promise<void> {
  if ((await indexesOf(client, tableName)) !== undefined) await deleteTableGone(client, tableName);
}

/**
 * A data directory from before one of the indexes (byOwner, then the label indexes). dynalite cannot add an index to a table
 * (UpdateTable ignores GlobalSecondaryIndexUpdates), so the table is rebuilt with its items,
 * copied to a backup table first: a crash at any point loses nothing (the next start resumes).
 */
async function rebuildWithIndex(client: DynamoDBClient, tableName: string): Promise<void> {
  const backup = backupNameOf(tableName);
  await createTableActive(client, { ...blobTableDefinition(backup), GlobalSecondaryIndexes: undefined, AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }] });
  await copyItems(client, tableName, backup);
  await deleteTableGone(client, tableName);
  await createTableActive(client, blobTableDefinition(tableName));
  await copyItems(client, backup, tableName);
  await deleteTableGone(client, backup);
}

async function copyItems(client: DynamoDBClient, from: string, to: string): Promise<void> {
  let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: from, ExclusiveStartKey }));
    const items = page.Items ?? [];
    for (let i = 0; i < items.length; i += 25) {
      let pending: Record<string, AttributeValue>[] = items.slice(i, i + 25);
      while (pending.length) {
        const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [to]: pending.map((Item) => ({ PutRequest: { Item } })) } }));
        pending = (out.UnprocessedItems?.[to] ?? []).map((r) => r.PutRequest!.Item!);
      }
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}

/**
 * dynalite (createTableMs and deleteTableMs 0) answers CreateTable with CREATING and DeleteTable
 * with DELETING, and settles a timer tick later: a write in between is ResourceNotFound, and a
 * CreateTable of a name still DELETING is ResourceInUse. So each waits for the table to settle,
 * as a DynamoDB client waits on AWS (waitUntilTableExists, waitUntilTableNotExists).
 */
export async function createTableActive(client: DynamoDBClient, input: CreateTableCommandInput): Promise<void> {
  await client.send(new CreateTableCommand(input));
  await settled(client, input.TableName!, (status) => status === 'ACTIVE');
}

async function deleteTableGone(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(new DeleteTableCommand({ TableName: tableName }));
  await settled(client, tableName, (status) => status === undefined);
}

async function settled(client: DynamoDBClient, tableName: string, done: (status: string | undefined) => boolean): Promise<void> {
  for (let attempt = 0; attempt < 2000; attempt++) {
    const status = await client.send(new DescribeTableCommand({ TableName: tableName })).then(
      ({ Table }) => Table?.TableStatus,
      (error: unknown) => {
        if (error instanceof ResourceNotFoundException) return undefined;
        throw error;
      },
    );
    if (done(status)) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`local DynamoDB: table ${tableName} did not settle`);
}

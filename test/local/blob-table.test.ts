/**
 * The local blobs table as infra/ declares it, on dynalite: a new data directory gets the byOwner
 * index; one made before the index existed is rebuilt with it, every item kept (dynalite cannot
 * add an index to an existing table), through a backup table that a restart after a crash resumes from.
 */
import { type AttributeValue, DescribeTableCommand, DynamoDBClient, PutItemCommand, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BLOB_TABLE_INDEXES, LABEL_INDEX, OWNER_INDEX } from '../../api/blob-table.js';
import { createTableActive, ensureBlobTable } from '../../local/dynamodb/blob-table.js';
import { startLocalDynamoDB } from '../../local/dynamodb/index.js';

const credentials = { accessKeyId: 'LOCALDEVACCESSKEY', secretAccessKey: 'local-dev-secret-access-key' };
let local: Awaited<ReturnType<typeof startLocalDynamoDB>>;
let client: DynamoDBClient;

beforeAll(async () => {
  local = await startLocalDynamoDB({});
  client = new DynamoDBClient({ endpoint: local.endpoint, region: 'us-east-1', credentials });
});
afterAll(async () => {
  client?.destroy();
  await local?.close();
});

const ALL_INDEXES = BLOB_TABLE_INDEXES.map((i) => i.name);
const indexesOf = async (table: string) => ((await client.send(new DescribeTableCommand({ TableName: table }))).Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName);

it('creates the table with every index (byOwner, byLabel, labelsByOwner), and leaves an up-to-date table alone', async () => {
  await ensureBlobTable(client, 'fresh');
  expect(await indexesOf('fresh')).toEqual(ALL_INDEXES);
  await client.send(new PutItemCommand({ TableName: 'fresh', Item: { id: { S: 'kept' }, owner: { S: 'u' }, createdAt: { S: '2026-01-01T00:00:00.000Z' } } }));
  await ensureBlobTable(client, 'fresh');
  expect((await client.send(new ScanCommand({ TableName: 'fresh' }))).Items?.map((i) => i.id.S)).toEqual(['kept']);
});

it('rebuilds a table from before the index with all its items, which the index then serves', async () => {
  await createTableActive(client, { TableName: 'old', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' });
  // More than one BatchWriteItem's worth (25), owned and unowned.
  for (let i = 0; i < 60; i++) {
    const owned: Record<string, AttributeValue> = i % 2 === 0 ? { owner: { S: 'someone' } } : {};
    await client.send(new PutItemCommand({ TableName: 'old', Item: { id: { S: `item-${i}` }, createdAt: { S: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() }, status: { S: 'LABELLED' }, ...owned } }));
  }
  await ensureBlobTable(client, 'old');
  expect(await indexesOf('old')).toEqual(ALL_INDEXES);
  const items = (await client.send(new ScanCommand({ TableName: 'old' }))).Items ?? [];
  expect(items.map((i) => i.id.S).sort()).toEqual(Array.from({ length: 60 }, (_, i) => `item-${i}`).sort());
  const owned = await client.send(
    new QueryCommand({ TableName: 'old', IndexName: OWNER_INDEX.name, KeyConditionExpression: '#o = :o', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: { ':o': { S: 'someone' } }, ScanIndexForward: false }),
  );
  expect(owned.Items).toHaveLength(30);
  expect(owned.Items?.[0].id.S).toBe('item-58');
});

it('resumes a rebuild interrupted after the old table was dropped, from the backup table', async () => {
  // The state a crash leaves between dropping the old table and copying the items back.
  await createTableActive(client, { TableName: 'crashed.before-byOwner', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' });
  for (const id of ['a', 'b', 'c']) await client.send(new PutItemCommand({ TableName: 'crashed.before-byOwner', Item: { id: { S: id }, owner: { S: 'o' }, createdAt: { S: `2026-01-01T00:00:0${id.charCodeAt(0) - 97}.000Z` } } }));
  await ensureBlobTable(client, 'crashed');
  expect(await indexesOf('crashed')).toEqual(ALL_INDEXES);
  expect(((await client.send(new ScanCommand({ TableName: 'crashed' }))).Items ?? []).map((i) => i.id.S).sort()).toEqual(['a', 'b', 'c']);
  await expect(client.send(new DescribeTableCommand({ TableName: 'crashed.before-byOwner' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
});

it('rebuilds a table that has the byOwner index but not the label indexes, which then serve its items', async () => {
  // A data directory from before search: the table as the previous version created it.
  await createTableActive(client, {
    TableName: 'pre-search',
    AttributeDefinitions: ['id', OWNER_INDEX.partitionKey, OWNER_INDEX.sortKey].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    GlobalSecondaryIndexes: [{ IndexName: OWNER_INDEX.name, KeySchema: [{ AttributeName: OWNER_INDEX.partitionKey, KeyType: 'HASH' }, { AttributeName: OWNER_INDEX.sortKey, KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }],
    BillingMode: 'PAY_PER_REQUEST',
  });
  await client.send(new PutItemCommand({ TableName: 'pre-search', Item: { id: { S: 'blob-1' }, owner: { S: 'o' }, createdAt: { S: '2026-01-01T00:00:00.000Z' } } }));
  await client.send(new PutItemCommand({ TableName: 'pre-search', Item: { id: { S: 'idx#blob-1#dog' }, labelKey: { S: 'o#dog' }, labelSort: { S: '2026-01-01T00:00:00.000Z#blob-1' }, blobId: { S: 'blob-1' }, confidence: { N: '90' } } }));
  await ensureBlobTable(client, 'pre-search');
  expect(await indexesOf('pre-search')).toEqual(ALL_INDEXES);
  const hits = await client.send(
    new QueryCommand({ TableName: 'pre-search', IndexName: LABEL_INDEX.name, KeyConditionExpression: '#k = :k', ExpressionAttributeNames: { '#k': LABEL_INDEX.partitionKey }, ExpressionAttributeValues: { ':k': { S: 'o#dog' } } }),
  );
  expect(hits.Items?.map((i) => i.blobId.S)).toEqual(['blob-1']);
});

/**
 * `npx tsx bench/probes/search-cost.ts`: where one searchBlobs page's CPU goes, for
 * BENCHMARKS.md. Seeds the search suite's 1,000 blobs, then measures in this process the CPU per
 * call of: the whole request through the engine's HTTP endpoint (and myBlobs, for comparison),
 * the searchBlobs handler alone, and the DynamoDB calls it makes (a Query of byLabel, a
 * BatchGetItem of the hits, and one GetItem) alone. PROBE_ONLY=<prefix> runs only the matching
 * measurements; PROFILE=<file> also writes a CPU profile of 8-at-a-time engine searches.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand, BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { LABEL_INDEX } from '../../api/blob-table.js';
import type { BlobRecord } from '../../functions/lib/blob-record.js';
import { indexItemsOf, labelKeyOf } from '../../functions/lib/label-index/items.js';
import { labelledRecord } from '../suites/blob-query.js';
import { signedInUser } from '../suites/owner-queries.js';

// As bench/run.ts: set before the stack's modules load (they are imported below, not above).
process.env.LOG_LEVEL ??= 'ERROR';
process.env.BLOBS_RESOLVER_LOGS ??= 'off';
process.env.NODE_ENV ??= 'production';
const { startBenchStack } = await import('../lib/stack.js');

const ROUNDS = Number(process.env.ROUNDS ?? 300);
const stack = await startBenchStack();
try {
  const user = await signedInUser(stack);
  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.dynamodbEndpoint, region: stack.region, credentials: stack.credentials }));
  const start = Date.now() - 1000 * 1000;
  const records = Array.from({ length: 1000 }, (_, i) => ({ ...labelledRecord(`bench-search-${String(i).padStart(4, '0')}-${user.sub}`), owner: user.sub, createdAt: new Date(start + i * 1000).toISOString() }) as unknown as BlobRecord);
  const items: object[] = [...records, ...records.flatMap(indexItemsOf)];
  for (let i = 0; i < items.length; i += 25) await ddb.send(new BatchWriteCommand({ RequestItems: { [stack.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));

  // CPU time of this process (every thread: LevelDB's work runs on libuv's pool) per call, 8 at
  // a time: under load the figures are CPU-bound, so CPU per call, not latency, decides them.
  const time = async (name: string, run: () => Promise<unknown>) => {
    if (process.env.PROBE_ONLY && !name.startsWith(process.env.PROBE_ONLY)) return;
    for (let i = 0; i < 30; i++) await run();
    const cpu = process.cpuUsage();
    const t = performance.now();
    await Promise.all(Array.from({ length: 8 }, async () => { for (let i = 0; i < ROUNDS / 8; i++) await run(); }));
    const used = process.cpuUsage(cpu);
    console.log(`${name}: ${((used.user + used.system) / 1000 / ROUNDS).toFixed(2)} ms CPU, ${((performance.now() - t) / ROUNDS).toFixed(2)} ms wall per call`);
  };
  const headers = { 'content-type': 'application/json', authorization: user.accessToken };
  const body = JSON.stringify({ query: `query ($labels: [String!]!, $limit: Int) { searchBlobs(labels: $labels, limit: $limit) { items { id status owner createdAt labels { name confidence } } nextToken } }`, variables: { labels: ['dog'], limit: 10 } });
  const myBlobs = JSON.stringify({ query: `query { myBlobs(limit: 10) { items { id status owner createdAt labels { name confidence } } nextToken } }` });
  const query = () => ddb.send(new QueryCommand({ TableName: stack.tableName, IndexName: LABEL_INDEX.name, KeyConditionExpression: '#k = :k', ExpressionAttributeNames: { '#k': LABEL_INDEX.partitionKey }, ExpressionAttributeValues: { ':k': labelKeyOf(user.sub, 'dog') }, ScanIndexForward: false, Limit: 11 }));
  const ids = records.slice(-10).map((r) => ({ id: r.id }));
  if (process.env.PROFILE) {
    // A CPU profile of the searches alone (after a warm-up), for `node` to summarize.
    const { Session } = await import('node:inspector/promises');
    const { writeFile } = await import('node:fs/promises');
    const search = async () => (await fetch(stack.graphqlUrl, { method: 'POST', headers, body })).json();
    for (let i = 0; i < 50; i++) await search();
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    await Promise.all(Array.from({ length: 8 }, async () => { for (let i = 0; i < ROUNDS / 8; i++) await search(); }));
    const { profile } = await session.post('Profiler.stop');
    await writeFile(process.env.PROFILE, JSON.stringify(profile));
  }
  await time('engine searchBlobs', async () => (await fetch(stack.graphqlUrl, { method: 'POST', headers, body })).json());
  await time('engine myBlobs', async () => (await fetch(stack.graphqlUrl, { method: 'POST', headers, body: myBlobs })).json());
  await time('handler searchBlobs', () => stack.handlers.searchBlobs({ field: 'searchBlobs', owner: user.sub, labels: ['dog'], limit: 10 } as never));
  await time('bare Query (11)', query);
  await time('bare GetItem', () => ddb.send(new GetCommand({ TableName: stack.tableName, Key: ids[0], ConsistentRead: true })));
  await time('bare BatchGet (10)', () => ddb.send(new BatchGetCommand({ RequestItems: { [stack.tableName]: { Keys: ids, ConsistentRead: true } } })));
  if (process.env.CONCURRENT) {
    const t = performance.now();
    let n = 0;
    await Promise.all(Array.from({ length: 16 }, async () => { while (performance.now() - t < 10_000) { await (await fetch(stack.graphqlUrl, { method: 'POST', headers, body })).json(); n++; } }));
    console.log(`concurrent: ${n / 10} searches/s`);
  }
  ddb.destroy();
} finally {
  await stack.close();
}

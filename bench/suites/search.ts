/**
 * search_rps_vs_query (issue 18): searchBlobs(labels: ["dog"], limit: 10) with a user-pool token,
 * for an owner with 1,000 labelled blobs, ÷ a bare SDK Query of the byLabel index for the same
 * owner and name (same limit, newest first), on the same dynalite with the same concurrency.
 * searchBlobs pays for the engine, the resolver's Query and the BatchGetItem that checks each hit
 * against its record (one name is answered by the pipeline's DynamoDB functions, docs/search.md). The records and their index items are written directly, as the labelling
 * function writes them (indexItemsOf), so no image is labelled.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LABEL_INDEX } from '../../api/blob-table.js';
import type { BlobRecord } from '../../functions/lib/blob-record.js';
import { indexItemsOf, labelKeyOf } from '../../functions/lib/label-index/items.js';
import { measureLoad } from '../lib/load.js';
import { metric, type Step } from '../lib/metrics.js';
import type { BenchStack } from '../lib/stack.js';
import { round } from '../lib/stats.js';
import { runClient } from '../lib/tsx-child.js';
import { labelledRecord } from './blob-query.js';
import { prefixed } from './engine-http.js';
import { signedInUser } from './owner-queries.js';

const PAGE = 10;
const BLOBS = 1000;
const SEARCH = /* GraphQL */ `query ($labels: [String!]!, $limit: Int) { searchBlobs(labels: $labels, limit: $limit) { items { id status owner createdAt labels { name confidence } } nextToken } }`;

type ClientResult = { rps: number; p50Ms: number; p99Ms: number; requests: number; failures: number };

export async function searchSuite(step: Step, stack: BenchStack, o: { durationSeconds: number }) {
  step('Signing a user up and in on the local pool…');
  const user = await signedInUser(stack);

  step(`Writing ${BLOBS} labelled blobs of that user and their index items…`);
  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.dynamodbEndpoint, region: stack.region, credentials: stack.credentials }));
  const start = Date.now() - BLOBS * 1000;
  const records = Array.from({ length: BLOBS }, (_, i) => ({ ...labelledRecord(`bench-search-${String(i).padStart(4, '0')}-${user.sub}`), owner: user.sub, createdAt: new Date(start + i * 1000).toISOString() }) as unknown as BlobRecord);
  const items: object[] = [...records, ...records.flatMap(indexItemsOf)];
  for (let i = 0; i < items.length; i += 25) await ddb.send(new BatchWriteCommand({ RequestItems: { [stack.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  ddb.destroy();
  const newest = records[records.length - 1].id;

  const headers = { 'content-type': 'application/json', authorization: user.accessToken };
  const body = JSON.stringify({ query: SEARCH, variables: { labels: ['dog'], limit: PAGE } });
  const page = (await (await fetch(stack.graphqlUrl, { method: 'POST', headers, body })).json()) as { data?: any };
  if (page.data?.searchBlobs?.items?.length !== PAGE || page.data.searchBlobs.items[0].id !== newest || !page.data.searchBlobs.nextToken) throw new Error(`searchBlobs did not return the newest page: ${JSON.stringify(page).slice(0, 300)}`);

  step(`searchBlobs(labels: ["dog"], limit: ${PAGE}) through the engine: ${o.durationSeconds} s, 32 connections…`);
  const search = await measureLoad({ url: stack.graphqlUrl, body, headers, durationSeconds: o.durationSeconds });
  step(`Bare Query on ${LABEL_INDEX.name} through the AWS SDK: ${o.durationSeconds} s, 32 concurrent…`);
  const common = { endpoint: stack.dynamodbEndpoint, region: stack.region, credentials: stack.credentials, tableName: stack.tableName, connections: 32, durationSeconds: o.durationSeconds, warmupSeconds: 2 };
  const query = await runClient<ClientResult>('query-load', { ...common, indexName: LABEL_INDEX.name, partitionKey: LABEL_INDEX.partitionKey, owner: labelKeyOf(user.sub, 'dog'), limit: PAGE });
  if (query.failures) throw new Error(`Query: ${query.failures} failures`);

  const summary = (r: { rps: number; p50Ms: number; p99Ms: number; requests: number }) => ({ rps: round(r.rps, 0), p50_ms: round(r.p50Ms, 1), p99_ms: round(r.p99Ms, 1), requests: r.requests });
  return [
    metric('search_rps_vs_query', round(search.rps / query.rps, 3), 'ratio', `searchBlobs(one name, limit: ${PAGE}) req/s for an owner with ${BLOBS} blobs ÷ bare SDK Query req/s on byLabel, same dynalite`, {
      ...prefixed('engine', summary(search)),
      ...prefixed('query', summary(query)),
      blobs: BLOBS,
    }),
  ];
}

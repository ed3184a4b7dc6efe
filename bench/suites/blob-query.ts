/**
 * blob_query_rps_vs_getitem: real blob(id) queries through the engine of the full local stack (API
 * key, DynamoDB data source) ÷ bare GetItem calls through the AWS SDK against the same dynalite.
 * Both clients run in their own process with 32 concurrent requests.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { BLOB } from '../../test/support/operations.js';
import { measureLoad } from '../lib/load.js';
import { metric, type Step } from '../lib/metrics.js';
import type { BenchStack } from '../lib/stack.js';
import { round } from '../lib/stats.js';
import { runClient } from '../lib/tsx-child.js';
import { prefixed } from './engine-http.js';

export const LABELLED_ID = '0b6f1c2e-4a7d-4e59-9d3a-3f1e2c5b8a90';

/** A finished blob as the labelling function stores it: two labels, one with an instance. */
export function labelledRecord(id: string) {
  const now = new Date().toISOString();
  return {
    id,
    status: 'LABELLED',
    features: ['LABELS'],
    contentType: 'image/jpeg',
    labels: [
      { name: 'Dog', confidence: 97.12, parents: ['Animal', 'Canine', 'Mammal', 'Pet'], instances: [{ confidence: 97.12, boundingBox: { left: 0.1, top: 0.2, width: 0.5, height: 0.6 } }] },
      { name: 'Person', confidence: 88.4, parents: [], instances: [] },
    ],
    callbackDelivery: null,
    createdAt: now,
    updatedAt: now,
    expiresAt: Math.floor(Date.now() / 1000) + 86_400,
  };
}

export async function blobQuerySuite(step: Step, stack: BenchStack, o: { durationSeconds: number }) {
  step('Writing a labelled blob to DynamoDB…');
  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.dynamodbEndpoint, region: stack.region, credentials: stack.credentials }));
  await ddb.send(new PutCommand({ TableName: stack.tableName, Item: labelledRecord(LABELLED_ID) }));
  ddb.destroy();

  const body = JSON.stringify({ query: BLOB, variables: { id: LABELLED_ID } });
  const headers = { 'content-type': 'application/json', 'x-api-key': stack.apiKey };
  const check = (await (await fetch(stack.graphqlUrl, { method: 'POST', headers, body })).json()) as { data?: { blob?: { status?: string } } };
  if (check.data?.blob?.status !== 'LABELLED') throw new Error(`blob(id) did not return the stored blob: ${JSON.stringify(check)}`);

  step(`blob(id) through the engine: ${o.durationSeconds} s of autocannon, 32 connections…`);
  const engine = await measureLoad({ url: stack.graphqlUrl, body, headers, durationSeconds: o.durationSeconds });
  step(`Bare GetItem through the AWS SDK: ${o.durationSeconds} s, 32 concurrent…`);
  const getItem = await runClient<{ rps: number; p50Ms: number; p99Ms: number; requests: number; failures: number }>('getitem-load', {
    endpoint: stack.dynamodbEndpoint,
    region: stack.region,
    credentials: stack.credentials,
    tableName: stack.tableName,
    id: LABELLED_ID,
    connections: 32,
    durationSeconds: o.durationSeconds,
    warmupSeconds: 2,
  });
  if (getItem.failures) throw new Error(`GetItem: ${getItem.failures} failures`);
  const summary = (r: { rps: number; p50Ms: number; p99Ms: number; requests: number }) => ({ rps: round(r.rps, 0), p50_ms: round(r.p50Ms, 1), p99_ms: round(r.p99Ms, 1), requests: r.requests });
  return [
    metric('blob_query_rps_vs_getitem', round(engine.rps / getItem.rps, 3), 'ratio', 'blob(id) req/s through the engine ÷ bare SDK GetItem req/s, same dynalite', {
      ...prefixed('engine', summary(engine)),
      ...prefixed('getitem', summary(getItem)),
    }),
  ];
}

/**
 * lambda_auth_rps_vs_apikey: blob(id) through the engine with a personal access token in
 * `Authorization` (the AWS_LAMBDA mode: the access-token authorizer in-process, which answers
 * ttlOverride 0, so every request makes its GetItem of the token's hash) ÷ the same query with
 * the API key, same stack, same load. What acting through a token costs per request.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createAccessTokenStore } from '../../functions/lib/access-tokens.js';
import { BLOB } from '../../test/support/operations.js';
import { measureLoad, type LoadResult } from '../lib/load.js';
import { metric, type Step } from '../lib/metrics.js';
import type { BenchStack } from '../lib/stack.js';
import { round } from '../lib/stats.js';
import { LABELLED_ID, labelledRecord } from './blob-query.js';
import { prefixed } from './engine-http.js';

const OWNER = 'bench-token-owner';

export async function lambdaAuthSuite(step: Step, stack: BenchStack, o: { durationSeconds: number }) {
  step('Minting an access token and writing a labelled blob its owner owns…');
  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.dynamodbEndpoint, region: stack.region, credentials: stack.credentials }));
  const { token } = await createAccessTokenStore(ddb, stack.tableName).issue(OWNER, 'bench', 1, new Date());
  await ddb.send(new PutCommand({ TableName: stack.tableName, Item: { ...labelledRecord(LABELLED_ID), owner: OWNER } }));
  ddb.destroy();

  const body = JSON.stringify({ query: BLOB, variables: { id: LABELLED_ID } });
  const byKey = { 'content-type': 'application/json', 'x-api-key': stack.apiKey };
  const byToken = { 'content-type': 'application/json', authorization: token };
  for (const headers of [byKey, byToken]) {
    const check = (await (await fetch(stack.graphqlUrl, { method: 'POST', headers, body })).json()) as { data?: { blob?: { status?: string } } };
    if (check.data?.blob?.status !== 'LABELLED') throw new Error(`blob(id) did not return the stored blob: ${JSON.stringify(check)}`);
  }

  // Interleaved halves (key, token, key, token): a busy machine's swings land on both sides.
  const half = Math.max(1, Math.round(o.durationSeconds / 2));
  const runs: Record<'apiKey' | 'token', LoadResult[]> = { apiKey: [], token: [] };
  for (let n = 1; n <= 2; n++) {
    step(`blob(id) with the API key, round ${n}: ${half} s of autocannon, 32 connections…`);
    runs.apiKey.push(await measureLoad({ url: stack.graphqlUrl, body, headers: byKey, durationSeconds: half }));
    step(`blob(id) with an access token, round ${n}: ${half} s of autocannon, 32 connections…`);
    runs.token.push(await measureLoad({ url: stack.graphqlUrl, body, headers: byToken, durationSeconds: half }));
  }
  const combined = (rs: LoadResult[]) => ({ rps: rs.reduce((s, r) => s + r.rps, 0) / rs.length, p50Ms: Math.max(...rs.map((r) => r.p50Ms)), p99Ms: Math.max(...rs.map((r) => r.p99Ms)), requests: rs.reduce((s, r) => s + r.requests, 0) });
  const apiKey = combined(runs.apiKey);
  const viaToken = combined(runs.token);
  const summary = (r: { rps: number; p50Ms: number; p99Ms: number; requests: number }) => ({ rps: round(r.rps, 0), p50_ms: round(r.p50Ms, 1), p99_ms: round(r.p99Ms, 1), requests: r.requests });
  return [
    metric('lambda_auth_rps_vs_apikey', round(viaToken.rps / apiKey.rps, 3), 'ratio', 'blob(id) req/s with an access token through the Lambda authorizer (ttlOverride 0: one GetItem per request) ÷ the same with the API key, same stack', {
      ...prefixed('token', summary(viaToken)),
      ...prefixed('apikey', summary(apiKey)),
    }),
  ];
}

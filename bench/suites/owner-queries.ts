/**
 * Signed-in reads (issue 12), each as a ratio to the bare DynamoDB call behind it, on the same
 * dynalite and with the same 32-way concurrency:
 * - my_blobs_rps_vs_query: myBlobs(limit: 10), first page, with a user-pool access token ÷ bare
 *   Query on the byOwner index (same owner, limit, order);
 * - blob_user_pool_rps_vs_getitem: blob(id) with a user-pool access token (owner checked) ÷ bare
 *   GetItem.
 * The engine side pays for what AppSync does: token verification, the resolver, sealing the
 * nextToken. The user signs up and signs in with the SDK against the local pool.
 */
import { AdminConfirmSignUpCommand, CognitoIdentityProviderClient, InitiateAuthCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { OWNER_INDEX } from '../../api/blob-table.js';
import { measureLoad } from '../lib/load.js';
import { metric, type Step } from '../lib/metrics.js';
import type { BenchStack } from '../lib/stack.js';
import { round } from '../lib/stats.js';
import { runClient } from '../lib/tsx-child.js';
import { labelledRecord } from './blob-query.js';
import { prefixed } from './engine-http.js';

const PAGE = 10;
const BLOBS = 25;
const MY_BLOBS = /* GraphQL */ `query ($limit: Int) { myBlobs(limit: $limit) { items { id status owner createdAt labels { name confidence } } nextToken } }`;
const BLOB = /* GraphQL */ `query ($id: ID!) { blob(id: $id) { id status owner createdAt labels { name confidence } } }`;

type ClientResult = { rps: number; p50Ms: number; p99Ms: number; requests: number; failures: number };

/** A confirmed user of the local pool, signed in: its sub and access token. */
export async function signedInUser(stack: BenchStack): Promise<{ sub: string; accessToken: string }> {
  const cognito = new CognitoIdentityProviderClient({ endpoint: stack.userPool.endpoint, region: stack.region, credentials: stack.credentials });
  const username = `bench-${Date.now()}@example.com`;
  const password = 'Bench-passw0rd!';
  try {
    const { UserSub } = await cognito.send(new SignUpCommand({ ClientId: stack.userPool.clientId, Username: username, Password: password, UserAttributes: [{ Name: 'email', Value: username }] }));
    await cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: stack.userPool.userPoolId, Username: username }));
    const out = await cognito.send(new InitiateAuthCommand({ ClientId: stack.userPool.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }));
    if (!UserSub || !out.AuthenticationResult?.AccessToken) throw new Error('the local pool gave no sub or access token');
    return { sub: UserSub, accessToken: out.AuthenticationResult.AccessToken };
  } finally {
    cognito.destroy();
  }
}

export async function ownerQueriesSuite(step: Step, stack: BenchStack, o: { durationSeconds: number }) {
  step('Signing a user up and in on the local pool…');
  const user = await signedInUser(stack);

  step(`Writing ${BLOBS} labelled blobs of that user…`);
  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.dynamodbEndpoint, region: stack.region, credentials: stack.credentials }));
  const start = Date.now() - BLOBS * 1000;
  const records = Array.from({ length: BLOBS }, (_, i) => ({ ...labelledRecord(`bench-owned-${String(i).padStart(2, '0')}-${user.sub}`), owner: user.sub, createdAt: new Date(start + i * 1000).toISOString() }));
  for (let i = 0; i < records.length; i += 25) await ddb.send(new BatchWriteCommand({ RequestItems: { [stack.tableName]: records.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  ddb.destroy();
  const newest = records[records.length - 1].id;

  const headers = { 'content-type': 'application/json', authorization: user.accessToken };
  const myBlobsBody = JSON.stringify({ query: MY_BLOBS, variables: { limit: PAGE } });
  const blobBody = JSON.stringify({ query: BLOB, variables: { id: newest } });
  const check = async (body: string) => (await (await fetch(stack.graphqlUrl, { method: 'POST', headers, body })).json()) as { data?: any; errors?: unknown };
  const page = await check(myBlobsBody);
  if (page.data?.myBlobs?.items?.length !== PAGE || page.data.myBlobs.items[0].id !== newest || !page.data.myBlobs.nextToken) throw new Error(`myBlobs did not return the newest page: ${JSON.stringify(page).slice(0, 300)}`);
  const one = await check(blobBody);
  if (one.data?.blob?.owner !== user.sub) throw new Error(`blob(id) did not return the user's blob: ${JSON.stringify(one).slice(0, 300)}`);

  const common = { endpoint: stack.dynamodbEndpoint, region: stack.region, credentials: stack.credentials, tableName: stack.tableName, connections: 32, durationSeconds: o.durationSeconds, warmupSeconds: 2 };
  step(`myBlobs(limit: ${PAGE}) through the engine, user-pool token: ${o.durationSeconds} s, 32 connections…`);
  const myBlobs = await measureLoad({ url: stack.graphqlUrl, body: myBlobsBody, headers, durationSeconds: o.durationSeconds });
  step(`Bare Query on ${OWNER_INDEX.name} through the AWS SDK: ${o.durationSeconds} s, 32 concurrent…`);
  const query = await runClient<ClientResult>('query-load', { ...common, indexName: OWNER_INDEX.name, owner: user.sub, limit: PAGE });
  if (query.failures) throw new Error(`Query: ${query.failures} failures`);
  step(`blob(id) through the engine, user-pool token: ${o.durationSeconds} s, 32 connections…`);
  const blob = await measureLoad({ url: stack.graphqlUrl, body: blobBody, headers, durationSeconds: o.durationSeconds });
  step(`Bare GetItem through the AWS SDK: ${o.durationSeconds} s, 32 concurrent…`);
  const getItem = await runClient<ClientResult>('getitem-load', { ...common, id: newest });
  if (getItem.failures) throw new Error(`GetItem: ${getItem.failures} failures`);

  const summary = (r: { rps: number; p50Ms: number; p99Ms: number; requests: number }) => ({ rps: round(r.rps, 0), p50_ms: round(r.p50Ms, 1), p99_ms: round(r.p99Ms, 1), requests: r.requests });
  return [
    metric('my_blobs_rps_vs_query', round(myBlobs.rps / query.rps, 3), 'ratio', `myBlobs(limit: ${PAGE}) req/s with a user-pool token ÷ bare SDK Query req/s on the byOwner index, same dynalite`, {
      ...prefixed('engine', summary(myBlobs)),
      ...prefixed('query', summary(query)),
    }),
    metric('blob_user_pool_rps_vs_getitem', round(blob.rps / getItem.rps, 3), 'ratio', 'blob(id) req/s with a user-pool token ÷ bare SDK GetItem req/s, same dynalite', {
      ...prefixed('engine', summary(blob)),
      ...prefixed('getitem', summary(getItem)),
    }),
  ];
}

/**
 * userpool_rps_vs_apikey: blob(id) through the engine with a user-pool access token in
 * `Authorization` (RS256 verified against the pool's JWKS on every request, as AppSync does) ÷
 * the same query with the API key, same stack, same load. What signing in costs per request.
 */
import { AdminCreateUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { decodeJwt } from 'jose';
import { BLOB } from '../../test/support/operations.js';
import { measureLoad, type LoadResult } from '../lib/load.js';
import { metric, type Step } from '../lib/metrics.js';
import type { BenchStack } from '../lib/stack.js';
import { round } from '../lib/stats.js';
import { LABELLED_ID, labelledRecord } from './blob-query.js';
import { prefixed } from './engine-http.js';

const EMAIL = 'bench@example.com';
const PASSWORD = 'Bench-passw0rd!';

/** A signed-in user's access token, from the stack's own pool (admin-created, then signed in). */
async function accessToken(stack: BenchStack): Promise<string> {
  const cognito = new CognitoIdentityProviderClient({ endpoint: stack.userPool.endpoint, region: stack.region, credentials: stack.credentials });
  try {
    await cognito.send(new AdminCreateUserCommand({ UserPoolId: stack.userPool.userPoolId, Username: EMAIL, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: EMAIL }] }));
    await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: stack.userPool.userPoolId, Username: EMAIL, Password: PASSWORD, Permanent: true }));
    const signedIn = await cognito.send(new InitiateAuthCommand({ ClientId: stack.userPool.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: EMAIL, PASSWORD } }));
    const token = signedIn.AuthenticationResult?.AccessToken;
    if (!token) throw new Error(`sign-in gave no access token: ${JSON.stringify(signedIn)}`);
    return token;
  } finally {
    cognito.destroy();
  }
}

export async function userPoolSuite(step: Step, stack: BenchStack, o: { durationSeconds: number }) {
  step('Signing a user in and writing a labelled blob it owns…');
  const token = await accessToken(stack);
  // Owned by the user, so both callers may read it (the owner, and the API key which is not scoped).
  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.dynamodbEndpoint, region: stack.region, credentials: stack.credentials }));
  await ddb.send(new PutCommand({ TableName: stack.tableName, Item: { ...labelledRecord(LABELLED_ID), owner: decodeJwt(token).sub } }));
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
  const runs: Record<'apiKey' | 'userPool', LoadResult[]> = { apiKey: [], userPool: [] };
  for (let round = 1; round <= 2; round++) {
    step(`blob(id) with the API key, round ${round}: ${half} s of autocannon, 32 connections…`);
    runs.apiKey.push(await measureLoad({ url: stack.graphqlUrl, body, headers: byKey, durationSeconds: half }));
    step(`blob(id) with a user-pool token, round ${round}: ${half} s of autocannon, 32 connections…`);
    runs.userPool.push(await measureLoad({ url: stack.graphqlUrl, body, headers: byToken, durationSeconds: half }));
  }
  const combined = (rs: LoadResult[]) => ({ rps: rs.reduce((n, r) => n + r.rps, 0) / rs.length, p50Ms: Math.max(...rs.map((r) => r.p50Ms)), p99Ms: Math.max(...rs.map((r) => r.p99Ms)), requests: rs.reduce((n, r) => n + r.requests, 0) });
  const apiKey = combined(runs.apiKey);
  const userPool = combined(runs.userPool);
  const summary = (r: { rps: number; p50Ms: number; p99Ms: number; requests: number }) => ({ rps: round(r.rps, 0), p50_ms: round(r.p50Ms, 1), p99_ms: round(r.p99Ms, 1), requests: r.requests });
  return [
    metric('userpool_rps_vs_apikey', round(userPool.rps / apiKey.rps, 3), 'ratio', 'blob(id) req/s with a user-pool token (RS256 verified per request) ÷ the same with the API key, same stack', {
      ...prefixed('userpool', summary(userPool)),
      ...prefixed('apikey', summary(apiKey)),
    }),
  ];
}

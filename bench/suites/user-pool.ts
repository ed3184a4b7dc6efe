/**
 * userpool_rps_vs_apikey: blob(id) through the engine with a user-pool access token in
 * `Authorization` (RS256 verified against the pool's JWKS on every request, as AppSync does) ÷
 * the same query with the API key, same stack, same load. What signing in costs per request.
 */
import { AdminCreateUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { decodeJwt } from 'jose';
import { authorizedReadVsApiKey } from '../lib/authorized-read.js';
import { metric, type Step } from '../lib/metrics.js';
import type { BenchStack } from '../lib/stack.js';
import { LABELLED_ID, labelledRecord } from './blob-query.js';

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

  const read = await authorizedReadVsApiKey(step, stack, { authorization: token, name: 'userpool', described: 'a user-pool token', durationSeconds: o.durationSeconds });
  return [
    metric('userpool_rps_vs_apikey', read.ratio, 'ratio', 'blob(id) req/s with a user-pool token (RS256 verified per request) ÷ the same with the API key, same stack', read.detail),
  ];
}

/**
 * The search's grants are real: run the synthesized template minus one of them and the local
 * stack fails the way AWS would, with the denial logged in AWS's words.
 *   - searchBlobs without dynamodb:Query (on the byLabel index): a search of several names, which
 *     the function answers, fails with the refusal;
 *   - the table's data source role without dynamodb:BatchGetItem: a search of one name, which the
 *     resolver answers, fails with the refusal rather than return hits unchecked against their records.
 *   - labelBlob without dynamodb:BatchWriteItem: the blob is LABELLED (the record is written
 *     first) but its index is not, so the event fails and is retried, and search finds nothing.
 */
import { readFile } from 'node:fs/promises';
import { AdminCreateUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterEach, expect, it, vi } from 'vitest';
import { startTestStack } from '../support/local-stack.js';
import { image } from '../support/paths.js';
import { deniedLine, stackWithoutGrant } from '../support/grant-denials.js';
import { waitFor } from '../support/wait.js';

type Stack = Awaited<ReturnType<typeof startTestStack>>;
const open: Stack[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  vi.restoreAllMocks();
});

const TABLE_ARN = 'arn:aws:dynamodb:us-east-1:000000000000:table/blobs';
const SEARCH = 'query { searchBlobs(labels: ["person"]) { items { id } nextToken } }';
const SEARCH_TWO = 'query { searchBlobs(labels: ["person", "ball"], match: ANY) { items { id } nextToken } }';

async function stackWithout(owner: string, action: string) {
  const started = await stackWithoutGrant(owner, action);
  open.push(started.stack);
  return started;
}

async function idToken(stack: Stack): Promise<string> {
  const cognito = new CognitoIdentityProviderClient({ endpoint: stack.userPool.endpoint, region: stack.region, credentials: stack.credentials });
  const username = `search-${Date.now()}@example.com`;
  const password = 'Correct-horse-9-battery';
  await cognito.send(new AdminCreateUserCommand({ UserPoolId: stack.userPool.userPoolId, Username: username, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: username }] }));
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: stack.userPool.userPoolId, Username: username, Password: password, Permanent: true }));
  const out = await cognito.send(new InitiateAuthCommand({ ClientId: stack.userPool.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }));
  cognito.destroy();
  return out.AuthenticationResult!.IdToken!;
}

async function graphql(stack: Stack, token: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(stack.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: token }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data: Record<string, any> | null; errors?: Array<{ errorType: string; message: string }> };
}

it('searchBlobs without dynamodb:Query on the label index: a search of several names fails with the refusal', async () => {
  const { stack, denials } = await stackWithout('searchBlobs', 'dynamodb:Query');
  const token = await idToken(stack);
  const answer = await graphql(stack, token, SEARCH_TWO);
  expect(answer.data).toBeNull();
  expect(answer.errors?.[0].message).toContain(`is not authorized to perform: dynamodb:Query on resource: ${TABLE_ARN}/index/byLabel`);
  // One denial per name's stream, each the same.
  expect(new Set(denials)).toEqual(new Set([deniedLine('dynamodb:Query', `${TABLE_ARN}/index/byLabel`, 'FunctionsSearchBlobsRole')]));
});

it('the blobTable data source role without dynamodb:BatchGetItem: a search of one name that has hits fails with the refusal', async () => {
  const { stack, denials } = await stackWithout('blobTable', 'dynamodb:BatchGetItem');
  const token = await idToken(stack);
  // No hit, no record to read: the page is answered without the call.
  expect((await graphql(stack, token, SEARCH)).data!.searchBlobs).toEqual({ items: [], nextToken: null });
  const { id, uploadUrl } = (await graphql(stack, token, 'mutation { createBlob(input: {}) { id uploadUrl } }')).data!.createBlob;
  expect((await fetch(uploadUrl, { method: 'PUT', body: new Uint8Array(await readFile(image('messi5.jpg'))), headers: { 'content-type': 'image/jpeg' } })).status).toBe(200);
  const answer = await waitFor(async () => {
    const out = await graphql(stack, token, SEARCH);
    return out.errors ? out : undefined;
  }, { what: `the blob ${id} indexed and its record read refused` });
  expect(answer.data).toBeNull();
  expect(answer.errors).toEqual([expect.objectContaining({ errorType: 'DynamoDB:AccessDeniedException', message: expect.stringContaining('assumed-role/BlobsStack-ApiblobTableServiceRole') })]);
  expect(denials).toEqual([expect.stringMatching(/^IAM denied dynamodb:BatchGetItem on arn:aws:dynamodb:us-east-1:000000000000:table\/blobs to BlobsStack-ApiblobTableServiceRole[0-9A-F]{8} \(APPSYNC_ASSUME_ROLE\)/)]);
});

it('labelBlob without dynamodb:BatchWriteItem: the blob is LABELLED, its index is refused, and search finds nothing', async () => {
  const { stack, denials } = await stackWithout('labelBlob', 'dynamodb:BatchWriteItem');
  const token = await idToken(stack);
  const { id, uploadUrl } = (await graphql(stack, token, 'mutation { createBlob(input: {}) { id uploadUrl } }')).data!.createBlob;
  expect((await fetch(uploadUrl, { method: 'PUT', body: new Uint8Array(await readFile(image('messi5.jpg'))), headers: { 'content-type': 'image/jpeg' } })).status).toBe(200);
  await waitFor(() => (denials.length > 0 ? true : undefined), { what: 'the index write denied' });
  expect((await graphql(stack, token, 'query ($id: ID!) { blob(id: $id) { status labels { name } } }', { id })).data!.blob).toMatchObject({ status: 'LABELLED', labels: expect.arrayContaining([expect.objectContaining({ name: 'Person' })]) });
  expect((await graphql(stack, token, SEARCH)).data!.searchBlobs).toEqual({ items: [], nextToken: null });
  expect(new Set(denials)).toEqual(new Set([deniedLine('dynamodb:BatchWriteItem', TABLE_ARN, 'FunctionsLabelBlobRole')]));
});

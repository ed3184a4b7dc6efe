/**
 * Every local run is a deploy rehearsal: each function runs with its own role's policies from
 * the synthesized template. Removing one grant from the template must fail the local run the
 * way AWS would fail it: the caller's error, the blob's outcome, and the logged denial naming
 * the action, the resource and the role.
 */
import { readFile } from 'node:fs/promises';
import { AdminCreateUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { thumbnailKey, uploadKey } from '../../api/object-keys.js';
import { graphqlData } from '../support/graphql.js';
import { startTestStack } from '../support/local-stack.js';
import { BLOB, CREATE_BLOB } from '../support/operations.js';
import { image } from '../support/paths.js';
import { deniedLine, stackWithoutGrant } from '../support/grant-denials.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';
import { waitFor } from '../support/wait.js';

type Stack = Awaited<ReturnType<typeof startTestStack>>;
const open: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
  vi.restoreAllMocks();
});

const ACCOUNT = '000000000000';
const TABLE_ARN = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/blobs`;
/** AWS's wording for an action no policy of the caller's allows. */
const refusal = (role: string, action: string, resource: string) =>
  new RegExp(`^User: arn:aws:sts::${ACCOUNT}:assumed-role/BlobsStack-${role}[0-9A-F]{8}/BlobsStack-\\w+ is not authorized to perform: ${action} on resource: ${resource.replace(/[.*]/g, '\\$&')} because no identity-based policy allows the ${action} action$`);

/** A stack running the template minus one grant, and the denials it logs. */
async function stackWithout(owner: string, action: string, o: { retryAfterSeconds?: number } = {}) {
  const started = await stackWithoutGrant(owner, action, o);
  open.push(started.stack);
  return started;
}

async function graphql(stack: Stack, query: string, variables: Record<string, unknown>, authorization?: string) {
  const headers = { 'content-type': 'application/json', ...(authorization ? { authorization } : { 'x-api-key': stack.apiKey }) };
  const res = await fetch(stack.graphqlUrl, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data: Record<string, any> | null; errors?: Array<{ errorType: string; message: string }> };
}

async function createAndUpload(stack: Stack, o: { callbackUrl?: string; authorization?: string } = {}) {
  const created = await graphql(stack, CREATE_BLOB, { input: { contentType: 'image/png', ...(o.callbackUrl && { callbackUrl: o.callbackUrl }) } }, o.authorization);
  const { id, uploadUrl } = created.data!.createBlob;
  const upload = await fetch(uploadUrl, { method: 'PUT', body: await readFile(image('chelsea.png')), headers: { 'content-type': 'image/png' } });
  return { id: id as string, upload };
}

/** A failed message back in 10 s, not 35: a 5 s notification lease (no webhook here outlasts it). */
const RETRY_SOON = { retryAfterSeconds: 10 };

const blobOf = async (stack: Stack, id: string) => (await graphqlData(stack, BLOB, { id })).blob;

/** A confirmed user of the stack's pool, signed in: their id token, as Amplify sends it. */
async function signedInUser(stack: Stack): Promise<string> {
  const cognito = new CognitoIdentityProviderClient({ endpoint: stack.userPool.endpoint, region: stack.region, credentials: stack.credentials });
  const { userPoolId, clientId } = stack.userPool;
  const username = `owner-${Date.now()}@example.com`;
  const password = 'Correct-horse-9-battery';
  await cognito.send(new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: username, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: username }] }));
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: username, Password: password, Permanent: true }));
  const signedIn = await cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }));
  cognito.destroy();
  return signedIn.AuthenticationResult!.IdToken!;
}

describe('createBlob', () => {
  it('without dynamodb:PutItem: the mutation fails with DynamoDB\'s refusal, and nothing is recorded', async () => {
    const { stack, denials } = await stackWithout('createBlob', 'dynamodb:PutItem');
    const answer = await graphql(stack, CREATE_BLOB, { input: { contentType: 'image/png' } });
    expect(answer.data).toBeNull();
    expect(answer.errors).toEqual([expect.objectContaining({ errorType: 'Lambda:Unhandled', message: expect.stringMatching(refusal('FunctionsCreateBlobRole', 'dynamodb:PutItem', TABLE_ARN)) })]);
    expect(denials).toEqual([deniedLine('dynamodb:PutItem', TABLE_ARN, 'FunctionsCreateBlobRole')]);
  });

  it('without s3:PutObject: the upload URL is refused with 403 AccessDenied, as the signer may not put, and the blob waits for an upload', async () => {
    const { stack, denials } = await stackWithout('createBlob', 's3:PutObject');
    const { id, upload } = await createAndUpload(stack);
    const objectArn = `arn:aws:s3:::${stack.bucketName}/${uploadKey(id, 'anonymous')}`;
    expect(upload.status).toBe(403);
    const body = await upload.text();
    expect(body).toContain('<Code>AccessDenied</Code>');
    expect(/<Message>(.*)<\/Message>/.exec(body)![1]).toMatch(refusal('FunctionsCreateBlobRole', 's3:PutObject', objectArn));
    expect((await blobOf(stack, id)).status).toBe('PENDING_UPLOAD');
    expect(denials).toEqual([deniedLine('s3:PutObject', objectArn, 'FunctionsCreateBlobRole')]);
  });
});

describe('labelBlob', () => {
  it('without rekognition:DetectLabels: the blob ends FAILED, and the FAILED webhook says why', async () => {
    const { stack, denials } = await stackWithout('labelBlob', 'rekognition:DetectLabels');
    const receiver = await startWebhookReceiver();
    open.push(receiver);
    const { id } = await createAndUpload(stack, { callbackUrl: receiver.url() });
    await receiver.waitFor((all) => all.length > 0);
    const blob = await blobOf(stack, id);
    expect(blob).toMatchObject({ status: 'FAILED', error: { code: 'LABELLING_FAILED' } });
    expect(JSON.parse(receiver.received[0].body)).toMatchObject({ blob_id: id, status: 'FAILED' });
    expect(denials).toEqual([deniedLine('rekognition:DetectLabels', '*', 'FunctionsLabelBlobRole')]);
  });

  it('without s3:GetObjectVersion: the upload cannot be read, the event is retried, and the blob is never finished', async () => {
    const { stack, denials } = await stackWithout('labelBlob', 's3:GetObjectVersion', RETRY_SOON);
    const { id } = await createAndUpload(stack);
    // A second denial is the retry: the first failure did not finish the blob. The retry is the
    // queue's redelivery, after the visibility timeout (locally capped at the lease + 5 s).
    await waitFor(() => (denials.length >= 2 ? true : undefined), { what: 'the retried read denied again', timeoutMs: 150_000 });
    expect((await blobOf(stack, id)).status).toBe('PROCESSING');
    expect(new Set(denials)).toEqual(new Set([deniedLine('s3:GetObjectVersion', `arn:aws:s3:::${stack.bucketName}/${uploadKey(id, 'anonymous')}`, 'FunctionsLabelBlobRole')]));
  });

  it('without s3:PutObject (thumbnails/*): the blob is still LABELLED, without thumbnail or details, and the denial names the thumbnail key', async () => {
    const { stack, denials } = await stackWithout('labelBlob', 's3:PutObject');
    const { id } = await createAndUpload(stack);
    await waitFor(async () => ((await blobOf(stack, id)).status === 'LABELLED' ? true : undefined), { what: 'the blob labelled' });
    expect((await graphqlData(stack, 'query($id: ID!) { blob(id: $id) { image { width } } }', { id })).blob).toEqual({ image: null });
    expect(denials).toEqual([deniedLine('s3:PutObject', `arn:aws:s3:::${stack.bucketName}/${thumbnailKey(uploadKey(id, 'anonymous'))}`, 'FunctionsLabelBlobRole')]);
  });

  it('without dynamodb:UpdateItem: the blob cannot be claimed, the event is retried, and it stays PENDING_UPLOAD', async () => {
    const { stack, denials } = await stackWithout('labelBlob', 'dynamodb:UpdateItem', RETRY_SOON);
    const { id } = await createAndUpload(stack);
    await waitFor(() => (denials.length >= 2 ? true : undefined), { what: 'the retried claim denied again', timeoutMs: 150_000 });
    expect((await blobOf(stack, id)).status).toBe('PENDING_UPLOAD');
    expect(new Set(denials)).toEqual(new Set([deniedLine('dynamodb:UpdateItem', TABLE_ARN, 'FunctionsLabelBlobRole')]));
  });

  it('without appsync:GraphQL on publishBlobLabelled: labels are recorded but never announced, and no webhook goes out', async () => {
    const { stack, denials } = await stackWithout('labelBlob', 'appsync:GraphQL', RETRY_SOON);
    const receiver = await startWebhookReceiver();
    open.push(receiver);
    const { id } = await createAndUpload(stack, { callbackUrl: receiver.url() });
    const field = `arn:aws:appsync:us-east-1:${ACCOUNT}:apis/local/types/Mutation/fields/publishBlobLabelled`;
    await waitFor(() => (denials.length >= 2 ? true : undefined), { what: 'the retried announcement denied again', timeoutMs: 150_000 });
    expect((await blobOf(stack, id)).status).toBe('LABELLED');
    expect(receiver.received).toEqual([]);
    expect(new Set(denials)).toEqual(new Set([deniedLine('appsync:GraphQL', field, 'FunctionsLabelBlobRole')]));
  });

  it('without secretsmanager:GetSecretValue: the webhook cannot be signed, so it is not sent', async () => {
    const { stack, denials } = await stackWithout('labelBlob', 'secretsmanager:GetSecretValue');
    const receiver = await startWebhookReceiver();
    open.push(receiver);
    const { id } = await createAndUpload(stack, { callbackUrl: receiver.url() });
    // The secret is read only to sign: once it is refused, no webhook can ever be signed.
    await waitFor(() => (denials.length >= 1 ? true : undefined), { what: 'the secret read denied' });
    expect((await blobOf(stack, id)).status).toBe('LABELLED');
    expect(receiver.received).toEqual([]);
    expect(denials[0]).toMatch(/^IAM denied secretsmanager:GetSecretValue on arn:aws:secretsmanager:us-east-1:000000000000:secret:BlobsStack-WebhookSecret[0-9A-F]{8}-\w{6} to BlobsStack-FunctionsLabelBlobRole/);
  });
});

describe('the owner\'s functions', () => {
  it('deleteBlob without s3:ListBucketVersions: the delete fails and the blob stays', async () => {
    const { stack, denials } = await stackWithout('deleteBlob', 's3:ListBucketVersions');
    const token = await signedInUser(stack);
    const { id } = await createAndUpload(stack, { authorization: token });
    const answer = await graphql(stack, 'mutation($id: ID!) { deleteBlob(id: $id) { id } }', { id }, token);
    expect(answer.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(refusal('FunctionsDeleteBlobRole', 's3:ListBucketVersions', `arn:aws:s3:::${stack.bucketName}`)) })]);
    expect(await blobOf(stack, id)).toMatchObject({ id });
    expect(denials).toEqual([deniedLine('s3:ListBucketVersions', `arn:aws:s3:::${stack.bucketName}`, 'FunctionsDeleteBlobRole')]);
  });

  it('blobImageUrl without s3:GetObjectVersion: the URL is handed out, and S3 refuses it with 403', async () => {
    const { stack, denials } = await stackWithout('blobImageUrl', 's3:GetObjectVersion');
    const token = await signedInUser(stack);
    const { id } = await createAndUpload(stack, { authorization: token });
    await waitFor(async () => ((await blobOf(stack, id)).status === 'LABELLED' ? true : undefined), { what: 'the blob labelled' });
    const answer = await graphql(stack, 'query($id: ID!) { blob(id: $id) { imageUrl } }', { id }, token);
    const got = await fetch(answer.data!.blob.imageUrl);
    expect(got.status).toBe(403);
    expect(await got.text()).toMatch(/<Code>AccessDenied<\/Code><Message>User: arn:aws:sts::000000000000:assumed-role\/BlobsStack-FunctionsBlobImageUrlRole/);
    expect(denials).toEqual([deniedLine('s3:GetObjectVersion', `arn:aws:s3:::${stack.bucketName}/${uploadKey(id, 'users')}`, 'FunctionsBlobImageUrlRole')]);
  });
});

describe('the REST API and AppSync\'s own role', () => {
  it('restApi without dynamodb:GetItem: GET /blobs/{id} answers 500, as API Gateway does for a failed function', async () => {
    const { stack, denials } = await stackWithout('restApi', 'dynamodb:GetItem');
    const { id } = await createAndUpload(stack);
    const res = await fetch(`${stack.restApiUrl}/blobs/${id}`, { headers: { 'x-api-key': stack.apiKey } });
    expect(res.status).toBe(500);
    expect(denials).toEqual([deniedLine('dynamodb:GetItem', TABLE_ARN, 'FunctionsRestApiRole')]);
  });

  it('the blobTable data source role without dynamodb:GetItem: blob(id) fails with DynamoDB:AccessDeniedException', async () => {
    const { stack, denials } = await stackWithout('blobTable', 'dynamodb:GetItem');
    const { id } = await createAndUpload(stack);
    const answer = await graphql(stack, BLOB, { id });
    expect(answer.errors).toEqual([expect.objectContaining({ errorType: 'DynamoDB:AccessDeniedException', message: expect.stringContaining('assumed-role/BlobsStack-ApiblobTableServiceRole') })]);
    expect(denials).toEqual([expect.stringMatching(/^IAM denied dynamodb:GetItem on arn:aws:dynamodb:us-east-1:000000000000:table\/blobs to BlobsStack-ApiblobTableServiceRole[0-9A-F]{8} \(APPSYNC_ASSUME_ROLE\)/)]);
  });
});

/**
 * Personal access tokens on the real local stack (issue 20): two signed-in users each mint one
 * with the unmodified Amplify client (user pool), then act through it with `authMode: 'lambda'`
 * (the raw token in Authorization, AppSync's Lambda mode). A token caller is scoped exactly like
 * its user; only a hash is stored; a revoked or expired token is refused on its very next request,
 * while AppSync's cache still holds the authorizer's answer (the resolvers check the token's item).
 */
import { createHash } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { generateClient } from 'aws-amplify/api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { installWebSocket } from '../../cli/websocket.js';
import { subscriptionAcknowledged } from '../support/amplify-client.js';
import { startTestStack } from '../support/local-stack.js';
import { CREATE_BLOB, ON_BLOB_LABELLED } from '../support/operations.js';
import { signedInUsers } from '../support/signed-in-users.js';

const CREATE_TOKEN = 'mutation Create($name: String!, $days: Int) { createAccessToken(name: $name, expiresInDays: $days) { id name token expiresAt } }';
const TOKENS = 'query Tokens { accessTokens { id name createdAt lastUsedAt expiresAt } }';
const REVOKE = 'mutation Revoke($id: ID!) { revokeAccessToken(id: $id) }';
const BLOB_OWNER = 'query B($id: ID!) { blob(id: $id) { id owner } }';
const MY_BLOBS = 'query Mine { myBlobs { items { id owner } } }';
const DELETE = 'mutation D($id: ID!) { deleteBlob(id: $id) { id } }';
const SEARCH = 'query S($labels: [String!]!) { searchBlobs(labels: $labels) { items { id } } }';
const MY_LABELS = 'query L { myLabels { name count } }';

type Stack = Awaited<ReturnType<typeof startTestStack>>;
let stack: Stack;
let people: Awaited<ReturnType<typeof signedInUsers<'A' | 'B'>>>;
let db: DynamoDBDocumentClient;
const tokenClient = () => generateClient({ authMode: 'lambda' });
let lambda: ReturnType<typeof tokenClient>;

beforeAll(async () => {
  stack = await startTestStack();
  installWebSocket(stack.certPath);
  people = await signedInUsers(stack, ['A', 'B'] as const);
  lambda = tokenClient();
  db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.dynamodbEndpoint, region: stack.region, credentials: stack.credentials }));
});
afterAll(async () => {
  db?.destroy();
  await stack?.close();
});

/** One call with a token: its data, or the errors Amplify rejected with. */
async function withToken<T>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<{ data?: T; errors?: Array<{ message: string; errorType?: string }> }> {
  try {
    return { data: ((await lambda.graphql({ query, variables: variables as never, authToken: token })) as { data: T }).data };
  } catch (error) {
    return { errors: (error as { errors: Array<{ message: string; errorType?: string }> }).errors };
  }
}
const mint = async (user: 'A' | 'B', name: string) => (await people.call<{ createAccessToken: { id: string; name: string; token: string; expiresAt: string } }>(user, CREATE_TOKEN, { name })).createAccessToken;
const refusedAsUnauthorized = (r: { errors?: Array<{ message: string }> }) => expect(r.errors?.[0]?.message).toBe('Unauthorized');

it('scopes a token caller exactly like its user, with two users', async () => {
  // The stack's amplify_outputs.json names the mode the token client uses.
  expect(stack.outputs.data.authorization_types).toContain('AWS_LAMBDA');
  const [a, b] = [await mint('A', 'ci'), await mint('B', 'laptop')];
  expect(a.token).toMatch(/^blobs_pat_[A-Za-z0-9_-]{43}$/);
  const created = await withToken<{ createBlob: { id: string } }>(a.token, CREATE_BLOB, { input: {} });
  const id = created.data!.createBlob.id;

  expect((await withToken(a.token, BLOB_OWNER, { id })).data).toEqual({ blob: { id, owner: people.users.A.sub } });
  expect((await withToken(b.token, BLOB_OWNER, { id })).data).toEqual({ blob: null });
  expect(await people.call('A', BLOB_OWNER, { id })).toEqual({ blob: { id, owner: people.users.A.sub } });
  expect((await withToken<{ myBlobs: { items: Array<{ id: string }> } }>(a.token, MY_BLOBS)).data!.myBlobs.items.map((i) => i.id)).toContain(id);
  expect((await withToken<{ myBlobs: { items: Array<{ id: string }> } }>(b.token, MY_BLOBS)).data!.myBlobs.items.map((i) => i.id)).not.toContain(id);

  // The realtime side: A's token subscribes to its blob and is acknowledged.
  const acknowledged = subscriptionAcknowledged((v) => v.id === id);
  const subscription = (lambda.graphql({ query: ON_BLOB_LABELLED, variables: { id }, authToken: a.token }) as unknown as { subscribe(o: object): { unsubscribe(): void } }).subscribe({ next: () => {}, error: () => {} });
  await acknowledged;
  subscription.unsubscribe();

  expect((await withToken(b.token, DELETE, { id })).data).toEqual({ deleteBlob: null });
  expect((await withToken(a.token, DELETE, { id })).data).toEqual({ deleteBlob: { id } });
});

it('lists tokens without their secrets, stores only a hash, and keeps token management to the user', async () => {
  const t = await mint('A', 'listed');
  await withToken(t.token, MY_BLOBS);
  const { accessTokens } = await people.call<{ accessTokens: Array<{ id: string; name: string; lastUsedAt: string | null }> }>('A', TOKENS);
  expect(accessTokens).toEqual(expect.arrayContaining([expect.objectContaining({ id: t.id, name: 'listed', lastUsedAt: expect.any(String) })]));
  expect(JSON.stringify(accessTokens)).not.toContain(t.token);
  expect((await people.call<{ accessTokens: Array<{ id: string }> }>('B', TOKENS)).accessTokens.map((x) => x.id)).not.toContain(t.id);

  const stored = await db.send(new GetCommand({ TableName: stack.tableName, Key: { id: `pat#${createHash('sha256').update(t.token).digest('hex')}` } }));
  expect(stored.Item).toMatchObject({ tokenId: t.id, tokenOwner: people.users.A.sub });
  expect(JSON.stringify(stored.Item)).not.toContain(t.token);

  // A token cannot mint, list or revoke tokens: those fields are user pool only.
  expect((await withToken(t.token, TOKENS)).errors?.[0]).toMatchObject({ errorType: 'Unauthorized' });
  expect((await withToken(t.token, CREATE_TOKEN, { name: 'escalate' })).errors?.[0]).toMatchObject({ errorType: 'Unauthorized' });
  // And bad input is refused with its reason.
  await expect(people.call('A', CREATE_TOKEN, { name: 'x', days: 0 })).rejects.toMatchObject({ errors: [expect.objectContaining({ errorType: 'BadRequest' })] });
});

/** A refusal by the resolver's own token check (the authorizer's answer is still cached): the field is null with AppSync's Unauthorized. */
const refusedByResolver = (r: { data?: unknown; errors?: Array<{ message: string; errorType?: string }> }, type: string, field: string) =>
  expect(r.errors?.[0]).toMatchObject({ errorType: 'Unauthorized', message: `Not Authorized to access ${field} on type ${type}` });

/** Subscribes with a token; resolves once acknowledged, or with the error Amplify reports. */
function subscribeWithToken(token: string, id: string): Promise<{ acknowledged?: true; error?: unknown }> {
  let subscription: { unsubscribe(): void } | undefined;
  const acknowledged = subscriptionAcknowledged((v) => v.id === id).then(() => ({ acknowledged: true as const }));
  const failed = new Promise<{ error: unknown }>((resolve) => {
    subscription = (lambda.graphql({ query: ON_BLOB_LABELLED, variables: { id }, authToken: token }) as unknown as { subscribe(o: object): { unsubscribe(): void } }).subscribe({ next: () => {}, error: (error: unknown) => resolve({ error }) });
  });
  return Promise.race([acknowledged, failed]).finally(() => subscription?.unsubscribe());
}

it('refuses a revoked or expired token on its next request, whatever the cache TTL', async () => {
  // Each use below runs while the authorizer's answer for the token is cached (it answers a
  // ttlOverride of up to 300 s): the refusal comes from the resolvers' check of the token's item.
  const revoked = await mint('A', 'to revoke');
  const id = (await withToken<{ createBlob: { id: string } }>(revoked.token, CREATE_BLOB, { input: {} })).data!.createBlob.id;
  expect((await withToken(revoked.token, BLOB_OWNER, { id })).data).toEqual({ blob: { id, owner: people.users.A.sub } });
  expect(await subscribeWithToken(revoked.token, id)).toEqual({ acknowledged: true });
  expect(await people.call('B', REVOKE, { id: revoked.id })).toEqual({ revokeAccessToken: false });
  expect(await people.call('A', REVOKE, { id: revoked.id })).toEqual({ revokeAccessToken: true });
  refusedByResolver(await withToken(revoked.token, BLOB_OWNER, { id }), 'Query', 'blob');
  refusedByResolver(await withToken(revoked.token, MY_BLOBS), 'Query', 'myBlobs');
  refusedByResolver(await withToken(revoked.token, SEARCH, { labels: ['cat'] }), 'Query', 'searchBlobs');
  refusedByResolver(await withToken(revoked.token, MY_LABELS), 'Query', 'myLabels');
  refusedByResolver(await withToken(revoked.token, CREATE_BLOB, { input: {} }), 'Mutation', 'createBlob');
  refusedByResolver(await withToken(revoked.token, DELETE, { id }), 'Mutation', 'deleteBlob');
  expect(JSON.stringify((await subscribeWithToken(revoked.token, id)).error)).toContain('Not Authorized to access onBlobLabelled on type Subscription');
  // The blob is still there for its user: the refused deleteBlob did nothing.
  expect(await people.call('A', BLOB_OWNER, { id })).toEqual({ blob: { id, owner: people.users.A.sub } });

  const expiring = await mint('A', 'to expire');
  expect((await withToken(expiring.token, MY_BLOBS)).data).toBeDefined();
  await db.send(new UpdateCommand({ TableName: stack.tableName, Key: { id: `pat#${createHash('sha256').update(expiring.token).digest('hex')}` }, UpdateExpression: 'SET expiresAt = :past', ExpressionAttributeValues: { ':past': new Date(Date.now() - 1000).toISOString() } }));
  refusedByResolver(await withToken(expiring.token, MY_BLOBS), 'Query', 'myBlobs');
  refusedByResolver(await withToken(expiring.token, BLOB_OWNER, { id }), 'Query', 'blob');

  // A made-up token of the right shape (the authorizer refuses it: 401), and one of the wrong shape
  // (refused before the function runs).
  refusedAsUnauthorized(await withToken(`blobs_pat_${'A'.repeat(43)}`, MY_BLOBS));
  refusedAsUnauthorized(await withToken('not-a-token', MY_BLOBS));
});

/**
 * The access-token authorizer's answers on the DynamoDB stand-in: an admitted token is cached by
 * AppSync for the API's TTL but never past the token's expiry (ttlOverride), and carries the hash
 * the resolvers check the token's item by; a refusal has no override (the API's TTL: a refused
 * token never becomes valid). The resolvers' own check: test/e2e/access-tokens.test.ts.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { grantTtlSeconds, lambdaAuthorizer, tokenItemKey } from '../../api/access-tokens.js';
import { createAuthorizeTokenHandler } from '../../functions/authorize-token/handler.js';
import { createAccessTokenStore } from '../../functions/lib/access-tokens.js';
import type { FunctionConfig } from '../../functions/lib/config.js';
import { ensureBlobTable } from '../../local/dynamodb/blob-table.js';
import { startLocalDynamoDB } from '../../local/dynamodb/index.js';

const TABLE = 'blobs';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
let local: Awaited<ReturnType<typeof startLocalDynamoDB>>;
let client: DynamoDBClient;
let doc: DynamoDBDocumentClient;
let authorize: ReturnType<typeof createAuthorizeTokenHandler>;

beforeAll(async () => {
  local = await startLocalDynamoDB({});
  client = new DynamoDBClient({ endpoint: local.endpoint, region: 'us-east-1', credentials });
  doc = DynamoDBDocumentClient.from(client);
  await ensureBlobTable(client, TABLE);
  authorize = createAuthorizeTokenHandler({ region: 'us-east-1', tableName: TABLE, credentials, endpoints: { dynamodb: local.endpoint } } as FunctionConfig);
});
afterAll(async () => {
  client?.destroy();
  await local?.close();
});

const event = (authorizationToken: string) => ({ authorizationToken, requestContext: { requestId: 'r-1' } });

it('admits a live token as its owner, with the hash of its item and the API TTL as ttlOverride', async () => {
  const issued = await createAccessTokenStore(doc, TABLE).issue('sub-a', 'ci', 30, new Date());
  const answer = await authorize(event(issued.token));
  expect(answer).toEqual({ isAuthorized: true, resolverContext: { sub: 'sub-a', tokenId: issued.id, tokenHash: expect.stringMatching(/^[0-9a-f]{64}$/) }, ttlOverride: lambdaAuthorizer.resultTtlSeconds });
  expect(tokenItemKey(answer.resolverContext!.tokenHash).id).toMatch(/^pat#/);
});

it('caches an answer no longer than the token lives', async () => {
  const issued = await createAccessTokenStore(doc, TABLE).issue('sub-a', 'short', 1, new Date());
  const { tokenHash } = (await authorize(event(issued.token))).resolverContext!;
  const expiresAt = new Date(Date.now() + 100_000).toISOString();
  await doc.send(new UpdateCommand({ TableName: TABLE, Key: tokenItemKey(tokenHash), UpdateExpression: 'SET expiresAt = :e', ExpressionAttributeValues: { ':e': expiresAt } }));
  const { ttlOverride } = await authorize(event(issued.token));
  expect(ttlOverride).toBeGreaterThan(90);
  expect(ttlOverride).toBeLessThanOrEqual(100);
});

it('refuses unknown, malformed and expired tokens without an override', async () => {
  expect(await authorize(event(`blobs_pat_${'A'.repeat(43)}`))).toEqual({ isAuthorized: false });
  expect(await authorize(event('not-a-token'))).toEqual({ isAuthorized: false });
  const issued = await createAccessTokenStore(doc, TABLE).issue('sub-a', 'old', 1, new Date(Date.now() - 2 * 86_400_000));
  expect(await authorize(event(issued.token))).toEqual({ isAuthorized: false });
});

it('grantTtlSeconds: the API TTL, the seconds left when fewer, never below 0', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  expect(grantTtlSeconds(now + 86_400_000, now)).toBe(300);
  expect(grantTtlSeconds(now + 42_900, now)).toBe(42);
  expect(grantTtlSeconds(now - 1, now)).toBe(0);
});

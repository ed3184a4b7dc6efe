/**
 * The resolvers' own access-token check (resolvers/lib/access-token.ts), handler by handler with
 * EvaluateCode on the real bundles: the pipeline function every token-checked field runs first
 * (resolvers/functions/checkAccessToken.ts), and blob(id)'s BatchGetItem of the blob and the token
 * item. What the end-to-end test cannot stage cheaply: another user's token item, an item expired
 * by a millisecond, a Lambda caller without a token hash.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolverEvaluator } from '../support/evaluate-code.js';
import { startTestStack } from '../support/local-stack.js';

const CHECK = 'resolvers/functions/checkAccessToken.ts';
const BLOB = 'resolvers/Query.blob.ts';
const HASH = 'a'.repeat(64);
/** What the access-token authorizer puts in ctx.identity for alice's token. */
const aliceToken = { resolverContext: { sub: 'sub-alice', tokenId: 't-1', tokenHash: HASH } };
const alice = { sub: 'sub-alice', username: 'alice', issuer: 'https://cognito-idp.local/pool', claims: { sub: 'sub-alice' }, sourceIp: ['127.0.0.1'], defaultAuthStrategy: 'ALLOW', groups: null };
const item = (o: Partial<{ tokenOwner: string; expiresAt: string }> = {}) => ({ id: `pat#${HASH}`, tokenId: 't-1', tokenOwner: 'sub-alice', name: 'ci', createdAt: '2026-01-01T00:00:00.000Z', expiresAt: new Date(Date.now() + 86_400_000).toISOString(), ...o });
const blob = { id: 'b-1', owner: 'sub-alice', status: 'LABELLED', features: ['LABELS'] };
const env = { BLOBS_TABLE_NAME: 'blobs-table' };
const unauthorized = expect.objectContaining({ errorType: 'Unauthorized' });

let stack: Awaited<ReturnType<typeof startTestStack>>;
let evaluator: ReturnType<typeof resolverEvaluator>;
beforeAll(async () => {
  stack = await startTestStack();
  evaluator = resolverEvaluator({ graphqlUrl: stack.graphqlUrl, region: stack.region, credentials: stack.credentials });
});
afterAll(async () => {
  evaluator?.close();
  await stack?.close();
});

describe('checkAccessToken', () => {
  it('reads the token item, consistently, for a token caller only', async () => {
    expect((await evaluator.evaluate(CHECK, 'request', { identity: aliceToken, prev: { result: {} } })).result).toEqual({ operation: 'GetItem', key: { id: { S: `pat#${HASH}` } }, consistentRead: true });
    // A user-pool or API-key caller skips it: no data-source request.
    for (const identity of [alice, null]) {
      const { result, error } = await evaluator.evaluate(CHECK, 'request', { identity, prev: { result: { kept: true } } });
      expect(error).toBeUndefined();
      expect(result).toEqual({ kept: true });
    }
  });

  it('refuses a Lambda caller the access-token authorizer did not admit (no token hash)', async () => {
    const { outErrors } = await evaluator.evaluate(CHECK, 'request', { identity: { resolverContext: { sub: 'sub-alice' } }, prev: { result: {} } });
    expect(outErrors.at(-1)).toEqual(unauthorized);
  });

  it('passes a live token on, and refuses one revoked, expired or of another user', async () => {
    expect((await evaluator.evaluate(CHECK, 'response', { identity: aliceToken, result: item(), prev: { result: { kept: true } } })).result).toEqual({ kept: true });
    for (const result of [null, item({ expiresAt: new Date(Date.now() - 1).toISOString() }), item({ tokenOwner: 'sub-bob' })]) {
      const refused = await evaluator.evaluate(CHECK, 'response', { identity: aliceToken, result, prev: { result: {} } });
      expect(refused.result).toBeUndefined();
      expect(refused.outErrors.at(-1)).toEqual(unauthorized);
    }
  });
});

describe('Query.blob for a token caller', () => {
  it('reads the blob and the token item in one BatchGetItem of the table ctx.env names', async () => {
    const { result } = await evaluator.evaluate(BLOB, 'request', { arguments: { id: 'b-1' }, identity: aliceToken, env });
    expect(result).toEqual({ operation: 'BatchGetItem', tables: { 'blobs-table': { keys: [{ id: { S: 'b-1' } }, { id: { S: `pat#${HASH}` } }], consistentRead: true } } });
    // Asked for the token's own key, it reads that item once (BatchGetItem refuses a key twice).
    const own = await evaluator.evaluate(BLOB, 'request', { arguments: { id: `pat#${HASH}` }, identity: aliceToken, env });
    expect(own.result).toMatchObject({ tables: { 'blobs-table': { keys: [{ id: { S: `pat#${HASH}` } }] } } });
  });

  it('answers the blob while the token lives, refuses when its item is gone, and never takes the token item for a blob', async () => {
    const answer = (data: unknown[], id = 'b-1') => evaluator.evaluate(BLOB, 'response', { arguments: { id }, identity: aliceToken, env, result: { data: { 'blobs-table': data }, unprocessedKeys: { 'blobs-table': [] } } });
    expect((await answer([blob, item()])).result).toEqual(blob);
    expect((await answer([null, item()])).result).toBeNull();
    expect((await answer([blob, null])).outErrors.at(-1)).toEqual(unauthorized);
    expect((await answer([item()], `pat#${HASH}`)).result).toBeNull();
  });
});

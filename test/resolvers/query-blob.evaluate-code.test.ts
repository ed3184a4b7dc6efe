/**
 * The pattern for a resolver unit test (docs/testing.md): the real `resolvers/Query.blob.ts`,
 * bundled as deployed, run by EvaluateCode on the local stack with hand-made contexts — no
 * DynamoDB item, no user, no token needed to check what each handler decides.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolverEvaluator } from '../support/evaluate-code.js';
import { startTestStack } from '../support/local-stack.js';

const RESOLVER = 'resolvers/Query.blob.ts';
const alice = { sub: 'sub-alice', username: 'alice', issuer: 'https://cognito-idp.local/pool', claims: { sub: 'sub-alice' }, sourceIp: ['127.0.0.1'], defaultAuthStrategy: 'ALLOW', groups: null };
const stored = { id: 'b-1', owner: 'sub-bob', status: 'LABELLED', contentType: 'image/jpeg', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' };

let stack: Awaited<ReturnType<typeof startTestStack>>;
let evaluator: ReturnType<typeof resolverEvaluator>;
beforeAll(async () => {
  stack = await startTestStack();
  evaluator = resolverEvaluator(stack);
});
afterAll(async () => {
  evaluator?.close();
  await stack?.close();
});

describe('Query.blob', () => {
  it('reads the item by id, consistently', async () => {
    const { result, error } = await evaluator.evaluate(RESOLVER, 'request', { arguments: { id: 'b-1' } });
    expect(error).toBeUndefined();
    expect(result).toEqual({ operation: 'GetItem', key: { id: { S: 'b-1' } }, consistentRead: true });
  });

  it("gives a user-pool caller another user's blob as null, like an unknown id", async () => {
    const { result } = await evaluator.evaluate(RESOLVER, 'response', { arguments: { id: 'b-1' }, identity: alice, result: stored });
    expect(result).toBeNull();
  });

  it('gives the owner its blob, with the features of a record that predates them', async () => {
    const { result } = await evaluator.evaluate(RESOLVER, 'response', { arguments: { id: 'b-1' }, identity: { ...alice, sub: 'sub-bob' }, result: stored });
    expect(result).toEqual({ ...stored, features: ['LABELS'] });
  });

  it('gives an API-key caller (no identity) any blob, and a search-index item as no blob', async () => {
    expect((await evaluator.evaluate(RESOLVER, 'response', { arguments: { id: 'b-1' }, identity: null, result: stored })).result).toEqual({ ...stored, features: ['LABELS'] });
    expect((await evaluator.evaluate(RESOLVER, 'response', { arguments: { id: 'label#cat' }, identity: null, result: { id: 'label#cat' } })).result).toBeNull();
  });

  it("passes the data source's error on, with its type", async () => {
    const context = { arguments: { id: 'b-1' }, result: null, error: { message: 'Throughput exceeded', type: 'DynamoDB:ProvisionedThroughputExceededException' } };
    const { result, error, outErrors } = await evaluator.evaluate(RESOLVER, 'response', context);
    expect(result).toBeUndefined();
    expect(error?.message).toBe('Throughput exceeded');
    expect(outErrors.at(-1)).toMatchObject({ message: 'Throughput exceeded', errorType: 'DynamoDB:ProvisionedThroughputExceededException' });
  });
});

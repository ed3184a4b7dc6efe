/**
 * The pattern for a resolver unit test (docs/testing.md): the real `resolvers/Query.blob.ts`,
 * bundled as deployed, run by EvaluateCode against `npm start` with hand-made contexts — no
 * DynamoDB item, no user, no token needed to check what each handler decides. `npm start` is
 * reached as a developer reaches it: amplify_outputs.json's URL and the local credentials.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS } from '../../local/stack.js';
import { resolverEvaluator } from '../support/evaluate-code.js';
import { spawnStack, type StackProcess } from '../support/stack-process.js';

const RESOLVER = 'resolvers/Query.blob.ts';
const alice = { sub: 'sub-alice', username: 'alice', issuer: 'https://cognito-idp.local/pool', claims: { sub: 'sub-alice' }, sourceIp: ['127.0.0.1'], defaultAuthStrategy: 'ALLOW', groups: null };
const stored = { id: 'b-1', owner: 'sub-bob', status: 'LABELLED', contentType: 'image/jpeg', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' };

let dataDir: string;
let stack: StackProcess;
let evaluator: ReturnType<typeof resolverEvaluator>;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'blobs-evaluate-code-'));
  stack = await spawnStack({ dataDir });
  evaluator = resolverEvaluator({ graphqlUrl: stack.outputs.data.url, region: stack.outputs.data.aws_region, credentials: LOCAL_CREDENTIALS });
});
afterAll(async () => {
  evaluator?.close();
  await stack?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
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

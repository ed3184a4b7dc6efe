/**
 * `npm run reindex-labels`: blobs labelled before the search index existed (their records
 * written directly here, with no index items) become searchable; failed and anonymous blobs stay
 * out; a second run changes nothing (each blob still counted once).
 */
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { installWebSocket } from '../../cli/websocket.js';
import { startTestStack } from '../support/local-stack.js';
import { repoRoot } from '../support/paths.js';
import { runProcess } from '../support/processes.js';
import { signedInUsers } from '../support/signed-in-users.js';

let stack: Awaited<ReturnType<typeof startTestStack>>;
let u: Awaited<ReturnType<typeof signedInUsers<'A'>>>;
beforeAll(async () => {
  stack = await startTestStack();
  installWebSocket(stack.certPath);
  u = await signedInUsers(stack, ['A'] as const);
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

const record = (id: string, o: Record<string, unknown>) => {
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, Number(id.slice(-1)))).toISOString();
  return { id, status: 'LABELLED', features: ['LABELS'], labels: [{ name: 'Horse', confidence: 91, parents: ['Animal'], instances: [] }], createdAt: at, updatedAt: at, expiresAt: Math.floor(Date.now() / 1000) + 86_400, ...o };
};
const found = async (labels: string[]) => (await u.call<{ searchBlobs: { items: Array<{ id: string }> } }>('A', 'query ($l: [String!]!) { searchBlobs(labels: $l) { items { id } } }', { l: labels })).searchBlobs.items.map((b) => b.id);
const reindex = () =>
  runProcess(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts/reindex-labels.ts'), '--table', stack.tableName, '--endpoint', stack.dynamodbEndpoint, '--region', stack.region], {
    cwd: repoRoot,
    env: { ...process.env, AWS_ACCESS_KEY_ID: stack.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: stack.credentials.secretAccessKey, AWS_PROFILE: '' },
  });

it('indexes the labelled blobs of signed-in owners already in the table, once however often it runs', async () => {
  const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.dynamodbEndpoint, region: stack.region, credentials: stack.credentials }));
  const sub = u.users.A.sub;
  for (const item of [
    record('old-blob-1', { owner: sub }),
    record('old-blob-2', { owner: sub }),
    record('old-blob-3', { owner: sub, status: 'FAILED', labels: null, error: { code: 'INVALID_IMAGE', message: 'x' } }),
    record('old-blob-4', {}), // an API-key blob: no owner, never searchable
  ])
    await db.send(new PutCommand({ TableName: stack.tableName, Item: item }));
  db.destroy();
  expect(await found(['horse'])).toEqual([]);

  const first = await reindex();
  expect(first).toMatchObject({ code: 0, stdout: 'Indexed 2 labelled blobs of signed-in owners: 4 index items written.\n' });
  expect(await found(['horse'])).toEqual(['old-blob-2', 'old-blob-1']);
  expect(await found(['ANIMAL'])).toEqual(['old-blob-2', 'old-blob-1']);

  expect((await reindex()).code).toBe(0);
  expect((await u.call<{ myLabels: unknown }>('A', 'query { myLabels { name count } }')).myLabels).toEqual([
    { name: 'Animal', count: 2 },
    { name: 'Horse', count: 2 },
  ]);
});

it('says how to call it, and exits 2 without a table', async () => {
  const bare = await runProcess(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts/reindex-labels.ts')], { cwd: repoRoot });
  expect(bare).toMatchObject({ code: 2, stdout: expect.stringContaining('usage: npm run reindex-labels -- --table NAME') });
});

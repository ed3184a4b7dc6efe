/**
 * What the API guarantees a blob's image and record whoever calls, on the real local stack:
 * the labels stay pinned to the object version that was labelled (a second PUT to the upload URL
 * changes nothing that is shown), deleteBlob (IAM here) removes every version and then the
 * record, and a delete that lands while the labelling function is still at work leaves no record
 * behind. The byOwner index is checked on dynalite itself. User-pool scoping: owner-scoping.test.ts.
 */
import { uploadKey } from '../../api/object-keys.js';
import { readFile } from 'node:fs/promises';
import { DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBlobRepository } from '../../functions/lib/blob-repository.js';
import { graphqlData } from '../support/graphql.js';
import { startTestStack } from '../support/local-stack.js';
import { image } from '../support/paths.js';
import { objectVersions } from '../support/s3-versions.js';
import { iamPost } from '../support/sigv4-fetch.js';
import { startHoldingWebhookReceiver } from '../support/webhook-receiver.js';

type Stack = Awaited<ReturnType<typeof startTestStack>>;
let stack: Stack;
let dynamodb: DynamoDBClient;
let versions: ReturnType<typeof objectVersions>;

beforeAll(async () => {
  stack = await startTestStack();
  dynamodb = new DynamoDBClient({ endpoint: stack.dynamodbEndpoint, region: stack.region, credentials: stack.credentials });
  versions = objectVersions(stack);
});
afterAll(async () => {
  dynamodb?.destroy();
  versions?.close();
  await stack?.close();
});

const CREATE = /* GraphQL */ `mutation ($input: CreateBlobInput!) { createBlob(input: $input) { id uploadUrl } }`;
const READ = /* GraphQL */ `query ($id: ID!) { blob(id: $id) { id status owner imageUrl labels { name } } }`;
const DELETE = /* GraphQL */ `mutation ($id: ID!) { deleteBlob(id: $id) { id status owner } }`;

async function create(input: Record<string, unknown> = {}): Promise<{ id: string; uploadUrl: string }> {
  return (await graphqlData(stack, CREATE, { input })).createBlob;
}
const read = async (id: string) => (await graphqlData(stack, READ, { id })).blob;
const stored = async (id: string) => (await dynamodb.send(new GetItemCommand({ TableName: stack.tableName, Key: { id: { S: id } }, ConsistentRead: true }))).Item;
const put = (url: string, body: Buffer, contentType = 'image/jpeg') => fetch(url, { method: 'PUT', body: new Uint8Array(body), headers: { 'content-type': contentType } });
/** An API-key or IAM blob's upload: uploads/anonymous/<id> (api/object-keys.ts). */
const versionsOf = (id: string) => versions.of(uploadKey(id, 'anonymous'));
const iamDelete = async (id: string) => {
  const res = await iamPost(stack.graphqlUrl, { query: DELETE, variables: { id } }, stack.credentials);
  return (await res.json()) as { data?: { deleteBlob: { id: string; status: string; owner: string | null } | null }; errors?: Array<{ errorType: string; message: string }> };
};
/** Every S3 event handled: the labelling function has finished with whatever was uploaded. */
const settled = () => expect.poll(() => stack.pendingEvents(), { timeout: 60_000, interval: 50 }).toBe(0);
const finished = (id: string) => expect.poll(async () => (await read(id))?.status, { timeout: 60_000, interval: 100 }).toMatch(/^(LABELLED|FAILED)$/);

describe('an API-key blob', () => {
  it('has no owner and no imageUrl (the image is shown to its owner only)', async () => {
    const { id, uploadUrl } = await create();
    expect((await put(uploadUrl, await readFile(image('messi5.jpg')))).status).toBe(200);
    await finished(id);
    expect(await read(id)).toMatchObject({ id, status: 'LABELLED', owner: null, imageUrl: null });
    expect((await stored(id))?.owner).toBeUndefined();
  });
});

describe('version pinning: the labels describe the image that is shown', () => {
  it('records the labelled version; a second PUT to the same upload URL changes neither the labels nor the image served', async () => {
    const first = await readFile(image('messi5.jpg'));
    const { id, uploadUrl } = await create();
    const upload = await put(uploadUrl, first);
    expect(upload.status).toBe(200);
    const labelledVersion = upload.headers.get('x-amz-version-id');
    expect(labelledVersion).toBeTruthy();
    await finished(id);
    const before = await read(id);
    expect(before.status).toBe('LABELLED');
    expect((await stored(id))?.imageVersionId?.S).toBe(labelledVersion);

    // The URL is still valid: S3 accepts the second photo, as a new version.
    const second = await put(uploadUrl, await readFile(image('fruits.jpg')));
    expect(second.status).toBe(200);
    expect(second.headers.get('x-amz-version-id')).not.toBe(labelledVersion);
    await settled();

    expect(await read(id)).toEqual(before);
    expect((await stored(id))?.imageVersionId?.S).toBe(labelledVersion);
    const url = await stack.handlers.blobImageUrl({ id, key: uploadKey(id, 'anonymous'), versionId: labelledVersion! });
    const served = await fetch(url!);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(first)).toBe(true);
  });
});

describe('deleteBlob (IAM)', () => {
  it('removes every version of the image, then the record; the image URL answers 404; a second call answers null', async () => {
    const { id, uploadUrl } = await create();
    expect((await put(uploadUrl, await readFile(image('messi5.jpg')))).status).toBe(200);
    await finished(id);
    expect((await put(uploadUrl, await readFile(image('fruits.jpg')))).status).toBe(200);
    await settled();
    expect(await versionsOf(id)).toHaveLength(2);
    const imageUrl = await stack.handlers.blobImageUrl({ id, key: uploadKey(id, 'anonymous'), versionId: (await stored(id))!.imageVersionId!.S! });
    expect((await fetch(imageUrl!)).status).toBe(200);

    const deleted = await iamDelete(id);
    expect(deleted.errors).toBeUndefined();
    expect(deleted.data?.deleteBlob).toEqual({ id, status: 'LABELLED', owner: null });
    expect(await read(id)).toBeNull();
    expect(await stored(id)).toBeUndefined();
    expect(await versionsOf(id)).toEqual([]);
    expect((await fetch(imageUrl!)).status).toBe(404);

    expect(await iamDelete(id)).toEqual({ data: { deleteBlob: null } });

    // The upload URL is still valid: a PUT after the delete is accepted by S3, and removed.
    expect((await put(uploadUrl, await readFile(image('messi5.jpg')))).status).toBe(200);
    await settled();
    expect(await versionsOf(id)).toEqual([]);
    expect(await stored(id)).toBeUndefined();
  });

  it('is refused to the API key (owner or IAM only)', async () => {
    const { id } = await create();
    const res = await fetch(stack.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': stack.apiKey }, body: JSON.stringify({ query: DELETE, variables: { id } }) });
    const body = (await res.json()) as { data: unknown; errors: Array<{ errorType: string; message: string }> };
    expect(body.errors[0]).toMatchObject({ errorType: 'Unauthorized', message: 'Not Authorized to access deleteBlob on type Mutation' });
    expect(await read(id)).toMatchObject({ id, status: 'PENDING_UPLOAD' });
  });

  it('answers null for an id that never existed', async () => {
    expect(await iamDelete('00000000-0000-4000-8000-000000000000')).toEqual({ data: { deleteBlob: null } });
  });
});

describe('a delete that lands during labelling', () => {
  it('while the result is being announced (webhook in flight): no record comes back', async () => {
    // A webhook receiver that holds each request until told to answer: the labelling function
    // is then stuck between its final write and completing the notification.
    const receiver = await startHoldingWebhookReceiver();
    try {
      const { id, uploadUrl } = await create({ callbackUrl: receiver.url() });
      expect((await put(uploadUrl, await readFile(image('messi5.jpg')))).status).toBe(200);
      await expect.poll(receiver.heldCount, { timeout: 60_000, interval: 50 }).toBe(1);
      expect((await stored(id))?.notifyPending?.BOOL).toBe(true);

      expect((await iamDelete(id)).data?.deleteBlob).toMatchObject({ id, status: 'LABELLED' });
      receiver.release();
      await settled();
      expect(await stored(id)).toBeUndefined();
      expect(await read(id)).toBeNull();
    } finally {
      await receiver.close();
    }
  });

  it('while it is being analysed (claimed, result not yet written): the late result is dropped', async () => {
    // The labelling function's own writes, in the order a slow analysis gives them, with the
    // delete in between: deterministic, on the real table.
    const { id } = await create();
    const repository = createBlobRepository(DynamoDBDocumentClient.from(dynamodb), stack.tableName);
    expect(await repository.claimForLabelling(id, new Date())).toMatchObject({ id, status: 'PROCESSING' });
    expect(await repository.remove(id, null)).toMatchObject({ id });
    expect(await repository.finish(id, { status: 'LABELLED', results: { labels: [], featureErrors: [] } }, new Date(), 30_000, 'v1')).toBeUndefined();
    expect(await repository.completeNotification(id, null, new Date())).toBeUndefined();
    expect(await repository.takeOverNotification(id, new Date(), 30_000)).toBeUndefined();
    expect(await stored(id)).toBeUndefined();
  });
});

describe('the byOwner index on the local DynamoDB (dynalite)', () => {
  it('serves owner-scoped pages newest first, resumes from a start key, and refuses a start key from another owner', async () => {
    const owner = `index-check-${Date.now()}`;
    const other = `${owner}-other`;
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
    // 7 items for the owner, two of them created in the same millisecond; 2 for someone else.
    const mine = [0, 1, 2, 3, 3, 4, 5].map((second, i) => ({ id: `${owner}-${i}`, createdAt: at(second) }));
    for (const item of mine) await dynamodb.send(new PutItemCommand({ TableName: stack.tableName, Item: { id: { S: item.id }, owner: { S: owner }, createdAt: { S: item.createdAt } } }));
    for (const i of [0, 1]) await dynamodb.send(new PutItemCommand({ TableName: stack.tableName, Item: { id: { S: `${other}-${i}` }, owner: { S: other }, createdAt: { S: at(10 + i) } } }));

    const page = (who: string, start?: Record<string, any>) =>
      dynamodb.send(
        new QueryCommand({
          TableName: stack.tableName,
          IndexName: 'byOwner',
          KeyConditionExpression: '#o = :o',
          ExpressionAttributeNames: { '#o': 'owner' },
          ExpressionAttributeValues: { ':o': { S: who } },
          ScanIndexForward: false,
          Limit: 3,
          ExclusiveStartKey: start,
        }),
      );
    const seen: Array<{ id: string; createdAt: string }> = [];
    let start: Record<string, any> | undefined;
    let firstKey: Record<string, any> | undefined;
    do {
      const out = await page(owner, start);
      expect(out.Items!.length).toBeLessThanOrEqual(3);
      seen.push(...out.Items!.map((i) => ({ id: i.id.S!, createdAt: i.createdAt.S! })));
      start = out.LastEvaluatedKey;
      firstKey ??= start;
    } while (start);
    expect(seen.map((s) => s.id).sort()).toEqual(mine.map((m) => m.id).sort());
    expect(new Set(seen.map((s) => s.id)).size).toBe(mine.length);
    expect(seen.map((s) => s.createdAt)).toEqual([...seen.map((s) => s.createdAt)].sort().reverse());
    expect(Object.keys(firstKey!).sort()).toEqual(['createdAt', 'id', 'owner']);

    await expect(page(other, firstKey)).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('outside query boundaries') });
  });
});

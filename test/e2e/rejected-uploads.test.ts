/**
 * Nothing stored that failed, on the real local stack (IAM enforced): an upload that ends FAILED
 * because of the image itself is removed from the bucket at once and the record keeps its error;
 * one that is labelled stays. createBlob's contentLength is checked, signed into the upload URL,
 * and S3 refuses a body of another size.
 */
import { uploadKey } from '../../api/object-keys.js';
import { readFile } from 'node:fs/promises';
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketEvent } from '../../local/s3/event-record.js';
import { startTestStack } from '../support/local-stack.js';
import { image } from '../support/paths.js';
import { objectVersions } from '../support/s3-versions.js';

let stack: Awaited<ReturnType<typeof startTestStack>>;
let versions: ReturnType<typeof objectVersions>;
beforeAll(async () => {
  stack = await startTestStack();
  versions = objectVersions(stack);
});
afterAll(async () => {
  versions?.close();
  await stack?.close();
});

const CREATE = /* GraphQL */ `mutation ($input: CreateBlobInput!) { createBlob(input: $input) { id uploadUrl } }`;
const READ = /* GraphQL */ `query ($id: ID!) { blob(id: $id) { id status error { code message } } }`;

async function gql(query: string, variables: Record<string, unknown>) {
  const res = await fetch(stack.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': stack.apiKey }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data?: any; errors?: Array<{ errorType: string; message: string }> };
}
async function create(input: Record<string, unknown> = {}): Promise<{ id: string; uploadUrl: string }> {
  const out = await gql(CREATE, { input });
  expect(out.errors).toBeUndefined();
  return out.data.createBlob;
}
const put = (url: string, body: Uint8Array, contentType = 'image/jpeg') => fetch(url, { method: 'PUT', body: new Uint8Array(body), headers: { 'content-type': contentType } });
const finished = async (id: string) => {
  await expect.poll(async () => (await gql(READ, { id })).data?.blob?.status, { timeout: 120_000, interval: 100 }).toMatch(/^(LABELLED|FAILED)$/);
  // Removal follows the final write: wait for the event to be handled completely.
  await expect.poll(() => stack.pendingEvents(), { timeout: 60_000, interval: 50 }).toBe(0);
  return (await gql(READ, { id })).data.blob;
};

describe('an upload refused for its image leaves nothing in the bucket', () => {
  it('100 MB: FAILED IMAGE_TOO_LARGE, and ListObjectVersions shows no version or marker left', async () => {
    const { id, uploadUrl } = await create();
    // 100 MB of bytes made here; S3 (and the local S3, up to its 5 GiB single-PUT limit) accepts them.
    const bytes = new Uint8Array(100 * 1024 * 1024);
    bytes.set(await readFile(image('messi5.jpg')));
    const upload = await put(uploadUrl, bytes);
    expect(upload.status).toBe(200);
    expect(upload.headers.get('x-amz-version-id')).toBeTruthy();
    const blob = await finished(id);
    expect(blob).toMatchObject({ status: 'FAILED', error: { code: 'IMAGE_TOO_LARGE' } });
    expect(blob.error.message).toContain(`${bytes.length} bytes`);
    expect(await versions.of(uploadKey(id, 'anonymous'))).toEqual([]);
  });

  it.each([
    ['not an image', 'INVALID_IMAGE', async () => new Uint8Array(Buffer.from('this is not a picture, only text '.repeat(40)))],
    ['a GIF', 'UNSUPPORTED_IMAGE_TYPE', async () => new Uint8Array(Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'))],
  ])('%s: FAILED %s, the record keeps the error, the upload is gone', async (_what, code, bytes) => {
    const { id, uploadUrl } = await create();
    expect((await put(uploadUrl, await bytes())).status).toBe(200);
    const blob = await finished(id);
    expect(blob).toMatchObject({ status: 'FAILED', error: { code } });
    expect(blob.error.message.length).toBeGreaterThan(10);
    expect(await versions.of(uploadKey(id, 'anonymous'))).toEqual([]);
  });

  it('a redelivered event removes it too, when a crash came between the FAILED write and the delete', async () => {
    const { id, uploadUrl } = await create();
    expect((await put(uploadUrl, new Uint8Array(Buffer.from('still not a picture '.repeat(20))))).status).toBe(200);
    expect(await finished(id)).toMatchObject({ status: 'FAILED', error: { code: 'INVALID_IMAGE' } });
    // The state a crash right after the final write leaves: the record FAILED on a version that is still stored.
    const key = uploadKey(id, 'anonymous');
    const s3 = new S3Client({ endpoint: stack.s3Endpoint, region: stack.region, credentials: stack.credentials, forcePathStyle: true });
    const dynamodb = new DynamoDBClient({ endpoint: stack.dynamodbEndpoint, region: stack.region, credentials: stack.credentials });
    try {
      const bytes = Buffer.from('still not a picture '.repeat(20));
      const survivor = (await s3.send(new PutObjectCommand({ Bucket: stack.bucketName, Key: key, Body: bytes, ContentType: 'image/jpeg' }))).VersionId!;
      await expect.poll(() => stack.pendingEvents(), { timeout: 60_000, interval: 50 }).toBe(0);
      await dynamodb.send(new UpdateItemCommand({ TableName: stack.tableName, Key: { id: { S: id } }, UpdateExpression: 'SET imageVersionId = :v', ExpressionAttributeValues: { ':v': { S: survivor } } }));
      expect(await versions.of(key)).toHaveLength(1);
      // S3 redelivers the event for that version: the blob is finished, its upload goes.
      await stack.handlers.labelBlob(bucketEvent({ region: stack.region, bucket: stack.bucketName, key, size: bytes.length, etag: 'x', versionId: survivor, sequencer: '1', sourceIp: '127.0.0.1', principalId: 'test' }));
      expect(await versions.of(key)).toEqual([]);
      expect((await gql(READ, { id })).data.blob).toMatchObject({ status: 'FAILED', error: { code: 'INVALID_IMAGE' } });
    } finally {
      s3.destroy();
      dynamodb.destroy();
    }
  });

  it('a labelled upload stays', async () => {
    const { id, uploadUrl } = await create();
    expect((await put(uploadUrl, new Uint8Array(await readFile(image('messi5.jpg'))))).status).toBe(200);
    expect(await finished(id)).toMatchObject({ status: 'LABELLED', error: null });
    expect(await versions.of(uploadKey(id, 'anonymous'))).toHaveLength(1);
  });
});

describe('createBlob contentLength', () => {
  it.each([
    [0, 'contentLength must be a positive whole number of bytes; got 0'],
    [-5, 'contentLength must be a positive whole number of bytes; got -5'],
    [15 * 1024 * 1024 + 1, `contentLength is ${15 * 1024 * 1024 + 1} bytes; images of at most ${15 * 1024 * 1024} bytes (15 MB) are accepted`],
  ])('refuses %i with BadRequest', async (contentLength, message) => {
    const out = await gql(CREATE, { input: { contentLength } });
    expect(out.data).toBeNull();
    expect(out.errors?.[0]).toMatchObject({ errorType: 'BadRequest', message });
  });

  it('signs Content-Length: S3 refuses another size (403 SignatureDoesNotMatch), the exact size is stored and labelled', async () => {
    const photo = new Uint8Array(await readFile(image('messi5.jpg')));
    const { id, uploadUrl } = await create({ contentLength: photo.length });
    expect(new URL(uploadUrl).searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');

    const bigger = new Uint8Array(photo.length + 1);
    bigger.set(photo);
    for (const body of [bigger, photo.subarray(0, photo.length - 1)]) {
      const refused = await put(uploadUrl, body);
      expect(refused.status).toBe(403);
      expect(/<Code>([^<]+)<\/Code>/.exec(await refused.text())?.[1]).toBe('SignatureDoesNotMatch');
    }
    expect(await versions.of(uploadKey(id, 'anonymous'))).toEqual([]);
    expect((await gql(READ, { id })).data.blob.status).toBe('PENDING_UPLOAD');

    expect((await put(uploadUrl, photo)).status).toBe(200);
    expect(await finished(id)).toMatchObject({ status: 'LABELLED' });
    expect(await versions.of(uploadKey(id, 'anonymous'))).toHaveLength(1);
  });
});

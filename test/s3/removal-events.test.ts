/**
 * The local S3's notification filters (local/s3/server.ts `notifications`), as an S3 notification
 * configuration's: ObjectCreated and ObjectRemoved per prefix, with AWS's event names, version ids
 * and no size or ETag on a removal; a removal nobody asked for raises nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLocalS3 } from '../../local/s3/index.js';
import { waitFor } from '../support/wait.js';

const credentials = { accessKeyId: 'S3REMOVALKEY', secretAccessKey: 's3-removal-secret' };
let dir: string;
let s3: Awaited<ReturnType<typeof startLocalS3>>;
let client: S3Client;
const events: S3Event[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 's3-removals-'));
  s3 = await startLocalS3({
    dataDir: dir,
    region: 'us-east-1',
    credentials: [credentials],
    buckets: ['kept'],
    versionedBuckets: ['kept'],
    notifications: [
      { prefix: 'uploads/', events: ['ObjectCreated'] },
      { prefix: 'photos/', events: ['ObjectCreated', 'ObjectRemoved'] },
    ],
    onEvent: async (e) => void events.push(e),
  });
  client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', credentials, forcePathStyle: true });
});
afterAll(async () => {
  client?.destroy();
  await s3?.close();
  await rm(dir, { recursive: true, force: true });
});

it('raises ObjectRemoved only where asked: a delete marker, then a version deleted for good', async () => {
  const put = (Key: string) => client.send(new PutObjectCommand({ Bucket: 'kept', Key, Body: 'x' }));
  const { VersionId: photoVersion } = await put('photos/a/1.jpg');
  await put('uploads/users/1');
  await put('thumbnails/users/1.webp');
  const marker = await client.send(new DeleteObjectCommand({ Bucket: 'kept', Key: 'photos/a/1.jpg' }));
  await client.send(new DeleteObjectCommand({ Bucket: 'kept', Key: 'photos/a/1.jpg', VersionId: photoVersion }));
  await client.send(new DeleteObjectCommand({ Bucket: 'kept', Key: 'uploads/users/1' }));
  // Deleting a version that is not there is no removal.
  await client.send(new DeleteObjectCommand({ Bucket: 'kept', Key: 'photos/a/1.jpg', VersionId: photoVersion }));
  await waitFor(() => (s3.pendingEvents() === 0 ? true : undefined), { what: 'events delivered' });
  const seen = events.map((e) => e.Records[0]).map((r) => ({ name: r.eventName, key: decodeURIComponent(r.s3.object.key), versionId: r.s3.object.versionId, size: r.s3.object.size }));
  expect(seen).toEqual([
    { name: 'ObjectCreated:Put', key: 'photos/a/1.jpg', versionId: photoVersion, size: 1 },
    { name: 'ObjectCreated:Put', key: 'uploads/users/1', versionId: expect.any(String), size: 1 },
    { name: 'ObjectRemoved:DeleteMarkerCreated', key: 'photos/a/1.jpg', versionId: marker.VersionId, size: undefined },
    { name: 'ObjectRemoved:Delete', key: 'photos/a/1.jpg', versionId: photoVersion, size: undefined },
  ]);
});

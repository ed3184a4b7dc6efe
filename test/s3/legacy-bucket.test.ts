/**
 * The local bucket's rename (blobs → blobs.local, for Amplify Storage's path-style addressing):
 * a data directory written under the old name keeps its objects, versions included, once its
 * folder is adopted; a directory that already has the new bucket is left as it is.
 */
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { adoptLegacyBucket, startLocalS3, type LocalS3 } from '../../local/s3/index.js';

const region = 'us-east-1';
const credentials = { accessKeyId: 'LEGACYBUCKETKEY', secretAccessKey: 'legacy-bucket-secret' };
const opened: Array<{ s3: LocalS3; client: S3Client }> = [];
const dirs: string[] = [];

async function s3On(dataDir: string, bucket: string) {
  const s3 = await startLocalS3({ dataDir, region, credentials: [credentials], buckets: [bucket], versionedBuckets: [bucket], onEvent: async () => {} });
  const client = new S3Client({ endpoint: s3.endpoint, region, credentials, forcePathStyle: true });
  opened.push({ s3, client });
  return { s3, client };
}
async function closeAll() {
  for (const { s3, client } of opened.splice(0)) {
    client.destroy();
    await s3.close();
  }
}
afterEach(async () => {
  await closeAll();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('adoptLegacyBucket', () => {
  it("keeps an old data directory's objects under the new bucket name", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 's3-legacy-'));
    dirs.push(dataDir);
    const old = await s3On(dataDir, 'blobs');
    await old.client.send(new PutObjectCommand({ Bucket: 'blobs', Key: 'uploads/users/b-1', Body: 'first' }));
    const { VersionId } = await old.client.send(new PutObjectCommand({ Bucket: 'blobs', Key: 'uploads/users/b-1', Body: 'second' }));
    await closeAll();

    await adoptLegacyBucket(dataDir, 'blobs', 'blobs.local');
    const renamed = await s3On(dataDir, 'blobs.local');
    const read = await renamed.client.send(new GetObjectCommand({ Bucket: 'blobs.local', Key: 'uploads/users/b-1', VersionId }));
    expect(await read.Body!.transformToString()).toBe('second');
    expect(await readdir(join(dataDir, 'objects'))).toEqual(['blobs.local']);
  });

  it('leaves a directory alone that already has the new bucket (or never had the old one)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 's3-legacy-'));
    dirs.push(dataDir);
    await mkdir(join(dataDir, 'objects', 'blobs'), { recursive: true });
    await mkdir(join(dataDir, 'objects', 'blobs.local'), { recursive: true });
    await adoptLegacyBucket(dataDir, 'blobs', 'blobs.local');
    expect((await readdir(join(dataDir, 'objects'))).sort()).toEqual(['blobs', 'blobs.local']);

    const fresh = await mkdtemp(join(tmpdir(), 's3-legacy-'));
    dirs.push(fresh);
    await adoptLegacyBucket(fresh, 'blobs', 'blobs.local');
    expect(await readdir(fresh)).toEqual([]);
  });
});

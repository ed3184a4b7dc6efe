/**
 * The local S3's versioning, as S3 does it: a version id on every PUT to a versioned bucket and
 * in its ObjectCreated event, GET/HEAD/DELETE by version (presigned too), delete markers,
 * ListObjectVersions; an unversioned bucket keeps one "null" version, as before.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DeleteObjectCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { S3Event } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalS3 } from '../../local/s3/index.js';
import { region, startPlainS3, type PlainS3 } from './plain-fixture.js';
import { image } from '../support/paths.js';
import { runProcess } from '../support/processes.js';

const credentials = { accessKeyId: 'S3VERSIONKEY', secretAccessKey: 's3-version-secret' };
let fixture: PlainS3;
let s3: PlainS3['s3'];
let client: S3Client;
let events: S3Event[];

beforeAll(async () => {
  fixture = await startPlainS3({ credentials: [credentials], buckets: ['kept', 'plain'], versionedBuckets: ['kept'] });
  ({ s3, client, events } = fixture);
});
afterAll(async () => {
  await fixture?.close();
});

const text = async (o: { Body?: { transformToString(): Promise<string> } }) => o.Body!.transformToString();
const eventFor = (key: string) => events.filter((e) => e.Records[0].s3.object.key === key);

describe('a versioned bucket', () => {
  it('says so (GetBucketVersioning), and the plain bucket does not', async () => {
    expect((await client.send(new GetBucketVersioningCommand({ Bucket: 'kept' }))).Status).toBe('Enabled');
    expect((await client.send(new GetBucketVersioningCommand({ Bucket: 'plain' }))).Status).toBeUndefined();
  });

  it('gives every PUT its own version id, readable by id while the newest is current', async () => {
    const first = await client.send(new PutObjectCommand({ Bucket: 'kept', Key: 'photo', Body: 'first', ContentType: 'text/plain' }));
    const second = await client.send(new PutObjectCommand({ Bucket: 'kept', Key: 'photo', Body: 'second!', ContentType: 'text/plain' }));
    expect(first.VersionId).toMatch(/^[A-Za-z0-9._-]{32}$/);
    expect(second.VersionId).toMatch(/^[A-Za-z0-9._-]{32}$/);
    expect(second.VersionId).not.toBe(first.VersionId);

    const current = await client.send(new GetObjectCommand({ Bucket: 'kept', Key: 'photo' }));
    expect(current.VersionId).toBe(second.VersionId);
    expect(await text(current)).toBe('second!');
    expect(await text(await client.send(new GetObjectCommand({ Bucket: 'kept', Key: 'photo', VersionId: first.VersionId })))).toBe('first');
    expect(await text(await client.send(new GetObjectCommand({ Bucket: 'kept', Key: 'photo', VersionId: first.VersionId, Range: 'bytes=1-3' })))).toBe('irs');
    expect(await client.send(new HeadObjectCommand({ Bucket: 'kept', Key: 'photo', VersionId: first.VersionId }))).toMatchObject({ ContentLength: 5, VersionId: first.VersionId });
  });

  it('puts the version id in the ObjectCreated event record', async () => {
    const put = await client.send(new PutObjectCommand({ Bucket: 'kept', Key: 'evented', Body: 'x' }));
    await expect.poll(() => eventFor('evented').length, { timeout: 30_000 }).toBe(1);
    expect(eventFor('evented')[0].Records[0].s3.object.versionId).toBe(put.VersionId);
  });

  it('serves a presigned GET of one version, from curl too, and refuses the URL once that version is gone', async () => {
    const v1 = await client.send(new PutObjectCommand({ Bucket: 'kept', Key: 'signed.jpg', Body: await readFile(image('messi5.jpg')), ContentType: 'image/jpeg' }));
    await client.send(new PutObjectCommand({ Bucket: 'kept', Key: 'signed.jpg', Body: 'not the photo', ContentType: 'text/plain' }));
    const url = await getSignedUrl(client, new GetObjectCommand({ Bucket: 'kept', Key: 'signed.jpg', VersionId: v1.VersionId }), { expiresIn: 60 });
    expect(url).toContain(`versionId=${v1.VersionId}`);
    const got = await fetch(url);
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(await readFile(image('messi5.jpg')))).toBe(true);
    const { stdout } = await runProcess('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', url]);
    expect(stdout).toBe('200');

    // The signature covers the version: pointing the same URL at another version is refused.
    const tampered = url.replace(`versionId=${v1.VersionId}`, 'versionId=another');
    expect((await fetch(tampered)).status).toBe(403);

    await client.send(new DeleteObjectCommand({ Bucket: 'kept', Key: 'signed.jpg', VersionId: v1.VersionId }));
    const gone = await fetch(url);
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain('<Code>NoSuchVersion</Code>');
  });

  it('hides the key behind a delete marker on a plain DELETE, keeping its versions', async () => {
    const v1 = await client.send(new PutObjectCommand({ Bucket: 'kept', Key: 'marked', Body: 'kept safe' }));
    const deleted = await client.send(new DeleteObjectCommand({ Bucket: 'kept', Key: 'marked' }));
    expect(deleted.DeleteMarker).toBe(true);
    expect(deleted.VersionId).toBeTruthy();
    await expect(client.send(new GetObjectCommand({ Bucket: 'kept', Key: 'marked' }))).rejects.toMatchObject({ name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } });
    await expect(client.send(new HeadObjectCommand({ Bucket: 'kept', Key: 'marked' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    await expect(client.send(new GetObjectCommand({ Bucket: 'kept', Key: 'marked', VersionId: deleted.VersionId }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 405 } });
    expect(await text(await client.send(new GetObjectCommand({ Bucket: 'kept', Key: 'marked', VersionId: v1.VersionId })))).toBe('kept safe');
    expect((await client.send(new ListObjectsV2Command({ Bucket: 'kept', Prefix: 'marked' }))).Contents ?? []).toEqual([]);

    // Removing the marker brings the object back, as in S3.
    await client.send(new DeleteObjectCommand({ Bucket: 'kept', Key: 'marked', VersionId: deleted.VersionId }));
    expect(await text(await client.send(new GetObjectCommand({ Bucket: 'kept', Key: 'marked' })))).toBe('kept safe');
  });

  it('lists versions and delete markers (ListObjectVersions), newest first per key, in pages', async () => {
    const a1 = await client.send(new PutObjectCommand({ Bucket: 'kept', Key: 'list/a', Body: '1' }));
    const a2 = await client.send(new PutObjectCommand({ Bucket: 'kept', Key: 'list/a', Body: '22' }));
    const b1 = await client.send(new PutObjectCommand({ Bucket: 'kept', Key: 'list/b', Body: '333' }));
    const bMarker = await client.send(new DeleteObjectCommand({ Bucket: 'kept', Key: 'list/b' }));
    await client.send(new PutObjectCommand({ Bucket: 'kept', Key: 'list-not/c', Body: 'x' }));

    const all = await client.send(new ListObjectVersionsCommand({ Bucket: 'kept', Prefix: 'list/' }));
    expect(all.Versions?.map((v) => [v.Key, v.VersionId, v.IsLatest, v.Size])).toEqual([
      ['list/a', a2.VersionId, true, 2],
      ['list/a', a1.VersionId, false, 1],
      ['list/b', b1.VersionId, false, 3],
    ]);
    expect(all.DeleteMarkers?.map((m) => [m.Key, m.VersionId, m.IsLatest])).toEqual([['list/b', bMarker.VersionId, true]]);

    const seen: string[] = [];
    let page = await client.send(new ListObjectVersionsCommand({ Bucket: 'kept', Prefix: 'list/', MaxKeys: 2 }));
    for (;;) {
      seen.push(...[...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v) => v.VersionId!));
      if (!page.IsTruncated) break;
      page = await client.send(new ListObjectVersionsCommand({ Bucket: 'kept', Prefix: 'list/', MaxKeys: 2, KeyMarker: page.NextKeyMarker, VersionIdMarker: page.NextVersionIdMarker }));
    }
    expect(seen.sort()).toEqual([a1.VersionId, a2.VersionId, b1.VersionId, bMarker.VersionId].sort());
  });

  it('answers NoSuchVersion for an unknown version id', async () => {
    await client.send(new PutObjectCommand({ Bucket: 'kept', Key: 'known', Body: 'x' }));
    await expect(client.send(new GetObjectCommand({ Bucket: 'kept', Key: 'known', VersionId: 'no-such-version' }))).rejects.toMatchObject({ name: 'NoSuchVersion', $metadata: { httpStatusCode: 404 } });
    await expect(client.send(new GetObjectCommand({ Bucket: 'kept', Key: 'known', VersionId: '../../escape' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });
});

describe('an unversioned bucket', () => {
  it('replaces the one object on each PUT, sends no version ids, and DELETE removes it', async () => {
    const first = await client.send(new PutObjectCommand({ Bucket: 'plain', Key: 'one', Body: 'first' }));
    await client.send(new PutObjectCommand({ Bucket: 'plain', Key: 'one', Body: 'second' }));
    expect(first.VersionId).toBeUndefined();
    const got = await client.send(new GetObjectCommand({ Bucket: 'plain', Key: 'one' }));
    expect(got.VersionId).toBeUndefined();
    expect(await text(got)).toBe('second');
    await expect.poll(() => eventFor('one').length, { timeout: 30_000 }).toBe(2);
    expect(eventFor('one').every((e) => e.Records[0].s3.object.versionId === undefined)).toBe(true);
    const deleted = await client.send(new DeleteObjectCommand({ Bucket: 'plain', Key: 'one' }));
    expect(deleted.DeleteMarker).toBeUndefined();
    await expect(client.send(new GetObjectCommand({ Bucket: 'plain', Key: 'one' }))).rejects.toMatchObject({ name: 'NoSuchKey' });
    expect((await client.send(new ListObjectVersionsCommand({ Bucket: 'plain', Prefix: 'one' }))).Versions ?? []).toEqual([]);
  });
});

describe('data written before versioning', () => {
  it('is adopted as the "null" version on start', async () => {
    const old = await mkdtemp(join(tmpdir(), 's3-legacy-'));
    try {
      // The store's former layout: <base64url key>.data + .meta.json beside each other.
      const bucketDir = join(old, 'objects', 'kept');
      await mkdir(bucketDir, { recursive: true });
      const base = join(bucketDir, Buffer.from('legacy.jpg').toString('base64url'));
      await writeFile(`${base}.data`, 'old bytes');
      await writeFile(`${base}.meta.json`, JSON.stringify({ key: 'legacy.jpg', size: 9, etag: '"e"', contentType: 'image/jpeg', lastModified: new Date().toUTCString(), metadata: {}, sha256: '' }));
      const legacy = await startLocalS3({ dataDir: old, region, credentials: [credentials], buckets: ['kept'], versionedBuckets: ['kept'] });
      const c = new S3Client({ endpoint: legacy.endpoint, region, credentials, forcePathStyle: true });
      try {
        const got = await c.send(new GetObjectCommand({ Bucket: 'kept', Key: 'legacy.jpg' }));
        expect(got.VersionId).toBe('null');
        expect(await text(got)).toBe('old bytes');
        const next = await c.send(new PutObjectCommand({ Bucket: 'kept', Key: 'legacy.jpg', Body: 'new bytes' }));
        expect(await text(await c.send(new GetObjectCommand({ Bucket: 'kept', Key: 'legacy.jpg' })))).toBe('new bytes');
        expect((await c.send(new ListObjectVersionsCommand({ Bucket: 'kept' }))).Versions?.map((v) => v.VersionId)).toEqual([next.VersionId, 'null']);
      } finally {
        c.destroy();
        await legacy.close();
      }
    } finally {
      await rm(old, { recursive: true, force: true });
    }
  });
});

/**
 * The local S3 answers as S3 does: SDK round trips, presigned PUTs (also from curl), and 403s
 * for what S3 refuses: expired URLs, tampered signatures, unsigned content types, unknown keys.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { S3Event } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalS3 } from '../../local/s3/index.js';
import { region, startPlainS3, type PlainS3 } from './plain-fixture.js';
import { image } from '../support/paths.js';
import { runProcess } from '../support/processes.js';
import { waitFor } from '../support/wait.js';

const credentials = { accessKeyId: 'S3TESTKEY', secretAccessKey: 's3-test-secret' };
let fixture: PlainS3;
let s3: PlainS3['s3'];
let client: S3Client;
let events: S3Event[];

beforeAll(async () => {
  fixture = await startPlainS3({ credentials: [credentials], buckets: ['blobs'] });
  ({ s3, client, events } = fixture);
});
afterAll(async () => {
  await fixture?.close();
});

const presign = (key: string, contentType: string, expiresIn = 300, c = client) =>
  getSignedUrl(c, new PutObjectCommand({ Bucket: 'blobs', Key: key, ContentType: contentType }), { expiresIn, signableHeaders: new Set(['content-type']) });
const xmlCode = async (res: Response) => /<Code>([^<]+)<\/Code>/.exec(await res.text())?.[1];

describe('AWS SDK v3 operations', () => {
  it('puts, heads, gets (also a range), lists and deletes', async () => {
    await client.send(new PutObjectCommand({ Bucket: 'blobs', Key: 'dir/a b.txt', Body: 'hello world', ContentType: 'text/plain', Metadata: { owner: 'me' } }));
    const head = await client.send(new HeadObjectCommand({ Bucket: 'blobs', Key: 'dir/a b.txt' }));
    expect(head).toMatchObject({ ContentLength: 11, ContentType: 'text/plain', Metadata: { owner: 'me' }, ETag: '"5eb63bbbe01eeed093cb22bb8f5acdc3"' });
    expect(await (await client.send(new GetObjectCommand({ Bucket: 'blobs', Key: 'dir/a b.txt' }))).Body!.transformToString()).toBe('hello world');
    expect(await (await client.send(new GetObjectCommand({ Bucket: 'blobs', Key: 'dir/a b.txt', Range: 'bytes=6-10' }))).Body!.transformToString()).toBe('world');
    const list = await client.send(new ListObjectsV2Command({ Bucket: 'blobs', Prefix: 'dir/' }));
    expect(list.Contents?.map((c) => c.Key)).toEqual(['dir/a b.txt']);
    await client.send(new DeleteObjectCommand({ Bucket: 'blobs', Key: 'dir/a b.txt' }));
    await expect(client.send(new HeadObjectCommand({ Bucket: 'blobs', Key: 'dir/a b.txt' }))).rejects.toMatchObject({ name: 'NotFound' });
    await expect(client.send(new GetObjectCommand({ Bucket: 'blobs', Key: 'nope' }))).rejects.toMatchObject({ name: 'NoSuchKey' });
  });

  it('accepts the default client too (flexible checksums, aws-chunked bodies)', async () => {
    const plain = new S3Client({ endpoint: s3.endpoint, region, credentials, forcePathStyle: true });
    await plain.send(new PutObjectCommand({ Bucket: 'blobs', Key: 'chunked', Body: 'x'.repeat(70_000) }));
    expect((await client.send(new HeadObjectCommand({ Bucket: 'blobs', Key: 'chunked' }))).ContentLength).toBe(70_000);
    plain.destroy();
  });

  it('refuses a wrong secret and an unknown access key', async () => {
    const forged = new S3Client({ endpoint: s3.endpoint, region, credentials: { ...credentials, secretAccessKey: 'wrong' }, forcePathStyle: true, maxAttempts: 1 });
    await expect(forged.send(new GetObjectCommand({ Bucket: 'blobs', Key: 'x' }))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } });
    const stranger = new S3Client({ endpoint: s3.endpoint, region, credentials: { accessKeyId: 'NOBODY', secretAccessKey: 'x' }, forcePathStyle: true, maxAttempts: 1 });
    await expect(stranger.send(new GetObjectCommand({ Bucket: 'blobs', Key: 'x' }))).rejects.toMatchObject({ name: 'InvalidAccessKeyId' });
  });
});

describe('presigned PUT', () => {
  it('works from curl with no credentials, exactly as the seed documents', async () => {
    const url = await presign('curl.jpg', 'image/jpeg');
    const { stdout } = await runProcess('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-X', 'PUT', '--data-binary', `@${image('messi5.jpg')}`, '-H', 'Content-Type: image/jpeg', url]);
    expect(stdout).toBe('200');
    const stored = await (await client.send(new GetObjectCommand({ Bucket: 'blobs', Key: 'curl.jpg' }))).Body!.transformToByteArray();
    expect(Buffer.from(stored).equals(await readFile(image('messi5.jpg')))).toBe(true);
  });

  it('refuses a content type other than the signed one (403 SignatureDoesNotMatch)', async () => {
    const res = await fetch(await presign('typed.jpg', 'image/jpeg'), { method: 'PUT', body: 'x', headers: { 'content-type': 'image/png' } });
    expect(res.status).toBe(403);
    expect(await xmlCode(res)).toBe('SignatureDoesNotMatch');
  });

  it('refuses a tampered signature (403 SignatureDoesNotMatch)', async () => {
    const url = new URL(await presign('tampered.jpg', 'image/jpeg'));
    const sig = url.searchParams.get('X-Amz-Signature')!;
    url.searchParams.set('X-Amz-Signature', (sig[0] === 'a' ? 'b' : 'a') + sig.slice(1));
    const res = await fetch(url, { method: 'PUT', body: 'x', headers: { 'content-type': 'image/jpeg' } });
    expect(res.status).toBe(403);
    expect(await xmlCode(res)).toBe('SignatureDoesNotMatch');
  });

  it('refuses a URL used for another key (403)', async () => {
    const url = (await presign('one.jpg', 'image/jpeg')).replace('/one.jpg', '/two.jpg');
    expect((await fetch(url, { method: 'PUT', body: 'x', headers: { 'content-type': 'image/jpeg' } })).status).toBe(403);
  });

  it('refuses an expired URL (403 AccessDenied, "Request has expired")', async () => {
    const url = await presign('late.jpg', 'image/jpeg', 1);
    await new Promise((r) => setTimeout(r, 2_100));
    const res = await fetch(url, { method: 'PUT', body: 'x', headers: { 'content-type': 'image/jpeg' } });
    expect(res.status).toBe(403);
    const body = await res.text();
    expect(body).toContain('<Code>AccessDenied</Code>');
    expect(body).toContain('Request has expired');
  });

  it('refuses an anonymous request (403 AccessDenied)', async () => {
    const res = await fetch(`${s3.endpoint}/blobs/anon.jpg`, { method: 'PUT', body: 'x' });
    expect(res.status).toBe(403);
    expect(await xmlCode(res)).toBe('AccessDenied');
  });

  it('answers a browser preflight with CORS headers', async () => {
    const res = await fetch(`${s3.endpoint}/blobs/x.jpg`, { method: 'OPTIONS', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(res.headers.get('access-control-allow-headers')).toBe('content-type');
  });
});

describe('ObjectCreated events', () => {
  it('delivers AWS’s record shape after a PUT, key URL-encoded', async () => {
    events.length = 0;
    await fetch(await presign('folder/my photo.jpg', 'image/jpeg'), { method: 'PUT', body: 'abc', headers: { 'content-type': 'image/jpeg' } });
    await waitFor(() => events[0], { what: 'ObjectCreated event' });
    const [record] = events[0].Records;
    expect(record).toMatchObject({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: region,
      eventName: 'ObjectCreated:Put',
      s3: { s3SchemaVersion: '1.0', bucket: { name: 'blobs', arn: 'arn:aws:s3:::blobs' }, object: { key: 'folder%2Fmy+photo.jpg', size: 3, eTag: '900150983cd24fb0d6963f7d28e17f72' } },
    });
    expect(record.s3.object.sequencer).toMatch(/^[0-9A-F]+$/);
  });

  it('keeps undelivered events across a restart and redelivers them', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 's3-outbox-'));
    const failing = await startLocalS3({ dataDir, region, credentials: [credentials], buckets: ['blobs'], onEvent: async () => Promise.reject(new Error('handler down')) });
    const c = new S3Client({ endpoint: failing.endpoint, region, credentials, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' });
    await c.send(new PutObjectCommand({ Bucket: 'blobs', Key: 'survivor', Body: 'data' }));
    c.destroy();
    await failing.close();

    const delivered: S3Event[] = [];
    const again = await startLocalS3({ dataDir, region, credentials: [credentials], buckets: ['blobs'], onEvent: async (e) => void delivered.push(e) });
    await waitFor(() => delivered[0], { what: 'redelivered event' });
    expect(delivered.map((e) => e.Records[0].s3.object.key)).toEqual(['survivor']);
    // Removed from the outbox once its handler has returned.
    await waitFor(() => (again.pendingEvents() === 0 ? true : undefined), { what: 'outbox emptied' });
    await again.close();
    await rm(dataDir, { recursive: true, force: true });
  });
});

/**
 * Temporary credentials on the local S3, as an identity pool hands them to Amplify Storage: a
 * key registered with its session token signs header and presigned requests over TLS, and is
 * refused with S3's errors when the token is missing, wrong or expired. Also the calls Amplify's
 * list, getUrl and remove make: ListObjectsV2 (with a delimiter, paged), a presigned GET and
 * DeleteObject.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { join } from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Credentials } from '../../local/sigv4/verify.js';
import { repoRoot } from '../support/paths.js';
import { runProcess } from '../support/processes.js';
import { waitFor } from '../support/wait.js';
import { adminKey, startTlsS3, type TlsS3 } from './tls-fixture.js';

let t: TlsS3;
/** The live list the S3 stand-in reads, as the IAM authority's is: registering a key is adding it. */
let keys: Credentials[];
const register = (c: ReturnType<typeof temporary>) => keys.push({ accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiresAt: c.expiration.getTime() });
const revoke = (accessKeyId: string) => keys.splice(keys.findIndex((k) => k.accessKeyId === accessKeyId), 1);
const temporary = (expiration = new Date(Date.now() + 3600_000)) => ({
  accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
  secretAccessKey: randomBytes(30).toString('base64'),
  sessionToken: randomBytes(64).toString('base64'),
  expiration,
});
const errorOf = (p: Promise<unknown>) => p.then(() => undefined, (e: { name: string; $metadata?: { httpStatusCode?: number } }) => ({ name: e.name, status: e.$metadata?.httpStatusCode }));

beforeAll(async () => {
  keys = [adminKey];
  t = await startTlsS3({ credentials: keys, buckets: ['blobs', 'blobs.storage'], versionedBuckets: ['blobs', 'blobs.storage'] });
});
afterAll(async () => {
  await t?.close();
});

describe('session-token SigV4', () => {
  it('accepts a registered temporary key with its token, in headers and in a presigned URL', async () => {
    const key = temporary();
    register(key);
    const client = t.client(key);
    await client.send(new PutObjectCommand({ Bucket: 'blobs', Key: 'photos/id-1/a.jpg', Body: 'jpeg bytes', ContentType: 'image/jpeg' }));
    expect(await (await client.send(new GetObjectCommand({ Bucket: 'blobs', Key: 'photos/id-1/a.jpg' }))).Body!.transformToString()).toBe('jpeg bytes');

    // getUrl: a presigned GET carrying X-Amz-Security-Token, fetched over TLS.
    const url = await getSignedUrl(client, new GetObjectCommand({ Bucket: 'blobs', Key: 'photos/id-1/a.jpg' }), { expiresIn: 60 });
    expect(new URL(url).searchParams.get('X-Amz-Security-Token')).toBe(key.sessionToken);
    expect(await httpsGet(url)).toEqual({ status: 200, body: 'jpeg bytes' });
    const tampered = new URL(url);
    tampered.searchParams.set('X-Amz-Security-Token', 'not-the-token');
    // The token is judged before the signature, as AWS must (a temporary key's secret is known only through its token).
    expect((await httpsGet(tampered.toString())).status).toBe(400);
  });

  it("refuses a missing, wrong or expired token, and a revoked key, with S3's errors", async () => {
    const key = temporary();
    register(key);
    const put = (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) => errorOf(t.client(credentials).send(new PutObjectCommand({ Bucket: 'blobs', Key: 'photos/id-2/x', Body: 'x' })));
    expect(await put({ accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey })).toEqual({ name: 'InvalidAccessKeyId', status: 403 });
    expect(await put({ ...key, sessionToken: `${key.sessionToken.slice(0, -2)}AA` })).toEqual({ name: 'InvalidToken', status: 400 });
    expect(await put({ accessKeyId: key.accessKeyId, secretAccessKey: 'wrong', sessionToken: key.sessionToken })).toEqual({ name: 'SignatureDoesNotMatch', status: 403 });

    const expired = temporary(new Date(Date.now() - 1000));
    register(expired);
    expect(await put({ accessKeyId: expired.accessKeyId, secretAccessKey: expired.secretAccessKey, sessionToken: expired.sessionToken })).toEqual({ name: 'ExpiredToken', status: 400 });

    revoke(key.accessKeyId);
    expect(await put(key)).toEqual({ name: 'InvalidAccessKeyId', status: 403 });
  });
});

describe('what Amplify Storage list, getUrl and remove send', () => {
  it('lists a prefix (paged, and with a delimiter), heads and removes an object', async () => {
    const admin = t.client();
    for (const k of ['photos/id-9/1.jpg', 'photos/id-9/2.jpg', 'photos/id-9/album/3.jpg', 'photos/id-9/album/4.jpg', 'photos/id-9/z.jpg']) {
      await admin.send(new PutObjectCommand({ Bucket: 'blobs', Key: k, Body: k }));
    }
    const all = await admin.send(new ListObjectsV2Command({ Bucket: 'blobs', Prefix: 'photos/id-9/' }));
    expect(all.Contents?.map((c) => c.Key)).toEqual(['photos/id-9/1.jpg', 'photos/id-9/2.jpg', 'photos/id-9/album/3.jpg', 'photos/id-9/album/4.jpg', 'photos/id-9/z.jpg']);

    const first = await admin.send(new ListObjectsV2Command({ Bucket: 'blobs', Prefix: 'photos/id-9/', Delimiter: '/', MaxKeys: 3 }));
    expect(first.Contents?.map((c) => c.Key)).toEqual(['photos/id-9/1.jpg', 'photos/id-9/2.jpg']);
    expect(first.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['photos/id-9/album/']);
    expect(first).toMatchObject({ IsTruncated: true, KeyCount: 3 });
    const rest = await admin.send(new ListObjectsV2Command({ Bucket: 'blobs', Prefix: 'photos/id-9/', Delimiter: '/', ContinuationToken: first.NextContinuationToken }));
    expect(rest.Contents?.map((c) => c.Key)).toEqual(['photos/id-9/z.jpg']);
    expect(rest.CommonPrefixes).toBeUndefined();
    expect(rest.IsTruncated).toBe(false);

    // getUrl with validateObjectExistence heads the object first; remove is a DeleteObject.
    expect((await admin.send(new HeadObjectCommand({ Bucket: 'blobs', Key: 'photos/id-9/z.jpg' }))).ContentLength).toBe('photos/id-9/z.jpg'.length);
    await admin.send(new DeleteObjectCommand({ Bucket: 'blobs', Key: 'photos/id-9/z.jpg' }));
    expect(await errorOf(admin.send(new HeadObjectCommand({ Bucket: 'blobs', Key: 'photos/id-9/z.jpg' })))).toEqual({ name: 'NotFound', status: 404 });
  });
});

/** A GET with Node's https (the test trusts the data directory's certificate, as a developer would). */
async function httpsGet(url: string): Promise<{ status: number; body: string }> {
  const ca = await readFile(join(t.dir, 'tls', 'localhost.crt'), 'utf8');
  return new Promise((resolve, reject) => {
    request(url, { agent: new Agent({ ca }) }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('the aws-amplify/storage client itself', () => {
  it('uploads 12 MB in parts, lists, getUrls and removes, with temporary credentials over TLS', async () => {
    const key = temporary();
    register(key);
    const path = 'photos/us-east-1:00000000-0000-4000-8000-000000000001/big.jpg';
    const size = 12 * 1024 * 1024;
    // Amplify addresses a bucket path-style only when its name has a dot (virtual-hosted otherwise).
    const endpoint = new URL(t.s3.tlsEndpoint!).host;
    const run = await runProcess(process.execPath, ['--import', 'tsx', 'test/s3/fixtures/amplify-storage.ts', endpoint, 'blobs.storage', 'us-east-1', key.accessKeyId, key.secretAccessKey, key.sessionToken, path, String(size)], {
      cwd: repoRoot,
      env: { ...process.env, NODE_EXTRA_CA_CERTS: join(t.dir, 'tls', 'localhost.crt') },
      timeoutMs: 120_000,
    });
    expect(run.stderr).not.toMatch(/Error/);
    const seen = JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
    expect(seen).toMatchObject({
      uploaded: { path, eTag: expect.stringMatching(/-3"?$/) },
      listed: [{ path, size }],
      url: { protocol: 'https:', hasToken: true },
      fetched: { size, same: true },
      afterRemove: [],
    });
    await waitFor(() => (t.s3.pendingEvents() === 0 ? true : undefined), { what: 'events delivered' });
    const records = t.events.flatMap((e) => e.Records).filter((r) => r.s3.bucket.name === 'blobs.storage');
    expect(records.map((r) => r.eventName)).toEqual(['ObjectCreated:CompleteMultipartUpload']);
  });
});

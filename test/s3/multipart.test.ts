/**
 * Multipart uploads on the local S3, over TLS, as Amplify Storage's uploadData makes them: the
 * object appears and ObjectCreated fires once, on Complete, with S3's multipart ETag; an abort
 * leaves nothing; S3's own errors; the IAM actions S3 documents; uploads survive a restart.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type S3Client as Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIamAuthority } from '../../local/iam/index.js';
import { parsePolicyDocument } from '../../local/iam/policy.js';
import { waitFor } from '../support/wait.js';
import { adminKey, region, startTlsS3, type TlsS3 } from './tls-fixture.js';

const MiB = 1024 * 1024;
const uploaderKey = { accessKeyId: 'S3UPLOADER', secretAccessKey: 'uploader-secret' };
let t: TlsS3;
let admin: Client;

beforeAll(async () => {
  // The uploader may put objects (which covers Create, UploadPart and Complete) and nothing else.
  const authority = createIamAuthority({
    enforce: true,
    holders: [
      { credentials: adminKey, principal: { arn: 'arn:aws:iam::000000000000:root', policies: [], administrator: true } },
      {
        credentials: uploaderKey,
        principal: { arn: 'arn:aws:sts::000000000000:assumed-role/uploader/s', role: 'uploader', policies: [parsePolicyDocument({ Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::blobs/*' }] }, 'test')] },
      },
    ],
    onDenial: () => {},
  });
  t = await startTlsS3({ credentials: authority.credentials, authorize: authority.authorize, notifications: [{ prefix: 'photos/', events: ['ObjectCreated'] }] });
  admin = t.client();
});
afterAll(async () => {
  await t?.close();
});

const md5 = (b: Buffer) => createHash('md5').update(b).digest();
const errorOf = (p: Promise<unknown>) => p.then(() => undefined, (e: { name: string; $metadata?: { httpStatusCode?: number } }) => ({ name: e.name, status: e.$metadata?.httpStatusCode }));
const eventsFor = (key: string) => t.events.flatMap((e) => e.Records).filter((r) => decodeURIComponent(r.s3.object.key) === key);

async function startUpload(key: string, client = admin) {
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: 'blobs', Key: key, ContentType: 'image/jpeg', Metadata: { features: 'LABELS' } }));
  const put = async (n: number, body: Buffer) => ({ PartNumber: n, ETag: (await client.send(new UploadPartCommand({ Bucket: 'blobs', Key: key, UploadId, PartNumber: n, Body: body }))).ETag! });
  return { uploadId: UploadId!, put };
}

describe('multipart upload over TLS', () => {
  it('a 12 MB upload goes multipart, completes with S3 ETag and fires exactly one event', async () => {
    const body = randomBytes(12 * MiB);
    const key = 'photos/user-a/big.jpg';
    const upload = new Upload({ client: admin, params: { Bucket: 'blobs', Key: key, Body: body, ContentType: 'image/jpeg' }, partSize: 5 * MiB, queueSize: 2 });
    const parts = new Set<number>();
    upload.on('httpUploadProgress', (p) => p.part && parts.add(p.part));
    const done = await upload.done();
    expect(parts.size).toBe(3);
    const expectedEtag = `"${createHash('md5').update(Buffer.concat([md5(body.subarray(0, 5 * MiB)), md5(body.subarray(5 * MiB, 10 * MiB)), md5(body.subarray(10 * MiB))])).digest('hex')}-3"`;
    expect(done.ETag).toBe(expectedEtag);
    expect(done.VersionId).toMatch(/^[A-Za-z0-9._-]{32}$/);
    const head = await admin.send(new HeadObjectCommand({ Bucket: 'blobs', Key: key }));
    expect(head).toMatchObject({ ContentLength: body.length, ContentType: 'image/jpeg', ETag: expectedEtag, VersionId: done.VersionId });
    const got = Buffer.from(await (await admin.send(new GetObjectCommand({ Bucket: 'blobs', Key: key }))).Body!.transformToByteArray());
    expect(got.equals(body)).toBe(true);
    await waitFor(() => (t.s3.pendingEvents() === 0 ? true : undefined), { what: 'the event delivered' });
    const records = eventsFor(key);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ eventName: 'ObjectCreated:CompleteMultipartUpload', s3: { object: { size: body.length, eTag: expectedEtag.replace(/"/g, ''), versionId: done.VersionId } } });
  });

  it('the same port still answers plain HTTP', async () => {
    const plain = new S3Client({ endpoint: t.s3.endpoint, region, credentials: adminKey, forcePathStyle: true });
    await plain.send(new PutObjectCommand({ Bucket: 'blobs', Key: 'plain.txt', Body: 'over http' }));
    expect(await (await admin.send(new GetObjectCommand({ Bucket: 'blobs', Key: 'plain.txt' }))).Body!.transformToString()).toBe('over http');
    plain.destroy();
  });

  it('lists parts, and an abort leaves no object, no parts and no event', async () => {
    const key = 'photos/user-a/aborted.jpg';
    const { uploadId, put } = await startUpload(key);
    const first = await put(1, Buffer.from('part one'));
    await put(2, Buffer.from('part two, uploaded twice'));
    const again = await put(2, Buffer.from('part two'));
    const listed = await admin.send(new ListPartsCommand({ Bucket: 'blobs', Key: key, UploadId: uploadId }));
    expect(listed.Parts?.map((p) => [p.PartNumber, p.ETag, p.Size])).toEqual([
      [1, first.ETag, 8],
      [2, again.ETag, 8],
    ]);
    const page = await admin.send(new ListPartsCommand({ Bucket: 'blobs', Key: key, UploadId: uploadId, MaxParts: 1 }));
    expect(page).toMatchObject({ IsTruncated: true, NextPartNumberMarker: '1', Parts: [{ PartNumber: 1 }] });

    await admin.send(new AbortMultipartUploadCommand({ Bucket: 'blobs', Key: key, UploadId: uploadId }));
    expect(await errorOf(admin.send(new ListPartsCommand({ Bucket: 'blobs', Key: key, UploadId: uploadId })))).toEqual({ name: 'NoSuchUpload', status: 404 });
    expect(await errorOf(put(3, Buffer.from('late')))).toEqual({ name: 'NoSuchUpload', status: 404 });
    expect(await errorOf(admin.send(new CompleteMultipartUploadCommand({ Bucket: 'blobs', Key: key, UploadId: uploadId, MultipartUpload: { Parts: [first] } })))).toEqual({ name: 'NoSuchUpload', status: 404 });
    expect((await admin.send(new ListObjectVersionsCommand({ Bucket: 'blobs', Prefix: key }))).Versions).toBeUndefined();
    expect(eventsFor(key)).toHaveLength(0);
  });

  it("refuses what S3 refuses, with S3's errors", async () => {
    const key = 'photos/user-a/bad.jpg';
    const { uploadId, put } = await startUpload(key);
    const one = await put(1, Buffer.from('small'));
    const two = await put(2, Buffer.from('also small'));
    const complete = (Parts: Array<{ PartNumber: number; ETag: string }>, UploadId = uploadId, Key = key) => errorOf(admin.send(new CompleteMultipartUploadCommand({ Bucket: 'blobs', Key, UploadId, MultipartUpload: { Parts } })));
    expect(await complete([two, one])).toEqual({ name: 'InvalidPartOrder', status: 400 });
    expect(await complete([one, { PartNumber: 2, ETag: one.ETag }])).toEqual({ name: 'InvalidPart', status: 400 });
    expect(await complete([one, { PartNumber: 3, ETag: two.ETag }])).toEqual({ name: 'InvalidPart', status: 400 });
    // Every part but the last must be 5 MiB at least.
    expect(await complete([one, two])).toEqual({ name: 'EntityTooSmall', status: 400 });
    expect(await complete([one], 'not-an-upload-id-of-this-store')).toEqual({ name: 'NoSuchUpload', status: 404 });
    // An upload id is known only with its own key.
    expect(await complete([one], uploadId, 'photos/user-a/other.jpg')).toEqual({ name: 'NoSuchUpload', status: 404 });
    expect(await errorOf(put(10_001, Buffer.from('x')))).toEqual({ name: 'InvalidArgument', status: 400 });
    expect(eventsFor(key)).toHaveLength(0);
    // A single part may be as small as it likes: it is the last.
    const done = await admin.send(new CompleteMultipartUploadCommand({ Bucket: 'blobs', Key: key, UploadId: uploadId, MultipartUpload: { Parts: [one] } }));
    expect(done.ETag).toBe(`"${createHash('md5').update(md5(Buffer.from('small'))).digest('hex')}-1"`);
    expect(await (await admin.send(new GetObjectCommand({ Bucket: 'blobs', Key: key }))).Body!.transformToString()).toBe('small');
    // Completed: the upload is gone.
    expect(await complete([one])).toEqual({ name: 'NoSuchUpload', status: 404 });
  });

  it('authorizes as S3 documents: PutObject covers the upload; Abort and ListParts are actions of their own', async () => {
    const uploader = t.client(uploaderKey);
    const key = 'photos/user-b/mine.jpg';
    const { uploadId, put } = await startUpload(key, uploader);
    const part = await put(1, Buffer.from('bytes'));
    expect(await errorOf(uploader.send(new ListPartsCommand({ Bucket: 'blobs', Key: key, UploadId: uploadId })))).toEqual({ name: 'AccessDenied', status: 403 });
    expect(await errorOf(uploader.send(new AbortMultipartUploadCommand({ Bucket: 'blobs', Key: key, UploadId: uploadId })))).toEqual({ name: 'AccessDenied', status: 403 });
    await uploader.send(new CompleteMultipartUploadCommand({ Bucket: 'blobs', Key: key, UploadId: uploadId, MultipartUpload: { Parts: [part] } }));
    await waitFor(() => (eventsFor(key).length === 1 ? true : undefined), { what: 'the event for the uploader' });
  });

  it('keeps an upload in progress across a restart', async () => {
    const key = 'photos/user-a/resumed.jpg';
    const { uploadId, put } = await startUpload(key);
    const first = await put(1, randomBytes(5 * MiB));
    await t.restart();
    const listed = await admin.send(new ListPartsCommand({ Bucket: 'blobs', Key: key, UploadId: uploadId }));
    expect(listed.Parts?.map((p) => p.ETag)).toEqual([first.ETag]);
    const second = await put(2, Buffer.from('the rest'));
    await admin.send(new CompleteMultipartUploadCommand({ Bucket: 'blobs', Key: key, UploadId: uploadId, MultipartUpload: { Parts: [first, second] } }));
    expect((await admin.send(new HeadObjectCommand({ Bucket: 'blobs', Key: key }))).ContentLength).toBe(5 * MiB + 8);
    await waitFor(() => (eventsFor(key).length === 1 ? true : undefined), { what: 'one event after the restart' });
  });
});

/**
 * The local S3 refuses what S3 refuses about a PUT's size: a body declared over the single-PUT
 * limit (5 GiB, the default), judged on the headers before the body is read, with S3's XML; and,
 * when createBlob's signer signed Content-Length, a body of any other size (403
 * SignatureDoesNotMatch: the header is part of the canonical request).
 */
import { request } from 'node:http';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presignUpload } from '../../functions/lib/upload-signer.js';
import { startPlainS3, type PlainS3 } from './plain-fixture.js';

const credentials = { accessKeyId: 'S3LIMITKEY', secretAccessKey: 's3-limit-secret' };
const FIVE_GIB = 5 * 1024 ** 3;
let fixture: PlainS3;
let s3: PlainS3['s3'];
let client: S3Client;
let events: S3Event[];

beforeAll(async () => {
  fixture = await startPlainS3({ credentials: [credentials], buckets: ['blobs'], versionedBuckets: ['blobs'] });
  ({ s3, client, events } = fixture);
});
afterAll(async () => {
  await fixture?.close();
});

const absent = (key: string) => expect(client.send(new HeadObjectCommand({ Bucket: 'blobs', Key: key }))).rejects.toMatchObject({ name: 'NotFound' });

/** Sends the headers and a first kilobyte of a body that claims `declared` bytes; resolves with S3's answer. */
function putClaiming(url: string, declared: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'PUT', headers: { 'content-type': 'image/jpeg', 'content-length': String(declared) } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body });
        req.destroy();
      });
    });
    // The server may close the connection once it has answered: that is the point.
    req.on('error', (error) => (error as NodeJS.ErrnoException).code === 'ECONNRESET' || (error as NodeJS.ErrnoException).code === 'EPIPE' ? undefined : reject(error));
    req.write(Buffer.alloc(1024, 1));
  });
}

describe('the single-PUT limit', () => {
  it('refuses a PUT declaring more than 5 GiB with 400 EntityTooLarge and S3’s XML, before reading the body; nothing is stored', async () => {
    const url = await presignUpload(client, { bucket: 'blobs', key: 'huge', contentType: 'image/jpeg', expiresInSeconds: 300 });
    const declared = FIVE_GIB + 1;
    const answer = await putClaiming(url, declared);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatch(/<Error><Code>EntityTooLarge<\/Code><Message>Your proposed upload exceeds the maximum allowed size<\/Message>/);
    expect(answer.body).toContain(`<ProposedSize>${declared}</ProposedSize>`);
    expect(answer.body).toContain(`<MaxSizeAllowed>${FIVE_GIB}</MaxSizeAllowed>`);
    await absent('huge');
    expect(events.filter((e) => e.Records[0].s3.object.key === 'huge')).toEqual([]);
  });

  it('is inclusive: with a configured limit, a body of the limit is stored and one byte more refused', async () => {
    const small = await startPlainS3({ credentials: [credentials], buckets: ['blobs'], maxObjectBytes: 5 * 1024 * 1024 });
    const sdk = small.client;
    try {
      const put = async (key: string, size: number) => {
        const url = await presignUpload(sdk, { bucket: 'blobs', key, contentType: 'image/jpeg', expiresInSeconds: 300 });
        const res = await fetch(url, { method: 'PUT', body: new Uint8Array(size), headers: { 'content-type': 'image/jpeg' } });
        return { status: res.status, body: await res.text() };
      };
      expect((await put('at-limit', 5 * 1024 * 1024)).status).toBe(200);
      const over = await put('over-limit', 5 * 1024 * 1024 + 1);
      expect(over.status).toBe(400);
      expect(over.body).toContain('<Code>EntityTooLarge</Code>');
      expect(over.body).toContain(`<MaxSizeAllowed>${5 * 1024 * 1024}</MaxSizeAllowed>`);
    } finally {
      await small.close();
    }
  });
});

describe('a signed Content-Length', () => {
  const body = (size: number) => new Uint8Array(Buffer.alloc(size, 7));

  it('accepts a body of exactly the signed size', async () => {
    const url = await presignUpload(client, { bucket: 'blobs', key: 'sized', contentType: 'image/jpeg', expiresInSeconds: 300, contentLength: 2048 });
    expect(new URL(url).searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    const res = await fetch(url, { method: 'PUT', body: body(2048), headers: { 'content-type': 'image/jpeg' } });
    expect(res.status).toBe(200);
    expect((await client.send(new HeadObjectCommand({ Bucket: 'blobs', Key: 'sized' }))).ContentLength).toBe(2048);
  });

  it.each([2047, 2049, 100_000])('refuses a body of %i bytes with 403 SignatureDoesNotMatch; nothing is stored', async (size) => {
    const key = `sized-${size}`;
    const url = await presignUpload(client, { bucket: 'blobs', key, contentType: 'image/jpeg', expiresInSeconds: 300, contentLength: 2048 });
    const res = await fetch(url, { method: 'PUT', body: body(size), headers: { 'content-type': 'image/jpeg' } });
    expect(res.status).toBe(403);
    expect(/<Code>([^<]+)<\/Code>/.exec(await res.text())?.[1]).toBe('SignatureDoesNotMatch');
    await absent(key);
  });

  it('leaves the size free when none was signed (the seed’s flow)', async () => {
    const url = await presignUpload(client, { bucket: 'blobs', key: 'free', contentType: 'image/jpeg', expiresInSeconds: 300 });
    expect(new URL(url).searchParams.get('X-Amz-SignedHeaders')).toBe('content-type;host');
    expect((await fetch(url, { method: 'PUT', body: body(3000), headers: { 'content-type': 'image/jpeg' } })).status).toBe(200);
  });
});

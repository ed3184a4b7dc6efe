/**
 * The shared client's typed errors, each caused for real against the local stack: an expired
 * or mis-typed upload URL answered by the local S3, an API that has gone away, the stack going
 * down mid-flight, and a caller cancelling.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadWithNodeHttp } from '../../cli/upload-node.js';
import { installWebSocket } from '../../cli/websocket.js';
import { AbortedError, ConnectionLostError, createBlobsClient, NotAnImageError, uploadWithFetch, UploadRejectedError, UploadUrlExpiredError, type LabelImageStatus, type Uploader } from '../../client/index.js';
import { startTestStack } from '../support/local-stack.js';
import { image } from '../support/paths.js';

type Stack = Awaited<ReturnType<typeof startTestStack>>;
let stack: Stack;
let photo: Buffer;

beforeAll(async () => {
  stack = await startTestStack();
  photo = await readFile(image('horse.png'));
});
afterAll(async () => {
  await stack?.close();
});

/** A presigned PUT as createBlob makes one (functions/lib/upload-signer.ts), but signed at a chosen moment. */
async function presign(o: { signedAt: Date; contentType: string }) {
  const s3 = new S3Client({ endpoint: stack.s3Endpoint, region: stack.region, credentials: stack.credentials, forcePathStyle: true });
  const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket: stack.bucketName, Key: `uploads/client-errors-${Date.now()}`, ContentType: o.contentType }), {
    expiresIn: 300,
    signingDate: o.signedAt,
    signableHeaders: new Set(['content-type']), // as createBlob signs it
  });
  s3.destroy();
  return { url, expiresAt: new Date(o.signedAt.getTime() + 300_000).toISOString() };
}

describe.each([
  ['node:http', uploadWithNodeHttp],
  ['fetch', uploadWithFetch],
] as Array<[string, Uploader]>)('uploading with %s', (_name, upload) => {
  it('reports an expired upload URL as UploadUrlExpiredError', async () => {
    const { url, expiresAt } = await presign({ signedAt: new Date(Date.now() - 10 * 60_000), contentType: 'image/png' });
    const failure = await upload({ url, bytes: photo, contentType: 'image/png', expiresAt, onProgress: () => {} }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UploadUrlExpiredError);
    expect((failure as Error).message).toBe(`The upload URL expired at ${expiresAt}; create a new blob and upload again`);
  });

  it('reports any other refusal with S3’s code (a content type other than the signed one)', async () => {
    const { url, expiresAt } = await presign({ signedAt: new Date(), contentType: 'image/png' });
    const failure = await upload({ url, bytes: photo, contentType: 'image/jpeg', expiresAt, onProgress: () => {} }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UploadRejectedError);
    expect(failure).toMatchObject({ status: 403, s3Code: 'SignatureDoesNotMatch' });
  });

  it('reports progress up to every byte on success', async () => {
    const { url, expiresAt } = await presign({ signedAt: new Date(), contentType: 'image/png' });
    const seen: number[] = [];
    await upload({ url, bytes: photo, contentType: 'image/png', expiresAt, onProgress: (sent) => seen.push(sent) });
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(photo.length);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });
});

describe('labelImage', () => {
  it('refuses bytes that are not a JPEG or PNG before creating a blob', async () => {
    installWebSocket(stack.certPath);
    const client = createBlobsClient(stack.outputs, uploadWithNodeHttp);
    const stages: string[] = [];
    const failure = await client.labelImage({ bytes: await readFile(image('not-an-image.jpg')), onStatus: (s) => stages.push(s.stage) }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(NotAnImageError);
    expect(stages).toEqual([]);
  });

  it('goes through every stage in order and resolves with the LABELLED blob', async () => {
    const client = createBlobsClient(stack.outputs, uploadWithNodeHttp);
    const statuses: LabelImageStatus[] = [];
    const blob = await client.labelImage({ bytes: photo, onStatus: (s) => statuses.push(s) });
    expect(blob.status).toBe('LABELLED');
    expect(statuses.map((s) => s.stage)).toEqual(['creating', 'subscribing', 'uploading', 'processing', 'done']);
    expect(statuses.at(-1)).toEqual({ stage: 'done', blobId: blob.id, blob });
  });

  it('stops with AbortedError when the caller cancels', async () => {
    const client = createBlobsClient(stack.outputs, uploadWithNodeHttp);
    const controller = new AbortController();
    const failure = await client
      .labelImage({ bytes: photo, signal: controller.signal, onStatus: (s) => s.stage === 'subscribing' && controller.abort() })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AbortedError);
  });

  it('reports ConnectionLostError when the API is gone, and when it goes down mid-flight', async () => {
    const doomed = await startTestStack();
    const client = createBlobsClient(doomed.outputs, uploadWithNodeHttp);
    installWebSocket(doomed.certPath);

    // Down after the subscription is acknowledged, before the upload starts.
    const stages: string[] = [];
    const lost = await createBlobsClient(doomed.outputs, async (request) => {
      await doomed.close();
      return uploadWithNodeHttp(request);
    })
      .labelImage({ bytes: photo, onStatus: (s) => stages.push(s.stage) })
      .catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(ConnectionLostError);
    expect((lost as Error).message).toMatch(/^Connection lost: could not upload to 127\.0\.0\.1:\d+ \(.*ECONNREFUSED.*\)$/);
    expect(stages.slice(0, 3)).toEqual(['creating', 'subscribing', 'uploading']);

    const gone = await client.labelImage({ bytes: photo }).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(ConnectionLostError);
    expect((gone as Error).message).toMatch(/^Connection lost: createBlob could not reach the API/);
  });
});

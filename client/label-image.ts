/**
 * One image, start to finish: createBlob → subscribe to onBlobLabelled(id) and wait for the
 * acknowledgement → PUT the bytes to the presigned URL → look the blob up once. The result comes
 * from whichever of the pushed event and the lookup first shows a finished blob; the lookup
 * covers a result that was published before the subscription could see it, and is repeated
 * whenever the realtime socket comes back after dropping.
 */
import type { GraphQLResult } from 'aws-amplify/api';
import type { Blob, BlobFeature } from '../api/generated/graphql.js';
import type { BlobsGraphqlClient } from './config.js';
import { BLOB, CREATE_BLOB, type BlobResult, type BlobVariables, type CreateBlobResult, type CreateBlobVariables } from './documents.js';
import { AbortedError, ConnectionLostError, NotAnImageError, TimedOutError } from './errors.js';
import { toClientError } from './graphql-errors.js';
import { detectImageType } from './image-type.js';
import { subscribeToBlob, type BlobSubscription } from './realtime.js';
import { uploadWithFetch, type Uploader } from './upload.js';

export type LabelImageStatus =
  | { stage: 'creating' }
  | { stage: 'subscribing'; blobId: string }
  | { stage: 'uploading'; blobId: string }
  | { stage: 'processing'; blobId: string }
  | { stage: 'reconnecting'; blobId: string }
  | { stage: 'done'; blobId: string; blob: Blob };

export interface LabelImageOptions {
  client: BlobsGraphqlClient;
  bytes: Uint8Array;
  /** Defaults to the type the bytes show (image/jpeg or image/png). */
  contentType?: string;
  callbackUrl?: string;
  /** What Rekognition is asked; the service's default is [LABELS]. */
  features?: BlobFeature[];
  /** 0-100, for LABELS and MODERATION. */
  minConfidence?: number;
  /** 1-1000, for LABELS. */
  maxLabels?: number;
  onProgress?: (sentBytes: number, totalBytes: number) => void;
  onStatus?: (status: LabelImageStatus) => void;
  /** How the bytes are PUT; uploadWithXhr in a browser, uploadWithNodeHttp in the CLI. */
  upload?: Uploader;
  signal?: AbortSignal;
  ackTimeoutMs?: number;
  /** How long the realtime socket may stay down before giving up. */
  reconnectGraceMs?: number;
  /** How long to wait for a result once the upload is done. */
  resultTimeoutMs?: number;
}

const isFinished = (blob: Blob | null | undefined): blob is Blob => blob?.status === 'LABELLED' || blob?.status === 'FAILED';

/** Resolves with the finished blob, LABELLED or FAILED; rejects with a BlobsClientError. */
export async function labelImage(o: LabelImageOptions): Promise<Blob> {
  const status = o.onStatus ?? (() => {});
  if (o.signal?.aborted) throw new AbortedError();
  const detected = detectImageType(o.bytes);
  if (!detected) throw new NotAnImageError(o.bytes.length === 0 ? 'the file is empty' : 'the bytes are neither JPEG nor PNG');

  status({ stage: 'creating' });
  // The size is known before asking for a URL: signed into it, S3 refuses any other body (docs/uploads.md).
  const created = await graphql<CreateBlobResult, CreateBlobVariables>(o.client, CREATE_BLOB, { input: { contentType: o.contentType ?? detected, callbackUrl: o.callbackUrl, features: o.features, minConfidence: o.minConfidence, maxLabels: o.maxLabels, contentLength: o.bytes.length } }, 'createBlob');
  const { id, uploadUrl, expiresAt } = created.createBlob;
  if (o.signal?.aborted) throw new AbortedError();

  return new Promise<Blob>((resolve, reject) => {
    const timers = new Set<ReturnType<typeof setTimeout>>();
    let settled = false;
    // Assigned below; a callback (an abort from onStatus) may finish before it exists.
    let subscription: BlobSubscription | undefined;
    const finish = (outcome: Blob | Error) => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      subscription?.stop();
      o.signal?.removeEventListener('abort', onAbort);
      if (outcome instanceof Error) return reject(outcome);
      status({ stage: 'done', blobId: id, blob: outcome });
      resolve(outcome);
    };
    const after = (ms: number, action: () => void) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        action();
      }, ms);
      timers.add(timer);
      return timer;
    };
    const lookUp = () =>
      graphql<BlobResult, BlobVariables>(o.client, BLOB, { id }, 'The blob lookup').then(
        (result) => isFinished(result.blob) && finish(result.blob),
        (error: Error) => finish(error),
      );
    const onAbort = () => finish(new AbortedError());
    o.signal?.addEventListener('abort', onAbort, { once: true });

    let uploaded = false;
    let graceTimer: ReturnType<typeof setTimeout> | undefined;
    status({ stage: 'subscribing', blobId: id });
    subscription = subscribeToBlob(
      o.client,
      id,
      {
        onBlob: (blob) => isFinished(blob) && finish(blob),
        onError: finish,
        onDisrupted: () => {
          status({ stage: 'reconnecting', blobId: id });
          const graceMs = o.reconnectGraceMs ?? 30_000;
          graceTimer = after(graceMs, () => finish(new ConnectionLostError(`the realtime socket stayed down for ${graceMs / 1000} s`)));
        },
        onReconnected: () => {
          if (graceTimer) clearTimeout(graceTimer);
          if (uploaded) {
            status({ stage: 'processing', blobId: id });
            void lookUp();
          }
        },
      },
      o.ackTimeoutMs ?? 15_000,
    );
    if (settled) return subscription.stop();
    const { acknowledged } = subscription;

    (async () => {
      await acknowledged;
      if (settled) return;
      status({ stage: 'uploading', blobId: id });
      const upload = o.upload ?? uploadWithFetch;
      await upload({ url: uploadUrl, bytes: o.bytes, contentType: o.contentType ?? detected, expiresAt, onProgress: o.onProgress ?? (() => {}), signal: o.signal });
      uploaded = true;
      if (settled) return;
      status({ stage: 'processing', blobId: id });
      const resultMs = o.resultTimeoutMs ?? 120_000;
      after(resultMs, () => finish(new TimedOutError(id, resultMs / 1000)));
      await lookUp();
    })().catch(finish);
  });
}

async function graphql<Result, Variables extends object>(client: BlobsGraphqlClient, query: string, variables: Variables, what: string): Promise<Result> {
  try {
    // Documents are strings, so Amplify cannot infer their types; they are the generated ones.
    const response = (await client.graphql({ query, variables: variables as never })) as GraphQLResult<Result>;
    return response.data;
  } catch (failure) {
    throw toClientError(failure, what);
  }
}

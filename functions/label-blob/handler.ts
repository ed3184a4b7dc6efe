/**
 * The labelling function: S3 ObjectCreated (uploads/, and Amplify Storage's photos/: see
 * storage-uploads.ts, which also handles their ObjectRemoved) → inspect → the asked-for Rekognition calls, beside
 * them the thumbnail and photo details → DynamoDB (the source of
 * truth, written first) → publishBlobLabelled (subscribers) → webhook. S3 events arrive at
 * least once, possibly twice, late or after a crash; the blob repository's conditional writes
 * make each blob finish once and be announced once.
 */
import type { S3Event, S3EventRecord } from 'aws-lambda';
import pRetry from 'p-retry';
import { parseStorageKey, parseUploadKey } from '../../api/object-keys.js';
import type { BlobRecord, BlobOutcome } from '../lib/blob-record.js';
import { featuresOf, publicBlob } from '../lib/blob-record.js';
import { createBlobRepository } from '../lib/blob-repository.js';
import { createClients } from '../lib/clients.js';
import { configFromEnv, type FunctionConfig } from '../lib/config.js';
import { inspectUploadedImage, type Inspection } from '../lib/image-inspection.js';
import { deriveImages, type DerivedImages } from '../lib/derived-images.js';
import { deleteVersion } from '../lib/image-store.js';
import { discardRejectedUpload, isImageRejection } from '../lib/rejected-upload.js';
import { analyse } from '../lib/detectors/analyse.js';
import { createLogger } from '../lib/logger.js';
import { createLabelIndexWriter } from '../lib/label-index/writer.js';
import { createPublisher } from '../lib/appsync-publisher.js';
import { deliverWebhook } from '../lib/webhook/deliver.js';
import { webhookBody, webhookId } from '../lib/webhook/payload.js';
import { webhookSecretSource } from '../lib/webhook/secret.js';
import { OPTIONS_ERROR_CODE } from '../lib/metadata-options.js';
import { createStorageLinks } from '../lib/storage-links.js';
import { storageUploads } from './storage-uploads.js';

/** Thrown so the event is redelivered later: another notifier holds a live lease. */
export class NotificationInProgress extends Error {}

const objectKey = (record: S3EventRecord) => decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));

export function createLabelBlobHandler(config: FunctionConfig) {
  const clients = createClients(config);
  const blobs = createBlobRepository(clients.dynamodb, config.tableName);
  const labelIndex = createLabelIndexWriter(clients.dynamodb, config.tableName);
  const publish = createPublisher({ graphqlUrl: config.graphqlUrl, region: config.region, credentials: config.credentials });
  const webhookSecret = webhookSecretSource({ secret: config.webhookSecret, secretArn: config.webhookSecretArn, client: clients.secretsManager });
  const logger = createLogger('labelBlob');
  const leaseMs = (config.notifyLeaseSeconds ?? 120) * 1000;
  const policy = { allowLoopback: config.allowLoopbackCallbacks };
  const storage = storageUploads({ s3: clients.s3, config, blobs, labelIndex, links: createStorageLinks(clients.dynamodb, config.tableName), logger });

  async function label(blob: BlobRecord, key: string, versionId: string | undefined, inspecting: Promise<Inspection | 'missing'>, optionsProblem?: string): Promise<{ outcome: BlobOutcome; derived?: DerivedImages }> {
    // A storage upload's metadata asked for what createBlob would have refused: refused alike.
    if (optionsProblem) return { outcome: { status: 'FAILED', error: { code: OPTIONS_ERROR_CODE, message: optionsProblem } } };
    const inspection = await inspecting;
    if (inspection === 'missing') return { outcome: { status: 'FAILED', error: { code: 'UPLOAD_MISSING', message: 'The uploaded object is no longer in storage.' } } };
    if (!inspection.ok) return { outcome: { status: 'FAILED', error: inspection.error } };
    // The thumbnail and details are made beside Rekognition's calls, not after them. Losing
    // them costs the gallery a small picture, never the labels.
    const deriving = deriveImages(clients.s3, { bucket: config.bucketName, key, versionId }).catch((error: Error) => {
      logger.warn('thumbnail and photo details not made', { blobId: blob.id, error: error.message });
      return undefined;
    });
    const analysing = analyse(clients.rekognition, { bucket: config.bucketName, key, version: versionId }, featuresOf(blob), blob);
    analysing.catch(() => undefined);
    const derived = await deriving;
    try {
      return { outcome: await analysing, derived };
    } catch (error) {
      // Retried later (a transient failure of every feature): that attempt makes its own thumbnail.
      await dropThumbnail(derived);
      throw error;
    }
  }

  /** A thumbnail this invocation wrote for an outcome that is not recorded (lost race, deleted blob, FAILED): removed again. */
  async function dropThumbnail(derived: DerivedImages | undefined): Promise<void> {
    if (derived?.thumbnailVersionId) await deleteVersion(clients.s3, config.bucketName, derived.thumbnailKey, derived.thumbnailVersionId);
  }

  /** A FAILED-by-its-image upload leaves storage; also on a redelivered event, in case a crash came between. */
  async function discardIfRejected(record: BlobRecord, key: string, versionId: string | undefined): Promise<void> {
    // A storage upload stays: it is the user's file in their own prefix, for them to remove.
    if (parseStorageKey(key)) return;
    if (record.status !== 'FAILED' || !isImageRejection(record.error) || record.imageVersionId !== (versionId ?? 'null')) return;
    const removed = await discardRejectedUpload(clients.s3, { bucket: config.bucketName, key, versionId });
    logger.info(removed ? 'rejected upload removed' : 'rejected upload left to expire (the event names no version)', { blobId: record.id, versionId, error: record.error?.code });
  }

  async function notify(record: BlobRecord): Promise<void> {
    // Searchable before anyone is told; done again by whoever takes an unfinished notification over.
    await labelIndex.write(record);
    await pRetry(() => publish(publicBlob(record)), { retries: 3, minTimeout: 200, randomize: true });
    let delivery = null;
    if (record.callbackUrl) {
      delivery = await deliverWebhook({
        url: record.callbackUrl,
        id: webhookId(record),
        body: webhookBody(record),
        secret: await webhookSecret(),
        policy,
        timeoutMs: config.webhook?.timeoutMs,
        attempts: config.webhook?.attempts,
        minDelayMs: config.webhook?.minDelayMs,
      });
      logger.info('webhook', { blobId: record.id, ...delivery });
    }
    await blobs.completeNotification(record.id, delivery, new Date());
  }

  async function processRecord(record: S3EventRecord): Promise<void> {
    const key = objectKey(record);
    if (record.s3.bucket.name !== config.bucketName) {
      logger.warn('event for another bucket ignored', { bucket: record.s3.bucket.name });
      return;
    }
    if (record.eventName?.startsWith('ObjectRemoved')) return storage.removed(key);
    // Only uploads are labelled (the trigger filters by prefix; this guards a wider one). A
    // storage upload's blob is made here, or there is nothing to label (storage-uploads.ts).
    const isStorageUpload = parseStorageKey(key) !== undefined;
    const stored = isStorageUpload ? await storage.blobFor(key, record.s3.object.versionId) : undefined;
    if (isStorageUpload && !stored) return;
    const id = stored?.id ?? parseUploadKey(key)?.id;
    if (!id) {
      logger.warn('event for an object that is not an upload ignored', { key });
      return;
    }
    // Inspecting is a read: start it with the claim rather than after it (one round trip less
    // on every upload); its result is simply dropped when the claim fails.
    // The version this event announced (a versioned bucket) is analysed and recorded with the
    // results, even if another PUT has replaced the current version since.
    const versionId = record.s3.object.versionId;
    const inspecting = inspectUploadedImage(clients.s3, config.bucketName, key, versionId);
    inspecting.catch(() => undefined);
    const claimed = await blobs.claimForLabelling(id, new Date());
    if (!claimed) {
      const current = await blobs.get(id);
      if (!current) {
        if (stored) return logger.info('storage upload\'s blob removed meanwhile; nothing to label', { blobId: id });
        // Deleted (or expired) while its upload URL was still valid: the image goes too, that
        // version only (the role may delete versions, not place delete markers). The bucket is
        // versioned, so S3's events name one; an event without one leaves the object to the
        // bucket's lifecycle rule.
        if (versionId) await deleteVersion(clients.s3, config.bucketName, key, versionId);
        logger.warn(versionId ? 'upload for an unknown blob removed' : 'upload for an unknown blob left to expire (the event names no version)', { blobId: id, versionId });
        return;
      }
      await discardIfRejected(current, key, versionId);
      if (!current.notifyPending) {
        logger.info('blob already finished; duplicate or late event ignored', { blobId: id, status: current.status });
        return;
      }
      // Finished, but its notification never completed (a crash, or a notifier still at work).
      const taken = await blobs.takeOverNotification(id, new Date(), leaseMs);
      if (!taken) throw new NotificationInProgress(`Blob ${id} is being announced by another invocation; retry later`);
      logger.info('resuming an unfinished notification', { blobId: id });
      return notify(taken);
    }
    logger.info('labelling', { blobId: id, size: record.s3.object.size, features: featuresOf(claimed) });
    const { outcome, derived } = await label(claimed, key, versionId, inspecting, stored?.optionsProblem);
    const kept = outcome.status === 'LABELLED' ? derived : undefined;
    if (derived && !kept) await dropThumbnail(derived);
    const finished = await blobs.finish(id, outcome, new Date(), leaseMs, versionId, kept ? { image: kept.image, thumbnailKey: kept.thumbnailKey, ...(kept.thumbnailVersionId && { thumbnailVersionId: kept.thumbnailVersionId }) } : {});
    if (!finished) {
      await dropThumbnail(kept);
      logger.info('another invocation finished this blob first, or it was deleted', { blobId: id });
      return;
    }
    logger.info('blob finished', { blobId: id, status: finished.status, labels: finished.labels?.length ?? 0, error: finished.error?.code, featureErrors: finished.featureErrors?.map((e) => e.feature) });
    await discardIfRejected(finished, key, versionId);
    await notify(finished);
  }

  return async function handler(event: S3Event): Promise<void> {
    const results = await Promise.allSettled((event.Records ?? []).map(processRecord));
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    for (const f of failures) logger.error('record failed; the event will be retried', { error: (f.reason as Error).message });
    // Retrying the whole event is safe: every step above is idempotent.
    if (failures.length) throw failures[0].reason;
  };
}

let fromEnv: ReturnType<typeof createLabelBlobHandler> | undefined;
/** The Lambda entry point: configured from the environment on first use. */
export const handler = (event: S3Event) => (fromEnv ??= createLabelBlobHandler(configFromEnv()))(event);

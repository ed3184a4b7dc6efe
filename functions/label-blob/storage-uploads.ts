/**
 * Amplify Storage uploads (photos/<identity id>/<path>) as blobs. No createBlob came first, so
 * the labeller makes the record on the object's first ObjectCreated event: its id is derived from
 * the key (api/storage-blob-id.ts, the same on every redelivery), its owner is the user the
 * identity was linked to (linkStorageIdentity; never anything the object says), its features and
 * options come from the object's metadata, checked as createBlob checks them. An identity with no
 * link makes no blob: the upload is logged and left alone (it is still the user's file).
 *
 * Each event is judged against the key's current version, so a late or redelivered event of a
 * replaced or removed version changes nothing; a new version replaces the blob (labelled again,
 * same id); Amplify's `remove` (ObjectRemoved) takes the blob with it.
 */
import { HeadObjectCommand, NotFound, type HeadObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import type { Logger } from '@aws-lambda-powertools/logger';
import { parseStorageKey } from '../../api/object-keys.js';
import { storageBlobId } from '../../api/storage-blob-id.js';
import type { BlobRecord } from '../lib/blob-record.js';
import type { BlobRepository } from '../lib/blob-repository.js';
import type { FunctionConfig } from '../lib/config.js';
import { deleteVersion } from '../lib/image-store.js';
import { metadataOptions } from '../lib/metadata-options.js';
import type { createLabelIndexWriter } from '../lib/label-index/writer.js';
import type { createStorageLinks } from '../lib/storage-links.js';
import { recordExpiry } from '../lib/retention.js';

export interface StorageUploadsDeps {
  s3: S3Client;
  config: Pick<FunctionConfig, 'bucketName' | 'blobTtlDays' | 'userBlobTtlDays'>;
  blobs: BlobRepository;
  labelIndex: ReturnType<typeof createLabelIndexWriter>;
  links: ReturnType<typeof createStorageLinks>;
  logger: Pick<Logger, 'info' | 'warn'>;
}

/** What the labeller labels for a storage upload's event: the blob's id, and why its options are refused (if they are). */
export type StorageBlob = { id: string; optionsProblem?: string };

const isRecordLost = (error: unknown) => (error as { name?: string }).name === 'ConditionalCheckFailedException';

export function storageUploads(d: StorageUploadsDeps) {
  const bucket = d.config.bucketName;

  /** The key's current version (undefined: none, the key was removed). */
  async function current(key: string): Promise<HeadObjectCommandOutput | undefined> {
    try {
      return await d.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    } catch (error) {
      if (error instanceof NotFound || (error as { name?: string }).name === 'NotFound') return undefined;
      throw error;
    }
  }

  /** The blob's record, search index items and thumbnail go; the object itself is the user's. */
  async function dropBlob(record: BlobRecord, why: string): Promise<void> {
    await d.labelIndex.remove(record);
    if (record.thumbnailKey && record.thumbnailVersionId) await deleteVersion(d.s3, bucket, record.thumbnailKey, record.thumbnailVersionId);
    await d.blobs.remove(record.id, null);
    d.logger.info(why, { blobId: record.id, key: record.imageKey });
  }

  return {
    /**
     * The blob an ObjectCreated event of `key` labels, made on its first delivery; undefined when
     * there is nothing to label (not the current version, or an identity with no linked user).
     */
    async blobFor(key: string, versionId: string | undefined): Promise<StorageBlob | undefined> {
      const parsed = parseStorageKey(key);
      if (!parsed) return undefined;
      const id = await storageBlobId(key);
      const head = await current(key);
      if (!head || (versionId !== undefined && head.VersionId !== versionId)) {
        d.logger.info('storage upload event for a version that is no longer current ignored', { blobId: id, key, versionId });
        return undefined;
      }
      const options = metadataOptions(head.Metadata ?? {});
      const optionsProblem = options.ok ? undefined : options.message;
      const existing = await d.blobs.get(id);
      if (existing) {
        const finished = existing.status === 'LABELLED' || existing.status === 'FAILED';
        // The same version again (a redelivery) goes on as any blob's event does; a new one replaces the blob.
        if (!finished || existing.imageVersionId === (versionId ?? 'null')) return { id, optionsProblem };
        await dropBlob(existing, 'storage upload replaced by a new version; labelled again');
      }
      const owner = await d.links.ownerOf(parsed.identityId);
      if (!owner) {
        d.logger.warn('storage upload not labelled: its identity is linked to no user (call linkStorageIdentity with its credentials, then upload again)', { key, identityId: parsed.identityId });
        return undefined;
      }
      const now = new Date();
      try {
        await d.blobs.create({
          id,
          status: 'PENDING_UPLOAD',
          contentType: head.ContentType ?? null,
          imageKey: key,
          callbackUrl: null,
          ...(options.ok ? options.options : {}),
          owner,
          createdAt: now.toISOString(),
          updatedAt: now.toISOString(),
          ...recordExpiry(d.config, owner, now),
        });
        d.logger.info('blob created for a storage upload', { blobId: id, key, features: options.ok ? options.options.features : undefined, optionsRefused: !options.ok });
      } catch (error) {
        if (!isRecordLost(error)) throw error;
        // Made by another delivery of the same event meanwhile: labelled as any blob is.
      }
      return { id, optionsProblem };
    },

    /** ObjectRemoved (Amplify's remove): the blob goes too, unless a newer upload is there now. */
    async removed(key: string): Promise<void> {
      if (!parseStorageKey(key)) return;
      const id = await storageBlobId(key);
      if (await current(key)) {
        d.logger.info('storage object removed and uploaded again; the blob stays with the new upload', { blobId: id, key });
        return;
      }
      const record = await d.blobs.get(id);
      if (record) await dropBlob(record, 'storage object removed; its blob too');
    },
  };
}

export type StorageUploads = ReturnType<typeof storageUploads>;

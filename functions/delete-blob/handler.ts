/**
 * deleteBlob: removes every stored version of the image and of its thumbnail, then the record. The owner may delete
 * its blob, IAM any blob; anyone else learns nothing (null, as for an unknown id). A second call
 * finds nothing and answers null. A labelling still in flight cannot bring the record back: its
 * writes are conditional on the record existing (functions/lib/blob-repository.ts).
 */
import { imageKeyOf, thumbnailKey } from '../../api/object-keys.js';
import { publicBlob, type PublicBlob } from '../lib/blob-record.js';
import { createBlobRepository } from '../lib/blob-repository.js';
import { createClients } from '../lib/clients.js';
import { traced } from '../lib/tracing.js';
import { configFromEnv, type FunctionConfig } from '../lib/config.js';
import { deleteAllVersions } from '../lib/image-store.js';
import { createLogger } from '../lib/logger.js';
import { createLabelIndexWriter } from '../lib/label-index/writer.js';

export interface DeleteBlobEvent {
  id: string;
  /** The caller's user-pool sub; null for IAM, which may delete any blob. */
  owner: string | null;
}

export function createDeleteBlobHandler(config: FunctionConfig) {
  const clients = createClients(config);
  const blobs = createBlobRepository(clients.dynamodb, config.tableName);
  const labelIndex = createLabelIndexWriter(clients.dynamodb, config.tableName);
  const logger = createLogger('deleteBlob');

  return async function handler(event: DeleteBlobEvent): Promise<PublicBlob | null> {
    const id = event?.id;
    if (typeof id !== 'string' || id.length === 0) return null;
    const owner = event.owner ?? null;
    const record = await blobs.get(id);
    if (!record || (owner !== null && record.owner !== owner)) return null;
    // The search index first: no index item outlives its record, and a failure leaves the record to delete again.
    await labelIndex.remove(record);
    // The image and its thumbnail next: a failure here leaves the record, so the call can
    // simply be repeated. The thumbnail's key is derived, not read, so one written by a
    // labelling still in flight is found too.
    const imageKey = imageKeyOf(record);
    const versions = (await deleteAllVersions(clients.s3, config.bucketName, imageKey)) + (await deleteAllVersions(clients.s3, config.bucketName, thumbnailKey(imageKey)));
    const removed = await blobs.remove(id, owner);
    logger.info('blob deleted', { blobId: id, imageVersions: versions, byOwner: owner !== null, found: Boolean(removed) });
    // Not found by the delete: removed meanwhile by another delete, or, for a storage upload, by
    // the labeller hearing of the versions removed above (ObjectRemoved). Deleted either way.
    return publicBlob(removed ?? record);
  };
}

let fromEnv: ReturnType<typeof createDeleteBlobHandler> | undefined;
/** The Lambda entry point: configured from the environment on first use. */
export const handler = traced((event: DeleteBlobEvent) => (fromEnv ??= createDeleteBlobHandler(configFromEnv()))(event));

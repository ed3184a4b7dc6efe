/**
 * Blob.imageUrl and Blob.thumbnailUrl: a short-lived presigned GET of the image version that was
 * labelled, or of the thumbnail. The resolvers call this only for the blob's owner; presigning
 * needs credentials, hence a function.
 */
import { createClients } from '../lib/clients.js';
import { traced } from '../lib/tracing.js';
import { configFromEnv, type FunctionConfig } from '../lib/config.js';
import { presignImage } from '../lib/image-store.js';

export interface BlobImageUrlEvent {
  id: string;
  /** The object's key; absent: the blob id (records from before api/object-keys.ts). */
  key?: string;
  /** The object version that was labelled ("null" for an unversioned bucket); absent for a thumbnail (its current version). */
  versionId?: string;
}

export function createBlobImageUrlHandler(config: FunctionConfig) {
  const { s3 } = createClients(config);
  return async function handler(event: BlobImageUrlEvent): Promise<string | null> {
    if (!event?.id) return null;
    return presignImage(s3, { bucket: config.bucketName, key: event.key ?? event.id, versionId: event.versionId });
  };
}

let fromEnv: ReturnType<typeof createBlobImageUrlHandler> | undefined;
/** The Lambda entry point: configured from the environment on first use. */
export const handler = traced((event: BlobImageUrlEvent) => (fromEnv ??= createBlobImageUrlHandler(configFromEnv()))(event));

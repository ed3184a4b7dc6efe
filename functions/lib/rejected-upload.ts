/**
 * An upload that ends FAILED because of the image itself (not an image, too large, an
 * unsupported type, sides out of range) is removed from storage at once: keeping it would let
 * anyone with an upload URL fill the bucket with bytes nobody can use. The record keeps its
 * error. Only the version the S3 event names is deleted (the labelling role may delete versions,
 * not place delete markers); deleting a version already gone succeeds, so a redelivered event
 * simply does it again.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { BlobError } from '../../api/generated/graphql.js';
import { deleteVersion } from './image-store.js';

/** The error codes that judge the image, not the service: what image-inspection and Rekognition's image refusals give. */
export const IMAGE_REJECTION_CODES = ['INVALID_IMAGE', 'UNSUPPORTED_IMAGE_TYPE', 'IMAGE_TOO_LARGE', 'IMAGE_TOO_SMALL', 'IMAGE_DIMENSIONS_TOO_LARGE'] as const;

export const isImageRejection = (error: Pick<BlobError, 'code'> | null | undefined): boolean => (IMAGE_REJECTION_CODES as readonly string[]).includes(error?.code ?? '');

/** Removes the rejected version; false when the event named no version (an unversioned bucket: left to the lifecycle rule). */
export async function discardRejectedUpload(s3: S3Client, o: { bucket: string; key: string; versionId: string | undefined }): Promise<boolean> {
  if (!o.versionId) return false;
  await deleteVersion(s3, o.bucket, o.key, o.versionId);
  return true;
}

/**
 * What the labelling function derives from the stored image besides Rekognition's answers: the
 * thumbnail (written under its own key, beside the upload's storage class, so it shares the
 * blob's retention) and the photo details. Read from the version the S3 event named.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { THUMBNAIL_CONTENT_TYPE, thumbnailKey } from '../../api/object-keys.js';
import type { ImageDetails } from '../../api/generated/graphql.js';
import { imageDetails } from './image-details.js';
import { makeThumbnail } from './thumbnail.js';

export interface DerivedImages {
  image: ImageDetails;
  thumbnailKey: string;
  /** The thumbnail version written: removed again if the blob turns out to be deleted meanwhile. */
  thumbnailVersionId: string | undefined;
}

export async function deriveImages(s3: S3Client, o: { bucket: string; key: string; versionId: string | undefined }): Promise<DerivedImages> {
  const object = await s3.send(new GetObjectCommand({ Bucket: o.bucket, Key: o.key, VersionId: o.versionId }));
  const bytes = await object.Body!.transformToByteArray();
  const [image, thumbnail] = await Promise.all([imageDetails(bytes, bytes.length), makeThumbnail(bytes)]);
  const key = thumbnailKey(o.key);
  const put = await s3.send(new PutObjectCommand({ Bucket: o.bucket, Key: key, Body: thumbnail, ContentType: THUMBNAIL_CONTENT_TYPE, CacheControl: 'private, max-age=900' }));
  return { image, thumbnailKey: key, thumbnailVersionId: put.VersionId };
}

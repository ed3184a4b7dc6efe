/**
 * The stored images (object key = blob id) beyond uploading: a presigned GET of the version that
 * was labelled, and removal of every version of an image.
 */
import { DeleteObjectCommand, GetObjectCommand, ListObjectVersionsCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

/** How long an imageUrl stays valid. */
export const IMAGE_URL_TTL_SECONDS = 15 * 60;

/** A presigned GET of one version; S3 answers it with that version's bytes, or 404 once it is deleted. */
export function presignImage(s3: S3Client, o: { bucket: string; key: string; versionId?: string; expiresInSeconds?: number }): Promise<string> {
  return getSignedUrl(s3, new GetObjectCommand({ Bucket: o.bucket, Key: o.key, VersionId: o.versionId }), { expiresIn: o.expiresInSeconds ?? IMAGE_URL_TTL_SECONDS });
}

/** Deletes one version for good (the current object when the bucket keeps no versions). */
export async function deleteVersion(s3: S3Client, bucket: string, key: string, versionId: string): Promise<void> {
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
}

/**
 * Deletes every version and delete marker of one key, for good (a plain DELETE on a versioned
 * bucket would only hide the image behind a marker). Returns how many were removed.
 */
export async function deleteAllVersions(s3: S3Client, bucket: string, key: string): Promise<number> {
  let removed = 0;
  let KeyMarker: string | undefined;
  let VersionIdMarker: string | undefined;
  for (;;) {
    const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key, KeyMarker, VersionIdMarker }));
    // Prefix also matches longer keys; only this key's versions are ours to delete.
    const versions = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].filter((v) => v.Key === key && v.VersionId);
    for (const v of versions) {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: v.VersionId }));
      removed++;
    }
    if (!page.IsTruncated) return removed;
    KeyMarker = page.NextKeyMarker;
    VersionIdMarker = page.NextVersionIdMarker;
  }
}

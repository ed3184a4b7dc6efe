/** Presigned S3 PUT URLs with the content type signed, so the upload must say what createBlob was told. */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

export async function presignUpload(s3: S3Client, o: { bucket: string; key: string; contentType: string; expiresInSeconds: number }): Promise<string> {
  return getSignedUrl(s3, new PutObjectCommand({ Bucket: o.bucket, Key: o.key, ContentType: o.contentType }), {
    expiresIn: o.expiresInSeconds,
    // Without this the SDK leaves Content-Type out of the signature and any type would be accepted.
    signableHeaders: new Set(['content-type']),
  });
}

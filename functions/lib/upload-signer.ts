/**
 * Presigned S3 PUT URLs with the content type signed, so the upload must say what createBlob was
 * told; and, when createBlob was given the size, Content-Length signed too, so S3 itself refuses
 * a body of any other size (403 SignatureDoesNotMatch) before storing a byte of it.
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

export async function presignUpload(s3: S3Client, o: { bucket: string; key: string; contentType: string; expiresInSeconds: number; contentLength?: number }): Promise<string> {
  const sized = o.contentLength !== undefined;
  return getSignedUrl(s3, new PutObjectCommand({ Bucket: o.bucket, Key: o.key, ContentType: o.contentType, ...(sized && { ContentLength: o.contentLength }) }), {
    expiresIn: o.expiresInSeconds,
    // Without this the SDK leaves these headers out of the signature and any value would be accepted.
    signableHeaders: new Set(sized ? ['content-type', 'content-length'] : ['content-type']),
  });
}

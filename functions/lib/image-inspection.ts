/**
 * Refuses what Rekognition would refuse, before paying for a DetectLabels call: recognised by
 * its bytes (not its name or Content-Type), JPEG or PNG, at most 15 MB, sides 80–10,000 px.
 */
import { GetObjectCommand, HeadObjectCommand, NotFound, type S3Client } from '@aws-sdk/client-s3';
import { fileTypeFromBuffer } from 'file-type';
import { imageSize } from 'image-size';
import type { BlobError } from '../../api/generated/graphql.js';

export const IMAGE_LIMITS = { maxBytes: 15 * 1024 * 1024, minSide: 80, maxSide: 10_000 } as const;
const HEAD_BYTES = 256 * 1024;

export type Inspection = { ok: true; contentType: 'image/jpeg' | 'image/png'; width?: number; height?: number } | { ok: false; error: BlobError };

export function inspectImageBytes(head: Uint8Array, totalBytes: number): Promise<Inspection> {
  return (async () => {
    if (totalBytes === 0) return fail('INVALID_IMAGE', 'The upload is empty.');
    if (totalBytes > IMAGE_LIMITS.maxBytes) return fail('IMAGE_TOO_LARGE', `The image is ${totalBytes} bytes; at most ${IMAGE_LIMITS.maxBytes} bytes (15 MB) are accepted.`);
    const type = await fileTypeFromBuffer(head);
    if (!type) return fail('INVALID_IMAGE', 'The upload is not an image: its bytes match no known image format.');
    if (type.mime !== 'image/jpeg' && type.mime !== 'image/png') return fail('UNSUPPORTED_IMAGE_TYPE', `The upload is ${type.mime}; only JPEG and PNG are accepted.`);
    let size: { width?: number; height?: number } | undefined;
    try {
      size = imageSize(head);
    } catch {
      size = undefined; // dimensions beyond the bytes read (large metadata): the labeller will judge
    }
    const { width, height } = size ?? {};
    if (width !== undefined && height !== undefined) {
      if (Math.min(width, height) < IMAGE_LIMITS.minSide) return fail('IMAGE_TOO_SMALL', `The image is ${width}×${height} px; each side must be at least ${IMAGE_LIMITS.minSide} px.`);
      if (Math.max(width, height) > IMAGE_LIMITS.maxSide) return fail('IMAGE_DIMENSIONS_TOO_LARGE', `The image is ${width}×${height} px; each side must be at most ${IMAGE_LIMITS.maxSide} px.`);
    }
    return { ok: true, contentType: type.mime, width, height };
  })();
}

/** `versionId`: the version an event announced (undefined: the current one). */
export async function inspectUploadedImage(s3: S3Client, bucket: string, key: string, versionId?: string): Promise<Inspection | 'missing'> {
  let size: number;
  try {
    size = (await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }))).ContentLength ?? 0;
  } catch (error) {
    if (error instanceof NotFound || (error as { name?: string }).name === 'NotFound') return 'missing';
    throw error;
  }
  if (size === 0 || size > IMAGE_LIMITS.maxBytes) return inspectImageBytes(new Uint8Array(), size);
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId, Range: `bytes=0-${HEAD_BYTES - 1}` }));
  return inspectImageBytes(await object.Body!.transformToByteArray(), size);
}

function fail(code: string, message: string): Inspection {
  return { ok: false, error: { code, message } };
}

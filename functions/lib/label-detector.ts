/** Rekognition DetectLabels on the uploaded object → the API's Label type. */
import { DetectLabelsCommand, type RekognitionClient } from '@aws-sdk/client-rekognition';
import type { BlobError, Label } from '../../api/generated/graphql.js';

export const LABEL_OPTIONS = { maxLabels: 25, minConfidence: 50 } as const;

export type Detection = { ok: true; labels: Label[] } | { ok: false; error: BlobError };

const round = (n: number | undefined, digits = 3) => Math.round((n ?? 0) * 10 ** digits) / 10 ** digits;

export async function detectLabels(client: RekognitionClient, bucket: string, key: string): Promise<Detection> {
  try {
    const out = await client.send(new DetectLabelsCommand({ Image: { S3Object: { Bucket: bucket, Name: key } }, MaxLabels: LABEL_OPTIONS.maxLabels, MinConfidence: LABEL_OPTIONS.minConfidence }));
    const labels: Label[] = (out.Labels ?? []).map((l) => ({
      name: l.Name ?? 'Unknown',
      confidence: round(l.Confidence),
      parents: (l.Parents ?? []).map((p) => p.Name ?? '').filter(Boolean),
      instances: (l.Instances ?? []).map((i) => ({
        confidence: round(i.Confidence),
        boundingBox: { left: round(i.BoundingBox?.Left, 4), top: round(i.BoundingBox?.Top, 4), width: round(i.BoundingBox?.Width, 4), height: round(i.BoundingBox?.Height, 4) },
      })),
    }));
    return { ok: true, labels };
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'InvalidImageFormatException') return { ok: false, error: { code: 'INVALID_IMAGE', message: 'The image could not be decoded: it is corrupt or not a JPEG/PNG.' } };
    if (name === 'ImageTooLargeException') return { ok: false, error: { code: 'IMAGE_TOO_LARGE', message: 'The image is too large for the labeller.' } };
    // Throttling and service errors were already retried by the SDK; anything else is a bug of ours or theirs.
    if (name === 'InvalidS3ObjectException' || name === 'InvalidParameterException') return { ok: false, error: { code: 'LABELLING_FAILED', message: `The labeller refused the image (${name}).` } };
    throw error;
  }
}

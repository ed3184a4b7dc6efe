/**
 * The port every Rekognition feature sits behind: one call (or one shared call) per detector,
 * each mapping AWS's answer to the API's types. The labelling function only ever sees this.
 */
import type { Image, RekognitionClient } from '@aws-sdk/client-rekognition';
import type { BlobFeature } from '../../../api/generated/graphql.js';
import type { FeatureResults } from '../blob-record.js';

/** The uploaded object; a version pins the exact bytes that were uploaded, where S3 keeps versions. */
export interface ImageSource {
  bucket: string;
  key: string;
  version?: string;
}

export interface DetectionOptions {
  /** 0-100; LABELS and MODERATION. */
  minConfidence?: number | null;
  /** LABELS. */
  maxLabels?: number | null;
}

export interface Detector {
  /** The Rekognition operation it calls (and the IAM action infra/ grants for it). */
  readonly operation: 'DetectLabels' | 'DetectText' | 'DetectFaces' | 'DetectModerationLabels';
  /** The features one call of this detector answers (DetectLabels answers two). */
  readonly answers: readonly BlobFeature[];
  /** Computes the asked-for subset of `answers`; throws the SDK's error when the call fails. */
  detect(client: RekognitionClient, image: ImageSource, asked: readonly BlobFeature[], options: DetectionOptions): Promise<Omit<FeatureResults, 'featureErrors'>>;
}

export const s3Image = (image: ImageSource): Image => ({ S3Object: { Bucket: image.bucket, Name: image.key, Version: image.version } });

/** Rekognition's floats carry noise digits nobody needs. */
export const round = (n: number | undefined, digits = 3) => Math.round((n ?? 0) * 10 ** digits) / 10 ** digits;
export const roundOrNull = (n: number | undefined, digits = 3) => (n === undefined ? null : round(n, digits));

export const box = (b: { Left?: number; Top?: number; Width?: number; Height?: number } | undefined) => ({
  left: round(b?.Left, 4),
  top: round(b?.Top, 4),
  width: round(b?.Width, 4),
  height: round(b?.Height, 4),
});

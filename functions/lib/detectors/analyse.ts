/**
 * Runs only the Rekognition calls the blob asked for, in parallel, and keeps each feature's
 * outcome apart: one failing call costs its own features, not the others'.
 *
 *   some feature computed                         → LABELLED, failures listed in featureErrors
 *   every call refused the image as such          → FAILED with that code (INVALID_IMAGE, IMAGE_TOO_LARGE)
 *   every call failed, one of them transiently    → thrown: the S3 event is retried later
 *   every call failed otherwise                   → FAILED, LABELLING_FAILED, failures listed
 */
import type { RekognitionClient } from '@aws-sdk/client-rekognition';
import type { BlobError, BlobFeature, FeatureError } from '../../../api/generated/graphql.js';
import type { BlobOutcome, FeatureResults } from '../blob-record.js';
import { labelDetector } from '../label-detector.js';
import { record } from '../metrics.js';
import { faceDetector } from './faces.js';
import { moderationDetector } from './moderation.js';
import type { DetectionOptions, Detector, ImageSource } from './port.js';
import { textDetector } from './text.js';

export const DETECTORS: readonly Detector[] = [labelDetector, textDetector, faceDetector, moderationDetector];

/** Failures of the image itself: every feature would fail the same way. */
const IMAGE_ERRORS: Record<string, BlobError> = {
  InvalidImageFormatException: { code: 'INVALID_IMAGE', message: 'The image could not be decoded: it is corrupt or not a JPEG/PNG.' },
  ImageTooLargeException: { code: 'IMAGE_TOO_LARGE', message: 'The image is too large for the labeller.' },
};

interface Classified {
  code: string;
  message: string;
  /** Worth retrying the whole event for (throttling, service or network trouble). */
  transient: boolean;
}

export function classify(error: unknown): Classified {
  const name = (error as { name?: string }).name ?? 'Error';
  const image = IMAGE_ERRORS[name];
  if (image) return { ...image, transient: false };
  if (name === 'InvalidS3ObjectException' || name === 'InvalidParameterException') return { code: 'REFUSED', message: `Rekognition refused the request (${name}).`, transient: false };
  if (name === 'AccessDeniedException') return { code: 'ACCESS_DENIED', message: 'The labelling function may not call this Rekognition operation.', transient: false };
  if (/Throttl|ProvisionedThroughputExceeded|LimitExceeded/.test(name)) return { code: 'THROTTLED', message: `Rekognition is throttling requests (${name}); retries were exhausted.`, transient: true };
  // The SDK already retried these; the name (not the message, which may echo internals) says which.
  return { code: 'SERVICE_ERROR', message: `Rekognition failed (${name}).`, transient: true };
}

export class AllFeaturesFailedTransiently extends Error {}

export async function analyse(client: RekognitionClient, image: ImageSource, features: readonly BlobFeature[], options: DetectionOptions): Promise<BlobOutcome> {
  const started = performance.now();
  const outcome = await analyseFeatures(client, image, features, options);
  record.labelled(performance.now() - started, outcome.status);
  return outcome;
}

async function analyseFeatures(client: RekognitionClient, image: ImageSource, features: readonly BlobFeature[], options: DetectionOptions): Promise<BlobOutcome> {
  const calls = DETECTORS.map((detector) => ({ detector, asked: detector.answers.filter((f) => features.includes(f)) })).filter((c) => c.asked.length > 0);
  const settled = await Promise.allSettled(calls.map((c) => c.detector.detect(client, image, c.asked, options)));

  const results: FeatureResults = { featureErrors: [] };
  const failures: Array<Classified & { features: readonly BlobFeature[] }> = [];
  settled.forEach((outcome, i) => {
    if (outcome.status === 'fulfilled') Object.assign(results, outcome.value);
    else failures.push({ ...classify(outcome.reason), features: calls[i].asked });
  });
  // In the order the blob asked for them, so the list reads like the request.
  const featureErrors: FeatureError[] = features.flatMap((feature) => {
    const failed = failures.find((f) => f.features.includes(feature));
    return failed ? [{ feature, code: failed.code, message: failed.message }] : [];
  });
  results.featureErrors = featureErrors;
  for (const e of featureErrors) record.featureFailed(e.code);
  for (const f of failures) if (f.code === 'THROTTLED') record.throttled();

  if (failures.length < calls.length) return { status: 'LABELLED', results };
  const imageError = failures.every((f) => f.code === failures[0].code) && Object.values(IMAGE_ERRORS).find((e) => e.code === failures[0].code);
  if (imageError) return { status: 'FAILED', error: imageError };
  if (failures.some((f) => f.transient)) throw new AllFeaturesFailedTransiently(`Every asked-for feature failed: ${featureErrors.map((e) => `${e.feature} ${e.code}`).join(', ')}`);
  return { status: 'FAILED', error: { code: 'LABELLING_FAILED', message: `No asked-for feature could be computed: ${featureErrors.map((e) => `${e.feature}: ${e.message}`).join(' ')}` }, results };
}

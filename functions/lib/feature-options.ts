/**
 * createBlob's choice of Rekognition features and their options, checked before anything is
 * stored. Limits are Rekognition's: confidence is 0-100; MaxLabels is capped at 1,000.
 */
import type { BlobFeature, CreateBlobInput } from '../../api/generated/graphql.js';
import { DEFAULT_FEATURES } from './blob-record.js';

export const MAX_LABELS_LIMIT = 1000;

export interface FeatureOptions {
  features: BlobFeature[];
  minConfidence: number | null;
  maxLabels: number | null;
}

export type FeatureOptionsResult = { ok: true; options: FeatureOptions } | { ok: false; message: string };

export function featureOptions(input: Pick<CreateBlobInput, 'features' | 'minConfidence' | 'maxLabels'>): FeatureOptionsResult {
  const features = input.features ?? DEFAULT_FEATURES;
  if (features.length === 0) return { ok: false, message: 'features must name at least one of LABELS, IMAGE_PROPERTIES, TEXT, FACES, MODERATION (or be left out for [LABELS])' };
  const repeated = features.filter((f, i) => features.indexOf(f) !== i);
  if (repeated.length) return { ok: false, message: `features must not repeat a feature; ${[...new Set(repeated)].join(', ')} is given more than once` };

  const minConfidence = input.minConfidence ?? null;
  if (minConfidence !== null && !(Number.isFinite(minConfidence) && minConfidence >= 0 && minConfidence <= 100)) {
    return { ok: false, message: `minConfidence must be between 0 and 100; got ${minConfidence}` };
  }
  if (minConfidence !== null && !features.includes('LABELS') && !features.includes('MODERATION')) {
    return { ok: false, message: 'minConfidence applies to LABELS and MODERATION; neither is in features' };
  }
  const maxLabels = input.maxLabels ?? null;
  if (maxLabels !== null && !(Number.isInteger(maxLabels) && maxLabels >= 1 && maxLabels <= MAX_LABELS_LIMIT)) {
    return { ok: false, message: `maxLabels must be a whole number from 1 to ${MAX_LABELS_LIMIT}; got ${maxLabels}` };
  }
  if (maxLabels !== null && !features.includes('LABELS')) return { ok: false, message: 'maxLabels applies to LABELS, which is not in features' };
  return { ok: true, options: { features: [...features], minConfidence, maxLabels } };
}

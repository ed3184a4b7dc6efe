/**
 * A storage upload's features and options, read from its object metadata (api/storage-metadata.ts)
 * and then checked exactly as createBlob's input is (feature-options.ts), so the same request is
 * refused with the same code (BadRequest) and message on both upload paths.
 */
import type { BlobFeature } from '../../api/generated/graphql.js';
import { BLOB_FEATURES, STORAGE_METADATA } from '../../api/storage-metadata.js';
import { featureOptions, MAX_LABELS_LIMIT, type FeatureOptionsResult } from './feature-options.js';

/** createBlob's GraphQL error type for a refused input, here a FAILED blob's error code. */
export const OPTIONS_ERROR_CODE = 'BadRequest';

export function metadataOptions(metadata: Record<string, string | undefined>): FeatureOptionsResult {
  const get = (name: string) => metadata[name] ?? metadata[name.toLowerCase()];
  const featuresText = get(STORAGE_METADATA.features);
  let features: BlobFeature[] | undefined;
  if (featuresText !== undefined) {
    features = featuresText.split(',').map((f) => f.trim()).filter((f) => f !== '') as BlobFeature[];
    const unknown = features.filter((f) => !(BLOB_FEATURES as readonly string[]).includes(f));
    if (unknown.length) return { ok: false, message: `features must name only ${BLOB_FEATURES.join(', ')}; got ${unknown.join(', ')}` };
  }
  const minConfidence = numberOf(get(STORAGE_METADATA.minConfidence));
  if (minConfidence === 'invalid') return { ok: false, message: `minConfidence must be between 0 and 100; got "${get(STORAGE_METADATA.minConfidence)}"` };
  const maxLabels = numberOf(get(STORAGE_METADATA.maxLabels));
  if (maxLabels === 'invalid') return { ok: false, message: `maxLabels must be a whole number from 1 to ${MAX_LABELS_LIMIT}; got "${get(STORAGE_METADATA.maxLabels)}"` };
  return featureOptions({ features, minConfidence, maxLabels });
}

/** Metadata is text: a number, absent (undefined), or not a number at all. */
function numberOf(text: string | undefined): number | undefined | 'invalid' {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : 'invalid';
}

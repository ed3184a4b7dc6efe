/**
 * What an Amplify Storage upload may ask for, in its object metadata (uploadData's
 * `options.metadata`, sent as `x-amz-meta-<name>` headers): createBlob's features, minConfidence
 * and maxLabels, as text. Read by the labeller (functions/lib/metadata-options.ts), written by clients.
 *
 *   uploadData({ path, data, options: { metadata: { features: 'LABELS,TEXT', 'min-confidence': '80' } } })
 *
 * Absent names take createBlob's defaults. Nothing else in the metadata is read: the owner never
 * comes from what the client writes into the object (it is the identity's link, api/blob-table.ts).
 */
export const STORAGE_METADATA = {
  /** Comma-separated BlobFeature names (default LABELS). */
  features: 'features',
  /** 0-100. */
  minConfidence: 'min-confidence',
  /** 1-1000. */
  maxLabels: 'max-labels',
} as const;

import type { BlobFeature } from './generated/graphql.js';

/** Every BlobFeature of the schema, for reading them from text (the check below fails to compile when the schema gains one). */
export const BLOB_FEATURES = ['LABELS', 'IMAGE_PROPERTIES', 'TEXT', 'FACES', 'MODERATION'] as const satisfies readonly BlobFeature[];
const everyFeature: Exclude<BlobFeature, (typeof BLOB_FEATURES)[number]> extends never ? true : never = true;
void everyFeature;

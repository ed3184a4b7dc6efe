/** A blob as stored in DynamoDB: the GraphQL Blob plus bookkeeping the API does not expose. */
import type { Blob, BlobError, BlobFeature, CallbackDelivery } from '../../api/generated/graphql.js';

/** What the labelling function computes per feature; a feature not asked for stays absent. */
export type FeatureResults = Partial<Pick<Blob, 'labels' | 'imageProperties' | 'text' | 'faces' | 'moderationLabels'>> & Pick<Blob, 'featureErrors'>;

type ResultField = 'labels' | 'imageProperties' | 'text' | 'faces' | 'moderationLabels' | 'featureErrors';

export type BlobRecord = Omit<Blob, '__typename' | ResultField | 'features' | 'error' | 'callbackDelivery' | 'owner' | 'imageUrl'> &
  Partial<Pick<Blob, ResultField>> & {
    /** Absent on records made before features existed: those asked for labels. */
    features?: BlobFeature[] | null;
    /** The createBlob options; absent = the labelling function's defaults. */
    minConfidence?: number | null;
    maxLabels?: number | null;
    error?: BlobError | null;
    callbackDelivery?: CallbackDelivery | null;
    /** The creator's user-pool sub; absent (never null: it keys the byOwner index) for API-key and IAM callers. */
    owner?: string;
    /** The S3 version of the image that was labelled ("null" in an unversioned bucket); imageUrl serves this one. */
    imageVersionId?: string;
    /** TTL attribute, epoch seconds. */
    expiresAt: number;
    /** Set with the final status; cleared once subscribers and the webhook have been told. */
    notifyPending?: boolean;
    /** Epoch ms until which the current notifier owns the notification. */
    notifyLeaseUntil?: number;
  };

export type BlobOutcome = { status: 'LABELLED'; results: FeatureResults } | { status: 'FAILED'; error: BlobError; results?: FeatureResults };

/** The seed's behaviour, and what a record without `features` asked for. */
export const DEFAULT_FEATURES: BlobFeature[] = ['LABELS'];

export const featuresOf = (record: Pick<BlobRecord, 'features'>): BlobFeature[] => (record.features?.length ? record.features : DEFAULT_FEATURES);

/** The public view: what GraphQL, subscribers and webhooks see (imageUrl is made per reader, by its resolver). */
export type PublicBlob = Omit<Blob, 'imageUrl'>;

export function publicBlob(record: BlobRecord): PublicBlob {
  return {
    id: record.id,
    status: record.status,
    features: featuresOf(record),
    labels: record.labels ?? null,
    imageProperties: record.imageProperties ?? null,
    text: record.text ?? null,
    faces: record.faces ?? null,
    moderationLabels: record.moderationLabels ?? null,
    featureErrors: record.featureErrors ?? null,
    callbackUrl: record.callbackUrl ?? null,
    contentType: record.contentType ?? null,
    error: record.error ?? null,
    callbackDelivery: record.callbackDelivery ?? null,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    owner: record.owner ?? null,
  };
}

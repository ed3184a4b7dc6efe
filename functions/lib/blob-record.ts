/** A blob as stored in DynamoDB: the GraphQL Blob plus bookkeeping the API does not expose. */
import type { Blob, BlobError, BlobFeature, CallbackDelivery, ImageDetails } from '../../api/generated/graphql.js';

/** What the labelling function computes per feature; a feature not asked for stays absent. */
export type FeatureResults = Partial<Pick<Blob, 'labels' | 'imageProperties' | 'text' | 'faces' | 'moderationLabels'>> & Pick<Blob, 'featureErrors'>;

type ResultField = 'labels' | 'imageProperties' | 'text' | 'faces' | 'moderationLabels' | 'featureErrors';

export type BlobRecord = Omit<Blob, '__typename' | ResultField | 'features' | 'error' | 'callbackDelivery' | 'owner' | 'imageUrl' | 'thumbnailUrl' | 'image'> &
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
    /** Where the upload is stored (api/object-keys.ts); absent on records from before that layout (key = id). */
    imageKey?: string;
    /** The labeller's thumbnail, once written; thumbnailUrl serves it. */
    thumbnailKey?: string;
    /** The thumbnail version written with the outcome; thumbnailUrl is pinned to it, as imageUrl is to the image's. */
    thumbnailVersionId?: string;
    /** Photo details, read when the image was labelled. */
    image?: ImageDetails | null;
    /** The S3 version of the image that was labelled ("null" in an unversioned bucket); imageUrl serves this one. */
    imageVersionId?: string;
    /** TTL attribute, epoch seconds; absent for a blob kept until deleted (a signed-in user's, by default). */
    expiresAt?: number;
    /** Set with the final status; cleared once subscribers and the webhook have been told. */
    notifyPending?: boolean;
    /** Epoch ms until which the current notifier owns the notification. */
    notifyLeaseUntil?: number;
  };

export type BlobOutcome = { status: 'LABELLED'; results: FeatureResults } | { status: 'FAILED'; error: BlobError; results?: FeatureResults };

/** The seed's behaviour, and what a record without `features` asked for. */
export const DEFAULT_FEATURES: BlobFeature[] = ['LABELS'];

export const featuresOf = (record: Pick<BlobRecord, 'features'>): BlobFeature[] => (record.features?.length ? record.features : DEFAULT_FEATURES);

/** The public view: what GraphQL, subscribers and webhooks see (imageUrl and thumbnailUrl are made per reader, by their resolvers). */
export type PublicBlob = Omit<Blob, 'imageUrl' | 'thumbnailUrl'>;

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
    image: record.image ?? null,
  };
}

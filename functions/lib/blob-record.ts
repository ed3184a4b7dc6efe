/** A blob as stored in DynamoDB: the GraphQL Blob plus bookkeeping the API does not expose. */
import type { Blob, BlobError, CallbackDelivery, Label } from '../../api/generated/graphql.js';

export type BlobRecord = Omit<Blob, '__typename' | 'labels' | 'error' | 'callbackDelivery'> & {
  labels?: Label[] | null;
  error?: BlobError | null;
  callbackDelivery?: CallbackDelivery | null;
  /** TTL attribute, epoch seconds. */
  expiresAt: number;
  /** Set with the final status; cleared once subscribers and the webhook have been told. */
  notifyPending?: boolean;
  /** Epoch ms until which the current notifier owns the notification. */
  notifyLeaseUntil?: number;
};

export type BlobOutcome = { status: 'LABELLED'; labels: Label[] } | { status: 'FAILED'; error: BlobError };

/** The public view: what GraphQL, subscribers and webhooks see. */
export function publicBlob(record: BlobRecord): Blob {
  return {
    id: record.id,
    status: record.status,
    labels: record.labels ?? null,
    callbackUrl: record.callbackUrl ?? null,
    contentType: record.contentType ?? null,
    error: record.error ?? null,
    callbackDelivery: record.callbackDelivery ?? null,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

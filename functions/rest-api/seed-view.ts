/**
 * GET /blobs/{blob_id}'s body: the seed's shape. A finished blob reads exactly as its webhook
 * body does ({blob_id, status, labels | error}, plus any other asked-for features); one still
 * waiting for its upload or its labels is {blob_id, status}.
 */
import type { BlobRecord } from '../lib/blob-record.js';
import { webhookBody, type WebhookBody } from '../lib/webhook/payload.js';

export type SeedBlobView = WebhookBody | { blob_id: string; status: 'PENDING_UPLOAD' | 'PROCESSING' };

export function seedView(record: BlobRecord): SeedBlobView {
  if (record.status === 'LABELLED' || record.status === 'FAILED') return webhookBody(record);
  return { blob_id: record.id, status: record.status };
}

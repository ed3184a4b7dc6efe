/** The webhook body, compatible with the seed's callback: { blob_id, status, labels | error }. */
import type { BlobRecord } from '../blob-record.js';

export interface WebhookBody {
  blob_id: string;
  status: 'LABELLED' | 'FAILED';
  labels?: Array<{ label: string; confidence: number; parents: string[] }>;
  error?: { code: string; message: string };
}

export function webhookBody(record: BlobRecord): WebhookBody {
  if (record.status === 'LABELLED') {
    return { blob_id: record.id, status: 'LABELLED', labels: (record.labels ?? []).map((l) => ({ label: l.name, confidence: l.confidence, parents: l.parents })) };
  }
  return { blob_id: record.id, status: 'FAILED', error: { code: record.error?.code ?? 'LABELLING_FAILED', message: record.error?.message ?? 'Labelling failed' } };
}

/** Stable per blob and outcome, so receivers can drop a redelivery (Standard Webhooks' webhook-id). */
export const webhookId = (record: BlobRecord) => `msg_${record.id}_${record.status}`;

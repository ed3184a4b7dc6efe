/**
 * The webhook body, compatible with the seed's callback: { blob_id, status, labels | error }.
 * What a blob asked for beyond labels comes under its own snake_case key, present only when
 * asked for (null when that feature failed; its reason is then in feature_errors).
 */
import type { BlobFeature, FaceDetail, FeatureError, ImageProperties, ModerationLabel, TextDetection } from '../../../api/generated/graphql.js';
import { featuresOf, type BlobRecord } from '../blob-record.js';

export interface WebhookBody {
  blob_id: string;
  status: 'LABELLED' | 'FAILED';
  labels?: Array<{ label: string; confidence: number; parents: string[] }> | null;
  error?: { code: string; message: string };
  image_properties?: ImageProperties | null;
  text?: TextDetection[] | null;
  faces?: FaceDetail[] | null;
  moderation_labels?: ModerationLabel[] | null;
  feature_errors?: FeatureError[];
}

export function webhookBody(record: BlobRecord): WebhookBody {
  if (record.status !== 'LABELLED') {
    return {
      blob_id: record.id,
      status: 'FAILED',
      error: { code: record.error?.code ?? 'LABELLING_FAILED', message: record.error?.message ?? 'Labelling failed' },
      ...(record.featureErrors?.length && { feature_errors: record.featureErrors }),
    };
  }
  const asked = (feature: BlobFeature) => featuresOf(record).includes(feature);
  return {
    blob_id: record.id,
    status: 'LABELLED',
    // The seed's key: present whenever labels were asked for (the default), as the seed's receivers expect.
    ...(asked('LABELS') && { labels: record.labels ? record.labels.map((l) => ({ label: l.name, confidence: l.confidence, parents: l.parents })) : null }),
    ...(asked('IMAGE_PROPERTIES') && { image_properties: record.imageProperties ?? null }),
    ...(asked('TEXT') && { text: record.text ?? null }),
    ...(asked('FACES') && { faces: record.faces ?? null }),
    ...(asked('MODERATION') && { moderation_labels: record.moderationLabels ?? null }),
    ...(record.featureErrors?.length && { feature_errors: record.featureErrors }),
  };
}

/** Stable per blob and outcome, so receivers can drop a redelivery (Standard Webhooks' webhook-id). */
export const webhookId = (record: BlobRecord) => `msg_${record.id}_${record.status}`;

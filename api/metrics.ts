/**
 * The application's own CloudWatch metrics, declared once: the functions emit them (EMF lines,
 * functions/lib/metrics.ts), the stack's dashboard and alarms read them (infra/constructs/), and
 * `npm start` collects the same lines offline (local/metrics/).
 */
export const METRICS_NAMESPACE = 'Blobs';

/**
 * Every metric below is emitted by the labelling function, and carries its name as the `service`
 * dimension. Fixed here rather than read from POWERTOOLS_SERVICE_NAME: offline every handler runs
 * in one process, where that variable is not the function's.
 */
export const METRICS_SERVICE = 'labelBlob';

export const METRICS = {
  /** A blob finished LABELLED (at least one asked-for feature computed). */
  imagesLabelled: { name: 'ImagesLabelled', unit: 'Count' },
  /** Time of the asked-for Rekognition calls for one image, all features together. */
  labellingTime: { name: 'LabellingTime', unit: 'Milliseconds' },
  /** One asked-for feature that could not be computed; dimension `code` (THROTTLED, REFUSED, …). */
  featuresFailed: { name: 'FeaturesFailed', unit: 'Count', dimension: 'code' },
  /** Rekognition throttled a call past the SDK's own retries. */
  throttles: { name: 'RekognitionThrottles', unit: 'Count' },
  /** One webhook delivery (with its retries); its attempts, and whether it failed for good. */
  webhookDeliveries: { name: 'WebhookDeliveries', unit: 'Count' },
  webhookAttempts: { name: 'WebhookAttempts', unit: 'Count' },
  webhookFailures: { name: 'WebhookFailures', unit: 'Count' },
} as const;

export type MetricSpec = (typeof METRICS)[keyof typeof METRICS];

/**
 * How fast labelling work reaches Rekognition, derived from one setting: `rekognitionTps`, the
 * account's per-operation DetectLabels (etc.) quota. Uploads queue in SQS; Lambda's SQS event
 * source runs at most `maxConcurrency` invocations at once, and each invocation starts its
 * records at most one per `recordIntervalMs` (the handler's pacer, functions/label-blob/pacer.ts)
 * and returns no sooner than `records × recordIntervalMs`. So per Rekognition operation:
 *
 *   calls per second ≤ maxConcurrency × (calls per image ÷ seconds per image)
 *                    = maxConcurrency × (1 ÷ recordIntervalMs/1000) ≤ rekognitionTps
 *
 * (each image makes at most one call per operation: DetectLabels answers LABELS and
 * IMAGE_PROPERTIES together). The bound holds however fast Rekognition answers; concurrency is
 * sized so that, at the expected time per image, the pace is reached rather than only capped.
 *
 * The template carries the results (the event source's BatchSize and ScalingConfig, the queue's
 * VisibilityTimeout and RedrivePolicy, LABELLING_RECORD_INTERVAL_MS in the function's
 * environment), and the local runtime reads them from there: one declaration, two runtimes.
 */
import { Duration } from 'aws-cdk-lib';

/**
 * What one image takes end to end on AWS (inspect, Rekognition, three writes, publish): about
 * 0.3-1 s. Concurrency is sized so that images this slow still reach the pace; faster ones
 * are held to it by the pacer.
 */
export const EXPECTED_SECONDS_PER_IMAGE = 1;
/** A batch should last about this long: short enough that the last records of a burst do not wait on a few busy invocations. */
const TARGET_BATCH_SECONDS = 5;
/** Receives before a message goes to the dead-letter queue: 4 retries, ~30 minutes apart at the visibility timeout below. */
export const MAX_RECEIVE_COUNT = 5;
/** Lambda's SQS event source: maximum concurrency 2-1000; batch size up to 10 without a batching window. */
const CONCURRENCY = { min: 2, max: 1000 } as const;
const MAX_BATCH = 10;

export interface LabellingPacing {
  readonly rekognitionTps: number;
  readonly maxConcurrency: number;
  readonly batchSize: number;
  /** The least time between the starts of two records in one invocation. */
  readonly recordIntervalMs: number;
  /** AWS advises at least 6 × the function timeout, so a message is not received again while a retried invocation still holds it. */
  readonly visibilityTimeout: Duration;
  readonly maxReceiveCount: number;
}

export function labellingPacing(rekognitionTps: number, functionTimeout: Duration): LabellingPacing {
  if (!Number.isInteger(rekognitionTps) || rekognitionTps < 1) throw new Error(`rekognitionTps must be a whole number ≥ 1; got ${rekognitionTps}`);
  const maxConcurrency = Math.min(CONCURRENCY.max, Math.max(CONCURRENCY.min, Math.floor(rekognitionTps * EXPECTED_SECONDS_PER_IMAGE)));
  // Rounded up: the pace may fall a little short of the quota, never above it.
  const recordIntervalMs = Math.ceil((1000 * maxConcurrency) / rekognitionTps);
  const batchSize = Math.min(MAX_BATCH, Math.max(1, Math.floor((TARGET_BATCH_SECONDS * 1000) / recordIntervalMs)));
  // A batch is held at least batchSize × interval; the function must have time left to work.
  if (batchSize * recordIntervalMs > functionTimeout.toMilliseconds() / 2) {
    throw new Error(`A paced batch (${batchSize} × ${recordIntervalMs} ms) would take more than half the labelling function's timeout (${functionTimeout.toSeconds()} s)`);
  }
  return {
    rekognitionTps,
    maxConcurrency,
    batchSize,
    recordIntervalMs,
    visibilityTimeout: Duration.seconds(6 * functionTimeout.toSeconds()),
    maxReceiveCount: MAX_RECEIVE_COUNT,
  };
}

/**
 * How fast labelling work reaches Rekognition, derived from one setting: `rekognitionTps`, the
 * account's per-operation DetectLabels (etc.) quota. Uploads queue in SQS; Lambda's SQS event
 * source runs at most `maxConcurrency` invocations at once, and each invocation spaces its calls
 * of one Rekognition operation at least `callIntervalMs` apart and returns no sooner than an
 * interval after its last call (functions/lib/call-pace.ts). So per Rekognition operation:
 *
 *   calls per second ≤ maxConcurrency × (1 ÷ callIntervalMs/1000) ≤ rekognitionTps
 *
 * (each image makes at most one call per operation: DetectLabels answers LABELS and
 * IMAGE_PROPERTIES together). The bound holds however fast Rekognition answers, and an upload
 * refused before Rekognition (not an image, too small) spends no turn. Concurrency is sized so
 * that, at the expected time per image, the pace is reached rather than only capped.
 *
 * The template carries the results (the event source's BatchSize and ScalingConfig, the queue's
 * VisibilityTimeout and RedrivePolicy, REKOGNITION_CALL_INTERVAL_MS in the function's
 * environment), and the local runtime reads them from there: one declaration, two runtimes.
 */
import { Duration } from 'aws-cdk-lib';

/**
 * What one image takes end to end on AWS (inspect, Rekognition, three writes, publish): about
 * 0.3-1 s. Concurrency is sized so that images this slow still reach the pace; faster ones
 * are held to it by the call pace (functions/lib/call-pace.ts).
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
  /** The least time between two calls of one Rekognition operation in one invocation. */
  readonly callIntervalMs: number;
  /** AWS advises at least 6 × the function timeout, so a message is not received again while a retried invocation still holds it. */
  readonly visibilityTimeout: Duration;
  readonly maxReceiveCount: number;
}

export function labellingPacing(rekognitionTps: number, functionTimeout: Duration): LabellingPacing {
  if (!Number.isInteger(rekognitionTps) || rekognitionTps < 1) throw new Error(`rekognitionTps must be a whole number ≥ 1; got ${rekognitionTps}`);
  const maxConcurrency = Math.min(CONCURRENCY.max, Math.max(CONCURRENCY.min, Math.floor(rekognitionTps * EXPECTED_SECONDS_PER_IMAGE)));
  // Rounded up: the pace may fall a little short of the quota, never above it.
  const callIntervalMs = Math.ceil((1000 * maxConcurrency) / rekognitionTps);
  const batchSize = Math.min(MAX_BATCH, Math.max(1, Math.floor((TARGET_BATCH_SECONDS * 1000) / callIntervalMs)));
  // A batch whose every image calls Rekognition is held batchSize × interval; the function must have time left to work.
  if (batchSize * callIntervalMs > functionTimeout.toMilliseconds() / 2) {
    throw new Error(`A paced batch (${batchSize} × ${callIntervalMs} ms) would take more than half the labelling function's timeout (${functionTimeout.toSeconds()} s)`);
  }
  return {
    rekognitionTps,
    maxConcurrency,
    batchSize,
    callIntervalMs,
    visibilityTimeout: Duration.seconds(6 * functionTimeout.toSeconds()),
    maxReceiveCount: MAX_RECEIVE_COUNT,
  };
}

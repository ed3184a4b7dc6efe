/**
 * Rekognition's per-account, per-operation TPS quota, for load tests: a token bucket per
 * operation holding at most one second's worth of calls (`tps`), refilled continuously. A call
 * over the quota is answered as AWS answers it: HTTP 400, ProvisionedThroughputExceededException
 * ("The number of requests exceeded your throughput limit"), which the SDK classifies as
 * throttling and retries with its throttling backoff. Off unless configured (BLOBS_REKOGNITION_TPS).
 */
import { ApiError } from './api-error.js';

export interface ThroughputLimit {
  /** Takes one call's token, or throws Rekognition's throttling error. */
  admit(operation: string): void;
  /** Calls admitted and refused so far, per operation. */
  counts(): Record<string, { admitted: number; throttled: number }>;
}

export function throughputLimit(tps: number | undefined, now: () => number = () => performance.now()): ThroughputLimit | undefined {
  if (tps === undefined) return undefined;
  if (!(tps > 0)) throw new Error(`The local Rekognition's TPS limit must be a positive number; got ${tps}`);
  const buckets = new Map<string, { tokens: number; at: number; admitted: number; throttled: number }>();
  return {
    admit(operation) {
      const t = now();
      const bucket = buckets.get(operation) ?? { tokens: tps, at: t, admitted: 0, throttled: 0 };
      buckets.set(operation, bucket);
      bucket.tokens = Math.min(tps, bucket.tokens + ((t - bucket.at) / 1000) * tps);
      bucket.at = t;
      if (bucket.tokens < 1) {
        bucket.throttled++;
        throw new ApiError(400, 'ProvisionedThroughputExceededException', 'The number of requests exceeded your throughput limit. If you want to increase this limit, contact Amazon Rekognition.');
      }
      bucket.tokens -= 1;
      bucket.admitted++;
    },
    counts: () => Object.fromEntries([...buckets].map(([op, b]) => [op, { admitted: b.admitted, throttled: b.throttled }])),
  };
}

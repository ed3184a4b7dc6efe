/**
 * Backpressure under load (issue 23): 500 uploads at once against a Rekognition held to 20 TPS,
 * on a stack deployed with rekognitionTps=20. Every blob ends LABELLED, none reaches the
 * dead-letter queue, and none is labelled twice (one successful DetectModerationLabels call per blob).
 * The time it took against the bound the quota sets (500 ÷ 20 = 25 s) is printed, not asserted:
 * `npm run bench -- --only=paced` checks the ratio.
 */
import { expect, it } from 'vitest';
import { runPacedLoad } from '../support/paced-load.js';

const TPS = 20;
const BLOBS = 500;

it(`${BLOBS} uploads at once, Rekognition at ${TPS} TPS: all LABELLED, none dead-lettered, none labelled twice`, async () => {
  const run = await runPacedLoad({ tps: TPS, blobs: BLOBS });
  console.log(
    `paced load: ${BLOBS} images in ${(run.elapsedMs / 1000).toFixed(1)} s against a bound of ${(run.boundMs / 1000).toFixed(1)} s at ${TPS} TPS ` +
      `(${(BLOBS / (run.elapsedMs / 1000) / TPS).toFixed(2)} × the quota); throttled calls ${run.throttled}, messages returned ${run.returned}; pacing ${JSON.stringify(run.pacing)}`,
  );
  expect(run.statuses).toEqual({ LABELLED: BLOBS });
  expect(run.deadLettered).toBe(0);
  expect(run.successfulCallsPerBlob.filter((n) => n !== 1)).toEqual([]);
  // The quota is a floor on the time, whatever the machine: faster would mean calls over the quota were served.
  expect(run.elapsedMs).toBeGreaterThanOrEqual(((BLOBS - TPS) / TPS) * 1000);
}, 600_000);

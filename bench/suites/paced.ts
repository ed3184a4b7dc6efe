/**
 * Backpressure (issue 23): 500 uploads at once on a stack deployed with the default
 * rekognitionTps (5, safe in every region), the local Rekognition held to the same 5 TPS. images/s ÷ the configured TPS, measured from the first PUT to
 * the last message consumed, with 0 lost (every blob LABELLED, none dead-lettered, each labelled
 * once); 1.0 is the quota's bound (500 ÷ 5 = 100 s). The run is test/support/paced-load.ts, as
 * in test/hardening/paced-load.test.ts, which uses 20 TPS to stay short: at 20 TPS a busy 2-core
 * machine, not the quota, sets the pace (0.27-0.37 measured at load averages 16 and 10).
 */
import { loadavg } from 'node:os';
import { runPacedLoad } from '../../test/support/paced-load.js';
import { metric, type Step } from '../lib/metrics.js';
import { round } from '../lib/stats.js';

export async function pacedSuite(step: Step, o: { tps: number; blobs: number }) {
  const run = await runPacedLoad({ ...o, onStep: step });
  const lost = o.blobs - (run.statuses.LABELLED ?? 0);
  const twice = run.successfulCallsPerBlob.filter((n) => n > 1).length;
  if (lost || run.deadLettered || twice) throw new Error(`paced run lost work: ${JSON.stringify({ statuses: run.statuses, deadLettered: run.deadLettered, labelledTwice: twice })}`);
  const seconds = run.elapsedMs / 1000;
  return [
    metric('paced_throughput_vs_tps', round(o.blobs / seconds / o.tps, 2), 'ratio', `images/s ÷ configured Rekognition TPS (${o.tps}); ${o.blobs} uploads at once, 0 lost`, {
      images: o.blobs,
      seconds: round(seconds, 1),
      bound_s: round(run.boundMs / 1000, 1),
      throttled_calls: run.throttled,
      messages_returned: run.returned,
      batch_size: run.pacing.batchSize,
      max_concurrency: run.pacing.maxConcurrency,
      call_interval_ms: run.pacing.callIntervalMs,
      load_average: round(loadavg()[0], 1),
    }),
  ];
}

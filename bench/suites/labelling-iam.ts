/**
 * labelling_iam_vs_off: what enforcing the template's IAM costs the labelling path. Two local
 * stacks side by side, one enforcing (the default) and one with BLOBS_ENFORCE_IAM=false, each
 * image through both, interleaved and in alternating order so that the machine's drift falls
 * on both alike: the median upload → LABELLED time with enforcement on ÷ off. On that path each
 * S3, DynamoDB, Rekognition, Secrets Manager and AppSync call is evaluated against the role.
 */
import { benchImages } from '../lib/images.js';
import { labelledRoundTrips } from '../lib/labelled-round-trip.js';
import { metric, thisMachine, type Step } from '../lib/metrics.js';
import { startBenchStack } from '../lib/stack.js';
import { median, percentile, round } from '../lib/stats.js';

export async function labellingIamSuite(step: Step, o: { passes: number }) {
  const images = await benchImages();
  step('starting a stack with IAM enforced and one without…');
  const stacks = { on: await startBenchStack(), off: await startBenchStack({ enforceIam: false }) };
  const trips = { on: await labelledRoundTrips(stacks.on), off: await labelledRoundTrips(stacks.off) };
  const times: Record<'on' | 'off', number[]> = { on: [], off: [] };
  try {
    step('first upload on each (the stacks load their models)…');
    await trips.on.once(images[0]);
    await trips.off.once(images[0]);
    let round_ = 0;
    for (let pass = 0; pass < o.passes; pass++) {
      for (const [i, image] of images.entries()) {
        step(`pass ${pass + 1}/${o.passes}, image ${i + 1}/${images.length}…`);
        const order = round_++ % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const);
        for (const mode of order) times[mode].push((await trips[mode].once(image)).elapsedMs);
      }
    }
  } finally {
    trips.on.close();
    trips.off.close();
    await stacks.on.close();
    await stacks.off.close();
  }
  return [
    metric('labelling_iam_vs_off', round(median(times.on) / median(times.off), 3), '×', "median upload → onBlobLabelled with the template's IAM enforced ÷ with BLOBS_ENFORCE_IAM=false (two stacks, the same images interleaved)", {
      on_p50_ms: round(median(times.on), 1),
      off_p50_ms: round(median(times.off), 1),
      on_p90_ms: round(percentile(times.on, 90), 1),
      off_p90_ms: round(percentile(times.off, 90), 1),
      samples_each: times.on.length,
      ...thisMachine(),
    }),
  ];
}

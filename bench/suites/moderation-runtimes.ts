/**
 * DetectModerationLabels on onnxruntime-node (the converted nsfwjs model) against TensorFlow.js on
 * wasm (nsfwjs itself): images/s on one worker each, native ÷ wasm, same 640 px photos,
 * interleaved so a busy spell on the machine hits both alike; and each worker's RSS with the
 * model loaded. Each call is the whole operation (decode, preprocessing, model, AWS shape).
 */
import { createLabeller } from '../../local/rekognition/labeller.js';
import { detectModerationLabels } from '../../local/rekognition/operations/detect-moderation-labels.js';
import { benchImages } from '../lib/images.js';
import { metric, thisMachine, type Step } from '../lib/metrics.js';
import { median, round } from '../lib/stats.js';

const rssMb = () => process.memoryUsage().rss / 2 ** 20;

export async function moderationRuntimesSuite(step: Step, o: { passes: number }) {
  const images = await benchImages();
  const runtimes = ['native', 'wasm'] as const;
  const rssBefore = rssMb();
  const rss: Record<string, number> = {};
  const labellers = { native: createLabeller({ workers: 1, runtime: 'native' }), wasm: createLabeller({ workers: 1, runtime: 'wasm' }) };
  try {
    // One at a time, so each worker's memory is its own growth.
    for (const runtime of runtimes) {
      step(`${runtime}: loading the model…`);
      const before = rssMb();
      await detectModerationLabels(labellers[runtime], images[0]!.bytes, {});
      rss[runtime] = round(rssMb() - before, 0);
    }
    const times: Record<string, number[]> = { native: [], wasm: [] };
    for (let pass = 0; pass < o.passes; pass++) {
      for (const [i, image] of images.entries()) {
        for (const runtime of pass % 2 ? [...runtimes].reverse() : runtimes) {
          step(`pass ${pass + 1}/${o.passes}, image ${i + 1}/${images.length}, ${runtime}…`);
          const t0 = performance.now();
          await detectModerationLabels(labellers[runtime], image.bytes, {});
          times[runtime]!.push(performance.now() - t0);
        }
      }
    }
    const p50 = (r: string) => median(times[r]!);
    return [
      metric('moderation_native_vs_wasm', round(p50('wasm') / p50('native'), 2), 'ratio', 'DetectModerationLabels images/s on one worker, onnxruntime-node ÷ TensorFlow.js wasm (median ms wasm ÷ median ms native), same 640 px photos, interleaved', {
        native_p50_ms: round(p50('native'), 1),
        wasm_p50_ms: round(p50('wasm'), 1),
        native_worker_rss_mb: rss.native!,
        wasm_worker_rss_mb: rss.wasm!,
        rss_before_mb: round(rssBefore, 0),
        images: images.length,
        passes: o.passes,
        ...thisMachine(),
      }),
    ];
  } finally {
    await Promise.all(runtimes.map((r) => labellers[r].close()));
  }
}

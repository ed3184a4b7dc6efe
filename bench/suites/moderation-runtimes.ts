/**
 * DetectModerationLabels on onnxruntime-node (the converted nsfwjs model) against TensorFlow.js on
 * wasm (nsfwjs itself): images/s on one worker each, native ÷ wasm, same 640 px photos,
 * interleaved so a busy spell on the machine hits both alike; and each worker's RSS with the
 * model loaded. Each call is the whole operation (decode, preprocessing, model, AWS shape).
 */
import type { Labeller } from '../../local/rekognition/labeller.js';
import { detectModerationLabels } from '../../local/rekognition/operations/detect-moderation-labels.js';
import { metric, thisMachine, type Step } from '../lib/metrics.js';
import { compareRuntimes } from '../lib/runtime-comparison.js';
import { round } from '../lib/stats.js';

export async function moderationRuntimesSuite(step: Step, o: { passes: number }) {
  const moderation = (labeller: Labeller, image: Uint8Array) => detectModerationLabels(labeller, image, {});
  const run = await compareRuntimes(step, { passes: o.passes, what: 'the model', load: moderation, call: moderation });
  return [
    metric('moderation_native_vs_wasm', round(run.p50Ms.wasm / run.p50Ms.native, 2), 'ratio', 'DetectModerationLabels images/s on one worker, onnxruntime-node ÷ TensorFlow.js wasm (median ms wasm ÷ median ms native), same 640 px photos, interleaved', {
      native_p50_ms: round(run.p50Ms.native, 1),
      wasm_p50_ms: round(run.p50Ms.wasm, 1),
      native_worker_rss_mb: round(run.rssMb.native, 0),
      wasm_worker_rss_mb: round(run.rssMb.wasm, 0),
      rss_before_mb: round(run.rssBeforeMb, 0),
      images: run.images,
      passes: o.passes,
      ...thisMachine(),
    }),
  ];
}

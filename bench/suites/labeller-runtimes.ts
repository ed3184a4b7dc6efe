/**
 * DetectLabels on onnxruntime-node (human's CenterNet and BlazeFace converted) against human on
 * TensorFlow.js (wasm): images/s on one worker each, native ÷ wasm, same 640 px photos,
 * interleaved so a busy spell on the machine hits both alike. Each call is the whole operation
 * (decode, preprocessing, models, AWS shape), as the labelling function asks for it. And each
 * runtime's worker RSS with every model loaded (labels, text, faces, moderation), one runtime at
 * a time so each figure is that worker's own growth.
 */
import { LABEL_OPTIONS } from '../../functions/lib/label-detector.js';
import type { Labeller } from '../../local/rekognition/labeller.js';
import { detectFaces } from '../../local/rekognition/operations/detect-faces.js';
import { detectLabels } from '../../local/rekognition/operations/detect-labels.js';
import { detectModerationLabels } from '../../local/rekognition/operations/detect-moderation-labels.js';
import { detectText } from '../../local/rekognition/operations/detect-text.js';
import { metric, thisMachine, type Step } from '../lib/metrics.js';
import { round } from '../lib/stats.js';
import { compareRuntimes } from '../lib/runtime-comparison.js';

/** The labelling function's request. */
const LABELS = { MinConfidence: LABEL_OPTIONS.minConfidence, MaxLabels: LABEL_OPTIONS.maxLabels };

/** One call of each operation, so the worker holds every model. */
async function loadEveryModel(labeller: Labeller, image: Uint8Array) {
  await detectLabels(labeller, image, LABELS);
  await detectText(labeller, image, {});
  await detectFaces(labeller, image, { Attributes: ['ALL'] });
  await detectModerationLabels(labeller, image, {});
}

export async function labellerRuntimesSuite(step: Step, o: { passes: number }) {
  const run = await compareRuntimes(step, { passes: o.passes, what: 'every model', load: loadEveryModel, call: (labeller, image) => detectLabels(labeller, image, LABELS) });
  const machine = thisMachine();
  return [
    metric('labeller_native_vs_wasm', round(run.p50Ms.wasm / run.p50Ms.native, 2), 'ratio', 'DetectLabels images/s on one worker, onnxruntime-node ÷ TensorFlow.js wasm (median ms wasm ÷ median ms native), same 640 px photos, interleaved', {
      native_p50_ms: round(run.p50Ms.native, 1),
      wasm_p50_ms: round(run.p50Ms.wasm, 1),
      images: run.images,
      passes: o.passes,
      ...machine,
    }),
    metric('models_worker_rss_mb_native', round(run.rssMb.native, 0), 'MB', 'RSS growth of the process as one native-runtime worker loads every model (labels, text, faces, moderation), before the timed passes', { rss_before_mb: round(run.rssBeforeMb, 0), ...machine }),
    metric('models_worker_rss_mb_wasm', round(run.rssMb.wasm, 0), 'MB', 'RSS growth of the process as one wasm-runtime worker loads every model, after the native one (same order each run)', { rss_before_mb: round(run.rssBeforeMb, 0), ...machine }),
  ];
}

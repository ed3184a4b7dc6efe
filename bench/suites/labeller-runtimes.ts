/**
 * DetectLabels on onnxruntime-node (human's CenterNet and BlazeFace converted) against human on
 * TensorFlow.js (wasm): images/s on one worker each, native ÷ wasm, same 640 px photos,
 * interleaved so a busy spell on the machine hits both alike. Each call is the whole operation
 * (decode, preprocessing, models, AWS shape), as the labelling function asks for it. And each
 * runtime's worker RSS with every model loaded (labels, text, faces, moderation), one runtime at
 * a time so each figure is that worker's own growth.
 */
import { LABEL_OPTIONS } from '../../functions/lib/label-detector.js';
import { createLabeller, type Labeller } from '../../local/rekognition/labeller.js';
import { detectFaces } from '../../local/rekognition/operations/detect-faces.js';
import { detectLabels } from '../../local/rekognition/operations/detect-labels.js';
import { detectModerationLabels } from '../../local/rekognition/operations/detect-moderation-labels.js';
import { detectText } from '../../local/rekognition/operations/detect-text.js';
import { benchImages } from '../lib/images.js';
import { metric, thisMachine, type Step } from '../lib/metrics.js';
import { median, round } from '../lib/stats.js';

const rssMb = () => process.memoryUsage().rss / 2 ** 20;
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
  const images = await benchImages();
  const runtimes = ['native', 'wasm'] as const;
  const rssBefore = rssMb();
  const rss: Record<string, number> = {};
  const labellers = { native: createLabeller({ workers: 1, runtime: 'native' }), wasm: createLabeller({ workers: 1, runtime: 'wasm' }) };
  try {
    for (const runtime of runtimes) {
      step(`${runtime}: loading every model…`);
      const before = rssMb();
      await loadEveryModel(labellers[runtime], images[0]!.bytes);
      rss[runtime] = round(rssMb() - before, 0);
    }
    const times: Record<string, number[]> = { native: [], wasm: [] };
    for (let pass = 0; pass < o.passes; pass++) {
      for (const [i, image] of images.entries()) {
        for (const runtime of pass % 2 ? [...runtimes].reverse() : runtimes) {
          step(`pass ${pass + 1}/${o.passes}, image ${i + 1}/${images.length}, ${runtime}…`);
          const t0 = performance.now();
          await detectLabels(labellers[runtime], image.bytes, LABELS);
          times[runtime]!.push(performance.now() - t0);
        }
      }
    }
    const p50 = (r: string) => median(times[r]!);
    const machine = thisMachine();
    return [
      metric('labeller_native_vs_wasm', round(p50('wasm') / p50('native'), 2), 'ratio', 'DetectLabels images/s on one worker, onnxruntime-node ÷ TensorFlow.js wasm (median ms wasm ÷ median ms native), same 640 px photos, interleaved', {
        native_p50_ms: round(p50('native'), 1),
        wasm_p50_ms: round(p50('wasm'), 1),
        images: images.length,
        passes: o.passes,
        ...machine,
      }),
      metric('models_worker_rss_mb_native', rss.native!, 'MB', 'RSS growth of the process as one native-runtime worker loads every model (labels, text, faces, moderation), before the timed passes', { rss_before_mb: round(rssBefore, 0), ...machine }),
      metric('models_worker_rss_mb_wasm', rss.wasm!, 'MB', 'RSS growth of the process as one wasm-runtime worker loads every model, after the native one (same order each run)', { rss_before_mb: round(rssBefore, 0), ...machine }),
    ];
  } finally {
    await Promise.all(runtimes.map((r) => labellers[r].close()));
  }
}

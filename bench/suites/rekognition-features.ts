/**
 * The offline Rekognition per feature: ms per image for IMAGE_PROPERTIES, DetectText, DetectFaces
 * and DetectModerationLabels as ratios to DetectLabels (GENERAL_LABELS) on the same photos, in the
 * same worker, in the same run; and the memory one worker holds once every model is loaded. Each
 * operation runs as the stand-in's server runs it (request checks, model task, AWS shape), without
 * the HTTP hop.
 */
import { createLabeller } from '../../local/rekognition/labeller.js';
import { detectFaces } from '../../local/rekognition/operations/detect-faces.js';
import { detectLabels } from '../../local/rekognition/operations/detect-labels.js';
import { detectModerationLabels } from '../../local/rekognition/operations/detect-moderation-labels.js';
import { detectText } from '../../local/rekognition/operations/detect-text.js';
import type { Labeller } from '../../local/rekognition/labeller.js';
import { benchImages } from '../lib/images.js';
import { metric, thisMachine, type Step } from '../lib/metrics.js';
import { median, round } from '../lib/stats.js';

type Feature = { name: string; run: (labeller: Labeller, image: Uint8Array) => Promise<unknown> };
const features: Feature[] = [
  { name: 'labels', run: (l, image) => detectLabels(l, image, { Features: ['GENERAL_LABELS'] }) },
  { name: 'image_properties', run: (l, image) => detectLabels(l, image, { Features: ['IMAGE_PROPERTIES'] }) },
  { name: 'text', run: (l, image) => detectText(l, image, {}) },
  { name: 'faces', run: (l, image) => detectFaces(l, image, { Attributes: ['ALL'] }) },
  { name: 'moderation', run: (l, image) => detectModerationLabels(l, image, {}) },
];

const rssMb = () => process.memoryUsage().rss / 2 ** 20;

export async function rekognitionFeaturesSuite(step: Step, o: { passes: number }) {
  const images = await benchImages();
  const labeller = createLabeller({ workers: 1 });
  try {
    const rssBefore = rssMb();
    const loadMs: Record<string, number> = {};
    const rssAfterLoad: Record<string, number> = {};
    for (const feature of features) {
      step(`${feature.name}: loading its model…`);
      const t0 = performance.now();
      await feature.run(labeller, images[0].bytes);
      loadMs[feature.name] = round(performance.now() - t0, 0);
      rssAfterLoad[feature.name] = round(rssMb() - rssBefore, 0);
    }
    const loaded = labeller.loadedModels();
    // Interleaved per image, so a busy spell on the machine hits every feature alike.
    const times: Record<string, number[]> = Object.fromEntries(features.map((f) => [f.name, []]));
    for (let pass = 0; pass < o.passes; pass++) {
      for (const [i, image] of images.entries()) {
        for (const feature of features) {
          step(`pass ${pass + 1}/${o.passes}, image ${i + 1}/${images.length}, ${feature.name}…`);
          const t0 = performance.now();
          await feature.run(labeller, image.bytes);
          times[feature.name].push(performance.now() - t0);
        }
      }
    }
    const rssAllModels = round(rssMb() - rssBefore, 0);
    const labelsMs = median(times.labels);
    const ratio = (name: string) => round(median(times[name]) / labelsMs, 2);
    const detail = (name: string) => ({ p50_ms: round(median(times[name]), 1), labels_p50_ms: round(labelsMs, 1), first_call_ms: loadMs[name], images: images.length, passes: o.passes });
    const over = 'median ms per 640 px photo ÷ DetectLabels (GENERAL_LABELS) median, one worker, same photos, interleaved';
    return [
      metric('image_properties_vs_labels', ratio('image_properties'), 'ratio', `DetectLabels IMAGE_PROPERTIES (runs the detector for the foreground split): ${over}`, detail('image_properties')),
      metric('text_vs_labels', ratio('text'), 'ratio', `DetectText (Tesseract, full resolution): ${over}`, detail('text')),
      metric('faces_vs_labels', ratio('faces'), 'ratio', `DetectFaces ALL (BlazeFace, FaceMesh, FaceRes, emotion): ${over}`, detail('faces')),
      metric('moderation_vs_labels', ratio('moderation'), 'ratio', `DetectModerationLabels (nsfwjs MobileNetV2 mid): ${over}`, detail('moderation')),
      metric('models_worker_rss_mb', rssAllModels, 'MB', 'RSS growth of the process from before the pool started to one worker holding every model, after the timed passes', {
        ...Object.fromEntries(Object.entries(rssAfterLoad).map(([name, mb]) => [`after_${name}_mb`, mb])),
        loaded: loaded.join(', '),
        ...thisMachine(),
      }),
    ];
  } finally {
    await labeller.close();
  }
}

/**
 * human's reading of CenterNet's `tower_0/detections` (object/centernet.ts), in the project's
 * code: the graph already decodes its heatmap into 100 rows of [x1, y1, x2, y2, score, class] in
 * input pixels; human keeps the rows non-max suppression selects (IoU 0.4), truncates each score
 * to two decimals and gives the box as ratios of the input, [x, y, width, height].
 */
import { cocoTaxonomy } from '../coco-taxonomy.js';
import { CENTERNET_SIZE } from './centernet-input.js';
import { nonMaxSuppression } from './nms.js';

/** COCO's classes in the model's class order, which is the taxonomy's order (human's object/labels.ts). */
const CLASSES = Object.keys(cocoTaxonomy);
const ROW = 6;
/** human's default for CenterNet. */
const IOU_THRESHOLD = 0.4;

export interface CenternetObject {
  label: string;
  score: number;
  /** [x, y, width, height] as ratios of the image (human's boxRaw, unclamped). */
  boxRaw: [number, number, number, number];
}

export function decodeCenternet(detections: Float32Array, o: { minScore: number; maxDetected: number }): CenternetObject[] {
  const rows = detections.length / ROW;
  const boxes = new Float32Array(rows * 4);
  const scores = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    const [x1, y1, x2, y2, score] = detections.subarray(i * ROW, i * ROW + 5);
    boxes.set([y1!, x1!, y2!, x2!], i * 4);
    scores[i] = score!;
  }
  const objects: CenternetObject[] = [];
  for (const i of nonMaxSuppression(boxes, scores, o.maxDetected, IOU_THRESHOLD, o.minScore)) {
    const row = detections.subarray(i * ROW, (i + 1) * ROW);
    const label = CLASSES[row[5]!];
    if (label === undefined) continue; // NaN or out of range: human skips it too
    const x = row[0]! / CENTERNET_SIZE;
    const y = row[1]! / CENTERNET_SIZE;
    objects.push({ label, score: Math.trunc(100 * row[4]!) / 100, boxRaw: [x, y, row[2]! / CENTERNET_SIZE - x, row[3]! / CENTERNET_SIZE - y] });
  }
  return objects;
}

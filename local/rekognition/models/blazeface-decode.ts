/**
 * human's reading of BlazeFace's outputs (face/blazeface.ts and facemeshutil.ts), in the project's
 * code: each of the 896 anchors has a logit, a box offset from its anchor and six keypoints; human
 * keeps what non-max suppression selects (IoU 0.1) above the minimum score, scales box and
 * keypoints to the image, enlarges the box 1.4× about its centre and makes it square, in whole
 * pixels, and rounds the score to two decimals.
 */
import { BLAZEFACE_SIZE } from './blazeface-input.js';
import { nonMaxSuppression } from './nms.js';

/** Values per anchor in the regressor output: box centre offset and size, then 6 keypoints (x, y). */
const REGRESSORS = 16;
const KEYPOINTS = 6;
const IOU_THRESHOLD = 0.1;
const ENLARGE = 1.4;

/** Anchor centres in input pixels: 16 × 16 cells of 2 anchors (stride 16), then 8 × 8 cells of 6 (stride 32). */
const ANCHORS: [number, number][] = (() => {
  const anchors: [number, number][] = [];
  for (const [stride, perCell] of [
    [BLAZEFACE_SIZE / 16, 2],
    [BLAZEFACE_SIZE / 8, 6],
  ] as const) {
    const cells = Math.floor((BLAZEFACE_SIZE + stride - 1) / stride);
    for (let y = 0; y < cells; y++) for (let x = 0; x < cells; x++) for (let n = 0; n < perCell; n++) anchors.push([stride * (x + 0.5), stride * (y + 0.5)]);
  }
  return anchors;
})();
export const BLAZEFACE_ANCHORS = ANCHORS.length;

export type Point = [number, number];

export interface BlazefaceFace {
  /** The detector's score, 0..1, and as human reports it (two decimals). */
  confidence: number;
  score: number;
  /** The enlarged, squared box in image pixels (whole numbers). */
  start: Point;
  end: Point;
  /** Eyes, nose, mouth, ears in image pixels. */
  landmarks: Point[];
  /** [x, y, width, height] as ratios of the image (human's boxRaw, unclamped). */
  boxRaw: [number, number, number, number];
}

/** `logits` (one per anchor) and `regressors` (16 per anchor) in anchor order. */
export function decodeBlazeface(logits: Float32Array, regressors: Float32Array, image: { width: number; height: number }, o: { minScore: number; maxDetected: number }): BlazefaceFace[] {
  const boxes = new Float32Array(ANCHORS.length * 4);
  const scores = new Float32Array(ANCHORS.length);
  ANCHORS.forEach(([ax, ay], i) => {
    const r = regressors.subarray(i * REGRESSORS, i * REGRESSORS + 4);
    const [cx, cy, w, h] = [r[0]! + ax, r[1]! + ay, r[2]!, r[3]!];
    // [x1, y1, x2, y2] in input pixels, as human hands them to NMS (its axes swapped: IoU is the same).
    boxes.set([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], i * 4);
    scores[i] = 1 / (1 + Math.exp(-logits[i]!));
  });
  const sx = image.width / BLAZEFACE_SIZE;
  const sy = image.height / BLAZEFACE_SIZE;
  const faces: BlazefaceFace[] = [];
  for (const i of nonMaxSuppression(boxes, scores, o.maxDetected, IOU_THRESHOLD, o.minScore)) {
    const [x1, y1, x2, y2] = boxes.subarray(i * 4, i * 4 + 4);
    // Scaled to the image, enlarged about the centre, then squared on the longer side, in whole pixels.
    const [left, top, right, bottom] = [x1! * sx, y1! * sy, x2! * sx, y2! * sy];
    const centre = [(left + right) / 2, (top + bottom) / 2] as const;
    const size = [ENLARGE * Math.abs(right - left), ENLARGE * Math.abs(bottom - top)] as const;
    if (Math.round(size[0]) <= 0 || Math.round(size[1]) <= 0) continue; // human's minimum size (0)
    const half = Math.max(...size) / 2;
    const start: Point = [Math.round(centre[0] - half), Math.round(centre[1] - half)];
    const end: Point = [Math.round(centre[0] + half), Math.round(centre[1] + half)];
    const keypoints = regressors.subarray(i * REGRESSORS + 4, i * REGRESSORS + 4 + 2 * KEYPOINTS);
    const [ax, ay] = ANCHORS[i]!;
    const landmarks = Array.from({ length: KEYPOINTS }, (_, k): Point => [(keypoints[2 * k]! + ax) * sx, (keypoints[2 * k + 1]! + ay) * sy]);
    faces.push({
      confidence: scores[i]!,
      score: Math.round(100 * scores[i]!) / 100,
      start,
      end,
      landmarks,
      boxRaw: [start[0] / image.width, start[1] / image.height, (end[0] - start[0]) / image.width, (end[1] - start[1]) / image.height],
    });
  }
  return faces;
}

/**
 * TensorFlow's (hard) non-max suppression, as tf.image.nonMaxSuppression selects: candidates
 * scoring above the threshold, best first (ties: the lower index first), each kept unless its IoU
 * with one already kept reaches the threshold, up to `max`. Boxes are [y1, x1, y2, x2], four
 * numbers a box, in any one unit; corners in either order.
 */
export function nonMaxSuppression(boxes: ArrayLike<number>, scores: ArrayLike<number>, max: number, iouThreshold: number, scoreThreshold: number): number[] {
  const candidates: number[] = [];
  for (let i = 0; i < scores.length; i++) if (scores[i]! > scoreThreshold) candidates.push(i);
  candidates.sort((a, b) => scores[b]! - scores[a]! || a - b);
  const kept: number[] = [];
  for (const i of candidates) {
    if (kept.length >= max) break;
    if (kept.every((j) => iou(boxes, i, j) < iouThreshold)) kept.push(i);
  }
  return kept;
}

function iou(boxes: ArrayLike<number>, i: number, j: number): number {
  const [y1a, x1a, y2a, x2a] = corners(boxes, i);
  const [y1b, x1b, y2b, x2b] = corners(boxes, j);
  const areaA = (y2a - y1a) * (x2a - x1a);
  const areaB = (y2b - y1b) * (x2b - x1b);
  if (areaA <= 0 || areaB <= 0) return 0;
  const overlap = Math.max(Math.min(y2a, y2b) - Math.max(y1a, y1b), 0) * Math.max(Math.min(x2a, x2b) - Math.max(x1a, x1b), 0);
  return overlap / (areaA + areaB - overlap);
}

/** [ymin, xmin, ymax, xmax] of box i. */
function corners(boxes: ArrayLike<number>, i: number): [number, number, number, number] {
  const [a, b, c, d] = [boxes[i * 4]!, boxes[i * 4 + 1]!, boxes[i * 4 + 2]!, boxes[i * 4 + 3]!];
  return [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
}

/**
 * What human feeds its CenterNet (object/centernet.ts): the pixels as float32 0..255, resized by
 * TensorFlow's default bilinear resize (no aligned corners, no half-pixel centres) to the model's
 * 512 × 512; the graph normalises them itself. Checked against human's own detections in
 * test/onnx/centernet.test.ts.
 */
import { resizeBilinear } from './resize-bilinear.js';

export const CENTERNET_SIZE = 512;

export function centernetInput(rgb: Uint8Array, width: number, height: number): Float32Array {
  return resizeBilinear(rgb, width, height, CENTERNET_SIZE, CENTERNET_SIZE, { alignCorners: false });
}

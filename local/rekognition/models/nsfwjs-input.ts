/**
 * nsfwjs's preprocessing, written here for the native runtime, where no TensorFlow.js runs:
 * pixels ÷ 255, then TensorFlow's bilinear resize with aligned corners (corner pixels map to
 * corner pixels, no half-pixel offset) to 224 × 224, NHWC float32. Checked against tfjs's own
 * resize in test/onnx/nsfwjs-input.test.ts.
 */
import { resizeBilinear } from './resize-bilinear.js';

export const NSFWJS_SIZE = 224;

export function nsfwjsInput(rgb: Uint8Array, width: number, height: number, size = NSFWJS_SIZE): Float32Array {
  return resizeBilinear(rgb, width, height, size, size, { alignCorners: true, divisor: 255 });
}

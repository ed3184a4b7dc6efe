/**
 * What human feeds BlazeFace (face/blazeface.ts, no padding to a square, as the object detector
 * configures it): TensorFlow's default bilinear resize to 256 × 256, then pixels ÷ 127.5 − 1.
 */
import { resizeBilinear } from './resize-bilinear.js';

export const BLAZEFACE_SIZE = 256;

export function blazefaceInput(rgb: Uint8Array, width: number, height: number): Float32Array {
  return resizeBilinear(rgb, width, height, BLAZEFACE_SIZE, BLAZEFACE_SIZE, { alignCorners: false, divisor: 127.5, offset: 1 });
}

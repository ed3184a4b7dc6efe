/**
 * What DetectLabels asks of its detectors, on either runtime: the thresholds and limits human is
 * configured with on wasm (object-detector.ts) and the native path applies itself
 * (object-detector-native.ts), and how a raw box becomes a Detection's.
 */
import type { Box } from '../detection.js';

/** CenterNet scores below this are noise; the API's MinConfidence filters further. */
export const OBJECT_MIN_SCORE = 0.2;
export const OBJECTS_MAX = 50;
/** BlazeFace's own threshold, and how many faces it may propose. */
export const FACE_DETECTOR_MIN_SCORE = 0.5;
export const FACES_MAX = 20;
/** BlazeFace alone (no mesh) finds "faces" on cats and fruit below this. */
export const FACE_MIN_SCORE = 0.85;

const clamp = (v: number) => Math.min(1, Math.max(0, v));
/** human's [x, y, width, height] ratios, clamped to the image. */
export function toBox(raw: readonly number[]): Box {
  const left = clamp(raw[0]!);
  const top = clamp(raw[1]!);
  return [left, top, clamp(raw[0]! + raw[2]!) - left, clamp(raw[1]! + raw[3]!) - top];
}

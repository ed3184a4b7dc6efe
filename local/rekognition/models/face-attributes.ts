/**
 * What human does around its emotion and FaceRes models (gear/emotion.ts, face/faceres.ts), in
 * the project's code. Both read the face crop FaceMesh was given (192 px, RGB 0..1): emotion
 * resizes it to 64 px grey (0.2989 R + 0.587 G + 0.114 B, then − 0.5, × 2); FaceRes to 224 px,
 * × 255. Their outputs become human's numbers: emotion scores truncated to two decimals (at most
 * 0.99), age interpolated towards the likelier neighbouring decade bin, gender where its margin
 * over 0.5 is above 0.1.
 */
import { resizeBilinear } from './resize-bilinear.js';

export const EMOTION_SIZE = 64;
export const FACERES_SIZE = 224;
/** The emotion model's classes in output order (human's list for its greyscale model). */
const EMOTIONS = ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'] as const;
const GREY = [0.2989, 0.587, 0.114] as const;
const GENDER_MIN_CONFIDENCE = 0.1;

export function emotionInput(crop: Float32Array, cropSize: number): Float32Array {
  const rgb = resizeBilinear(crop, cropSize, cropSize, EMOTION_SIZE, EMOTION_SIZE, { alignCorners: false });
  const grey = new Float32Array(EMOTION_SIZE * EMOTION_SIZE);
  for (let i = 0; i < grey.length; i++) grey[i] = (rgb[i * 3]! * GREY[0] + rgb[i * 3 + 1]! * GREY[1] + rgb[i * 3 + 2]! * GREY[2] - 0.5) * 2;
  return grey;
}

/** Each emotion scoring above `minScore`, as human reports it. */
export function decodeEmotion(scores: Float32Array, minScore: number): Record<string, number> {
  const out: Record<string, number> = {};
  EMOTIONS.forEach((name, i) => {
    if (scores[i]! > minScore) out[name] = Math.min(0.99, Math.trunc(100 * scores[i]!) / 100);
  });
  return out;
}

export function faceresInput(crop: Float32Array, cropSize: number): Float32Array {
  return resizeBilinear(crop, cropSize, cropSize, FACERES_SIZE, FACERES_SIZE, { alignCorners: false, divisor: 1 / 255 });
}

export function decodeFaceres(gender: Float32Array, ages: Float32Array): { age: number; gender?: { value: 'male' | 'female'; score: number } } {
  const confidence = Math.trunc(200 * Math.abs(gender[0]! - 0.5)) / 100;
  let best = 0;
  for (let i = 1; i < ages.length; i++) if (ages[i]! > ages[best]!) best = i;
  const below = ages[best - 1];
  const above = ages[best + 1];
  // As human computes it: at the first bin the missing neighbour compares false (it leans up), at the last it gives NaN.
  const age = Math.round(below !== undefined && above !== undefined && below > above ? 10 * best - 100 * below : 10 * best + 100 * (above ?? Number.NaN)) / 10;
  return { age, gender: confidence > GENDER_MIN_CONFIDENCE ? { value: gender[0]! <= 0.5 ? 'female' : 'male', score: Math.min(0.99, confidence) } : undefined };
}

/**
 * What DetectFaces makes of human's face results on either runtime (face-analyser.ts on wasm,
 * face-analyser-native.ts on onnxruntime-node): the thresholds, the padding to a square, and the
 * mapping from human's face to a RawFace (box, Rekognition's landmarks, pose, age, gender, emotions).
 */
import type { DecodedImage } from '../decode.js';
import type { RawFace } from '../detection.js';
import { regionQuality } from '../image-properties.js';
import { toBox } from './object-detection-settings.js';

/** A low detector floor (BlazeFace's score), up to 100 faces: the mesh's confidence decides (FACE_MIN_SCORE). */
export const FACE_DETECTOR = { minScore: 0.2, maxDetected: 100 } as const;
/** Emotions are reported whatever their score. */
export const EMOTION_MIN_SCORE = 0;

/**
 * The mesh's confidence for a real face is ~1.0; the detector's look-alikes (a cat's face, fruit,
 * patterns on a suit) that reach the mesh score ≤ 0.26 on the test photos (astronaut, messi5,
 * motorcycle_left, chelsea, fruits, coffee, horse). 0.5 sits in the gap.
 */
export const FACE_MIN_SCORE = 0.5;

/** Rekognition's landmark types → FaceMesh point indices (averaged). "Left" is the image's left. */
const LANDMARKS: Record<string, number[]> = {
  eyeLeft: [33, 133, 159, 145],
  eyeRight: [362, 263, 386, 374],
  leftPupil: [33, 133, 159, 145],
  rightPupil: [362, 263, 386, 374],
  leftEyeLeft: [33],
  leftEyeRight: [133],
  leftEyeUp: [159],
  leftEyeDown: [145],
  rightEyeLeft: [362],
  rightEyeRight: [263],
  rightEyeUp: [386],
  rightEyeDown: [374],
  leftEyeBrowLeft: [70],
  leftEyeBrowUp: [105],
  leftEyeBrowRight: [107],
  rightEyeBrowLeft: [336],
  rightEyeBrowUp: [334],
  rightEyeBrowRight: [300],
  nose: [1],
  noseLeft: [48],
  noseRight: [278],
  mouthLeft: [61],
  mouthRight: [291],
  mouthUp: [0],
  mouthDown: [17],
  upperJawlineLeft: [234],
  midJawlineLeft: [172],
  chinBottom: [152],
  midJawlineRight: [397],
  upperJawlineRight: [454],
};

/** The parts of human's FaceResult DetectFaces reads. */
export interface HumanFace {
  score: number;
  boxRaw: number[];
  meshRaw?: number[][];
  rotation?: { angle?: { roll: number; yaw: number; pitch: number } };
  age?: number;
  gender?: string;
  genderScore?: number;
  emotion?: { score: number; emotion: string }[];
}

const degrees = (radians: number) => Math.round(((radians * 180) / Math.PI) * 100) / 100;

/** Pads to a square (right and bottom, black) so faces near the edges of wide images are found. */
export function padToSquare(image: DecodedImage) {
  const side = Math.max(image.rgbWidth, image.rgbHeight);
  if (image.rgbWidth === image.rgbHeight) return { pixels: image.rgb, side };
  const pixels = new Uint8Array(side * side * 3);
  for (let y = 0; y < image.rgbHeight; y++) pixels.set(image.rgb.subarray(y * image.rgbWidth * 3, (y + 1) * image.rgbWidth * 3), y * side * 3);
  return { pixels, side };
}

/** human's faces (on the padded square of `side` px) as RawFaces, in ratios of the image; look-alikes dropped. */
export function toRawFaces(faces: HumanFace[], image: DecodedImage, side: number): RawFace[] {
  // From the padded square back to ratios of the image.
  const sx = side / image.rgbWidth;
  const sy = side / image.rgbHeight;
  return faces
    .filter((f) => f.score >= FACE_MIN_SCORE)
    .map((f) => {
      const box = toBox([f.boxRaw[0] * sx, f.boxRaw[1] * sy, f.boxRaw[2] * sx, f.boxRaw[3] * sy]);
      const landmarks: RawFace['landmarks'] = {};
      if (f.meshRaw?.length) {
        for (const [type, indices] of Object.entries(LANDMARKS)) {
          const points = indices.map((i) => f.meshRaw![i]);
          landmarks[type] = [(points.reduce((s, p) => s + p[0], 0) / points.length) * sx, (points.reduce((s, p) => s + p[1], 0) / points.length) * sy];
        }
      }
      const angle = f.rotation?.angle;
      return {
        score: f.score,
        box,
        landmarks,
        pose: angle ? { roll: degrees(angle.roll), yaw: degrees(angle.yaw), pitch: degrees(angle.pitch) } : undefined,
        age: f.age,
        gender: f.gender === 'male' || f.gender === 'female' ? { value: f.gender, score: f.genderScore ?? 0 } : undefined,
        emotions: f.emotion ? Object.fromEntries(f.emotion.map((e) => [e.emotion, e.score])) : undefined,
        quality: regionQuality(image, box),
      };
    });
}

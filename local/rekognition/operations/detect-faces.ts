/**
 * DetectFaces from human's face models. DEFAULT gives box, confidence, landmarks, pose and
 * quality; ALL (or AGE_RANGE, GENDER, EMOTIONS by name) adds what the models estimate. Attributes
 * no offline model gives (beard, glasses, smile, eyes open, …) are left out, which the SDK allows.
 */
import type { DetectFacesResponse, Emotion, EmotionName, FaceDetail, Landmark, LandmarkType } from '@aws-sdk/client-rekognition';
import { stringListParam } from '../api-error.js';
import type { RawFace } from '../detection.js';
import type { Labeller } from '../labeller.js';

const ATTRIBUTES = ['DEFAULT', 'ALL', 'AGE_RANGE', 'BEARD', 'EMOTIONS', 'EYE_DIRECTION', 'EYEGLASSES', 'EYES_OPEN', 'FACE_OCCLUDED', 'GENDER', 'MOUTH_OPEN', 'MUSTACHE', 'SMILE', 'SUNGLASSES'] as const;

/** human's emotion classes → Rekognition's. Nothing offline says CONFUSED. */
const EMOTIONS: Record<string, EmotionName> = { angry: 'ANGRY', disgust: 'DISGUSTED', fear: 'FEAR', happy: 'HAPPY', sad: 'SAD', surprise: 'SURPRISED', neutral: 'CALM' };

/** Rekognition answers at most the 100 largest faces. */
const MAX_FACES = 100;

const round = (v: number, digits = 3) => Math.round(v * 10 ** digits) / 10 ** digits;

export interface DetectFacesInput {
  Attributes?: unknown;
}

export async function detectFaces(labeller: Labeller, image: Uint8Array, input: DetectFacesInput): Promise<DetectFacesResponse> {
  const attributes = new Set(stringListParam(input.Attributes, 'Attributes', ATTRIBUTES) ?? ['DEFAULT']);
  const wants = (name: (typeof ATTRIBUTES)[number]) => attributes.has('ALL') || attributes.has(name);
  const { faces } = await labeller.run({ kind: 'faces' }, image);
  const largest = [...faces].sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3]).slice(0, MAX_FACES);
  return { FaceDetails: largest.map((face) => toFaceDetail(face, { ageRange: wants('AGE_RANGE'), gender: wants('GENDER'), emotions: wants('EMOTIONS') })) };
}

function toFaceDetail(face: RawFace, want: { ageRange: boolean; gender: boolean; emotions: boolean }): FaceDetail {
  const [left, top, width, height] = face.box;
  const detail: FaceDetail = {
    BoundingBox: { Left: round(left, 4), Top: round(top, 4), Width: round(width, 4), Height: round(height, 4) },
    Confidence: round(face.score * 100),
    Landmarks: Object.entries(face.landmarks).map(([type, [x, y]]): Landmark => ({ Type: type as LandmarkType, X: round(x, 4), Y: round(y, 4) })),
  };
  if (face.pose) detail.Pose = { Roll: face.pose.roll, Yaw: face.pose.yaw, Pitch: face.pose.pitch };
  if (face.quality) detail.Quality = { Brightness: face.quality.brightness, Sharpness: face.quality.sharpness };
  if (want.ageRange && face.age !== undefined) {
    // One estimate, widened into a range: ±15 % of the age, at least ±3 years.
    const spread = Math.max(3, face.age * 0.15);
    detail.AgeRange = { Low: Math.max(0, Math.floor(face.age - spread)), High: Math.ceil(face.age + spread) };
  }
  if (want.gender && face.gender) detail.Gender = { Value: face.gender.value === 'male' ? 'Male' : 'Female', Confidence: round(face.gender.score * 100) };
  if (want.emotions && face.emotions) {
    detail.Emotions = Object.entries(face.emotions)
      .filter(([name]) => EMOTIONS[name])
      .map(([name, score]): Emotion => ({ Type: EMOTIONS[name], Confidence: round(score * 100) }))
      .sort((a, b) => b.Confidence! - a.Confidence!);
  }
  return detail;
}

/**
 * Faces with @vladmandic/human's own face models: BlazeFace finds them, FaceMesh places 468 points
 * (landmarks, pose, and a confidence that tells real faces from look-alikes), FaceRes estimates age
 * and gender, and the emotion model scores seven expressions.
 */
import type { DecodedImage } from '../decode.js';
import type { RawFace } from '../detection.js';
import { regionQuality } from '../image-properties.js';
import { loadHuman } from './human-runtime.js';
import { toBox } from './object-detection-settings.js';

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

interface HumanFace {
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
function padToSquare(image: DecodedImage) {
  const side = Math.max(image.rgbWidth, image.rgbHeight);
  if (image.rgbWidth === image.rgbHeight) return { pixels: image.rgb, side };
  const pixels = new Uint8Array(side * side * 3);
  for (let y = 0; y < image.rgbHeight; y++) pixels.set(image.rgb.subarray(y * image.rgbWidth * 3, (y + 1) * image.rgbWidth * 3), y * side * 3);
  return { pixels, side };
}

export async function loadFaceAnalyser() {
  const human = await loadHuman({
    face: {
      enabled: true,
      // A low detector floor: the mesh's confidence decides (FACE_MIN_SCORE).
      detector: { rotation: true, maxDetected: 100, minConfidence: 0.2, return: false },
      mesh: { enabled: true },
      iris: { enabled: false },
      description: { enabled: true },
      emotion: { enabled: true, minConfidence: 0 },
      antispoof: { enabled: false },
      liveness: { enabled: false },
    },
  });
  return async function analyseFaces(image: DecodedImage): Promise<RawFace[]> {
    const { pixels, side } = padToSquare(image);
    const tensor = human.tf.tensor3d(pixels, [side, side, 3], 'int32');
    let faces: HumanFace[];
    try {
      faces = (await human.detect(tensor)).face as HumanFace[];
    } finally {
      tensor.dispose();
    }
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
  };
}

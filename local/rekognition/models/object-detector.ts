/** CenterNet (COCO's 80 classes) and BlazeFace, from @vladmandic/human: what DetectLabels names. */
import type { Box, Detection } from '../detection.js';
import type { DecodedImage } from '../decode.js';
import { loadHuman } from './human-runtime.js';

/** CenterNet scores below this are noise; the API's MinConfidence filters further. */
const OBJECT_MIN_SCORE = 0.2;
/** BlazeFace alone (no mesh) finds "faces" on cats and fruit below this. */
const FACE_MIN_SCORE = 0.85;

const clamp = (v: number) => Math.min(1, Math.max(0, v));
export function toBox(raw: number[]): Box {
  const left = clamp(raw[0]);
  const top = clamp(raw[1]);
  return [left, top, clamp(raw[0] + raw[2]) - left, clamp(raw[1] + raw[3]) - top];
}

export async function loadObjectDetector() {
  const human = await loadHuman({
    face: { enabled: true, detector: { rotation: false, maxDetected: 20, minConfidence: 0.5 }, mesh: { enabled: false }, iris: { enabled: false }, description: { enabled: false }, emotion: { enabled: false }, antispoof: { enabled: false }, liveness: { enabled: false } },
    object: { enabled: true, modelPath: 'centernet.json', minConfidence: OBJECT_MIN_SCORE, maxDetected: 50 },
  });
  return async function detectObjects(image: DecodedImage): Promise<Detection[]> {
    const tensor = human.tf.tensor3d(image.rgb, [image.rgbHeight, image.rgbWidth, 3], 'int32');
    try {
      const result = (await human.detect(tensor)) as { object: { label: string; score: number; boxRaw: number[] }[]; face: { score: number; boxRaw: number[] }[] };
      return [
        ...result.object.map((o) => ({ className: o.label, score: o.score, box: toBox(o.boxRaw) })),
        ...result.face.filter((f) => f.score >= FACE_MIN_SCORE).map((f) => ({ className: 'face', score: f.score, box: toBox(f.boxRaw) })),
      ];
    } finally {
      tensor.dispose();
    }
  };
}

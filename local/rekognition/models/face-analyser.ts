/**
 * Faces with @vladmandic/human's own face models: BlazeFace finds them, FaceMesh places 468 points
 * (landmarks, pose, and a confidence that tells real faces from look-alikes), FaceRes estimates age
 * and gender, and the emotion model scores seven expressions. On onnxruntime-node
 * (face-analyser-native.ts: the models converted, human's crops and geometry in the project's
 * code) or, as before, by human itself on TensorFlow.js (wasm).
 */
import type { DecodedImage } from '../decode.js';
import type { LabellerRuntime, RawFace } from '../detection.js';
import { EMOTION_MIN_SCORE, FACE_DETECTOR, type HumanFace, padToSquare, toRawFaces } from './face-output.js';
import { loadHuman } from './human-runtime.js';
import { loadNativeFaceAnalyser } from './face-analyser-native.js';
import { nativeRuntime } from './native-runtime.js';

/** The analyser on the runtime asked for (onnxruntime-node unless it cannot load, or wasm). */
export async function loadFaceAnalyser(runtime: LabellerRuntime) {
  const ort = await nativeRuntime(runtime);
  if (ort) return Object.assign(await loadNativeFaceAnalyser(ort), { runtime: 'native' as const });
  return Object.assign(await loadWasmFaceAnalyser(), { runtime: 'wasm' as const });
}

export async function loadWasmFaceAnalyser() {
  const human = await loadHuman({
    face: {
      enabled: true,
      detector: { rotation: true, maxDetected: FACE_DETECTOR.maxDetected, minConfidence: FACE_DETECTOR.minScore, return: false },
      mesh: { enabled: true },
      iris: { enabled: false },
      description: { enabled: true },
      emotion: { enabled: true, minConfidence: EMOTION_MIN_SCORE },
      antispoof: { enabled: false },
      liveness: { enabled: false },
    },
  });
  return async function analyseFaces(image: DecodedImage): Promise<RawFace[]> {
    const { pixels, side } = padToSquare(image);
    const tensor = human.tf.tensor3d(pixels, [side, side, 3], 'int32');
    try {
      return toRawFaces((await human.detect(tensor)).face as HumanFace[], image, side);
    } finally {
      tensor.dispose();
    }
  };
}

/**
 * CenterNet (COCO's 80 classes) and BlazeFace, from @vladmandic/human: what DetectLabels names.
 * On onnxruntime-node (object-detector-native.ts, the models converted, human's pre- and
 * post-processing in the project's code) or, as before, by human itself on TensorFlow.js (wasm).
 */
import type { Detection, LabellerRuntime } from '../detection.js';
import type { DecodedImage } from '../decode.js';
import { loadHuman } from './human-runtime.js';
import { nativeRuntime } from './native-runtime.js';
import { loadNativeObjectDetector } from './object-detector-native.js';
import { FACE_DETECTOR_MIN_SCORE, FACE_MIN_SCORE, FACES_MAX, OBJECT_MIN_SCORE, OBJECTS_MAX, toBox } from './object-detection-settings.js';

/** The detector on the runtime asked for (onnxruntime-node unless it cannot load, or wasm). */
export async function loadObjectDetector(runtime: LabellerRuntime) {
  const ort = await nativeRuntime(runtime);
  if (ort) return Object.assign(await loadNativeObjectDetector(ort), { runtime: 'native' as const });
  return Object.assign(await loadWasmObjectDetector(), { runtime: 'wasm' as const });
}

export async function loadWasmObjectDetector() {
  const human = await loadHuman({
    face: { enabled: true, detector: { rotation: false, maxDetected: FACES_MAX, minConfidence: FACE_DETECTOR_MIN_SCORE }, mesh: { enabled: false }, iris: { enabled: false }, description: { enabled: false }, emotion: { enabled: false }, antispoof: { enabled: false }, liveness: { enabled: false } },
    object: { enabled: true, modelPath: 'centernet.json', minConfidence: OBJECT_MIN_SCORE, maxDetected: OBJECTS_MAX },
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

/**
 * human's CenterNet and BlazeFace converted to ONNX (local/rekognition/onnx) and run by
 * onnxruntime-node, with human's resizing and decoding written in the project's code
 * (centernet-*.ts, blazeface-*.ts), so the detections are those of the wasm path
 * (test/onnx/object-detector-native.test.ts, test/onnx/labels-runtimes.test.ts).
 */
import type { Detection } from '../detection.js';
import type { DecodedImage } from '../decode.js';
import { cachedOnnx } from '../onnx/cache.js';
import { humanModel } from '../onnx/sources.js';
import { runBlazeface } from './blazeface-native.js';
import { decodeCenternet } from './centernet-decode.js';
import { CENTERNET_SIZE, centernetInput } from './centernet-input.js';
import { FACE_DETECTOR_MIN_SCORE, FACE_MIN_SCORE, FACES_MAX, OBJECT_MIN_SCORE, OBJECTS_MAX, toBox } from './object-detection-settings.js';
import { createSession, type OrtModule } from './onnx-session.js';

export async function loadNativeObjectDetector(ort: OrtModule) {
  const [centernet, blazeface] = await Promise.all(
    (['centernet', 'blazeface'] as const).map(async (name) => createSession(ort, (await cachedOnnx(await humanModel(name))).onnx)),
  );
  const [centernetIn] = centernet!.inputNames;

  async function objects(image: DecodedImage) {
    const input = new ort.Tensor('float32', centernetInput(image.rgb, image.rgbWidth, image.rgbHeight), [1, CENTERNET_SIZE, CENTERNET_SIZE, 3]);
    const out = await centernet!.run({ [centernetIn!]: input });
    return decodeCenternet(out['tower_0/detections']!.data as Float32Array, { minScore: OBJECT_MIN_SCORE, maxDetected: OBJECTS_MAX });
  }

  const faces = (image: DecodedImage) => runBlazeface(ort, blazeface!, { data: image.rgb, width: image.rgbWidth, height: image.rgbHeight }, { minScore: FACE_DETECTOR_MIN_SCORE, maxDetected: FACES_MAX });

  return async function detectObjects(image: DecodedImage): Promise<Detection[]> {
    // One after the other: each session has one thread, and the worker one core.
    const found = await objects(image);
    const faceFound = await faces(image);
    return [
      ...found.map((o) => ({ className: o.label, score: o.score, box: toBox(o.boxRaw) })),
      ...faceFound.filter((f) => f.score >= FACE_MIN_SCORE).map((f) => ({ className: 'face', score: f.score, box: toBox(f.boxRaw) })),
    ];
  };
}

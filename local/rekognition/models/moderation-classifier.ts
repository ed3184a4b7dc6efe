/**
 * nsfwjs's MobileNetV2 ("mid") classifier, whose weights ship inside the nsfwjs package: on
 * onnxruntime-node (moderation-classifier-native.ts) or, as before, by the project's own
 * @tensorflow/tfjs on the wasm backend. nsfwjs resizes in TensorFlow (bilinear,
 * aligned corners, to 224 px); it is given the decoded pixels, not a sharp thumbnail, because
 * that resize is part of what the model was trained with.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { DecodedImage } from '../decode.js';
import type { LabellerRuntime } from '../detection.js';
import { wasmDir } from './human-runtime.js';
import { loadNativeModerationClassifier } from './moderation-classifier-native.js';
import { nativeRuntime } from './native-runtime.js';

/** The classifier on the runtime asked for (onnxruntime-node unless it cannot load, or wasm). */
export async function loadModerationClassifier(runtime: LabellerRuntime) {
  const ort = await nativeRuntime(runtime);
  // The runtime it ended up on, for /_local/models (a fallback is visible there too).
  if (ort) return Object.assign(await loadNativeModerationClassifier(ort), { runtime: 'native' as const });
  return Object.assign(await loadWasmModerationClassifier(), { runtime: 'wasm' as const });
}

export async function loadWasmModerationClassifier() {
  setWasmPaths(wasmDir);
  if (!(await tf.setBackend('wasm'))) throw new Error('The TensorFlow.js wasm backend did not start');
  await tf.ready();
  const { load } = await import('nsfwjs');
  const { MobileNetV2MidModel } = await import('nsfwjs/models/mobilenet_v2_mid');
  const quiet = console.info;
  console.info = () => {}; // nsfwjs announces the model it loads on every load
  let model;
  try {
    model = await load('MobileNetV2Mid', { modelDefinitions: [MobileNetV2MidModel] } as Parameters<typeof load>[1]);
  } finally {
    console.info = quiet;
  }
  /** Probability of each of nsfwjs's classes (Drawing, Hentai, Neutral, Porn, Sexy), 0..1. */
  return async function classify(image: DecodedImage): Promise<Record<string, number>> {
    const pixels = tf.tensor3d(image.rgb, [image.rgbHeight, image.rgbWidth, 3], 'int32');
    try {
      const predictions = await model.classify(pixels, 5);
      return Object.fromEntries(predictions.map((p) => [p.className, p.probability]));
    } finally {
      pixels.dispose();
    }
  };
}

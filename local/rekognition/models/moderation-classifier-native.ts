/**
 * nsfwjs's MobileNetV2 ("mid") converted to ONNX (local/rekognition/onnx) and run by
 * onnxruntime-node; the preprocessing is nsfwjs's, in the project's code (nsfwjs-input.ts), so
 * the probabilities are those of the wasm path (test/rekognition/moderation-runtimes.test.ts).
 */
import type { DecodedImage } from '../decode.js';
import { cachedOnnx } from '../onnx/cache.js';
import { nsfwjsMobileNetV2Mid } from '../onnx/sources.js';
import { NSFWJS_SIZE, nsfwjsInput } from './nsfwjs-input.js';
import { createSession, type OrtModule } from './onnx-session.js';

/** nsfwjs's class names, in the order of the model's five outputs (nsfwjs's NSFW_CLASSES). */
const CLASSES = ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'] as const;
const INPUT = 'input';
const OUTPUT = 'Identity';

export async function loadNativeModerationClassifier(ort: OrtModule) {
  const { onnx } = await cachedOnnx(await nsfwjsMobileNetV2Mid());
  const session = await createSession(ort, onnx);
  /** Probability of each of nsfwjs's classes, 0..1. */
  return async function classify(image: DecodedImage): Promise<Record<string, number>> {
    const input = new ort.Tensor('float32', nsfwjsInput(image.rgb, image.rgbWidth, image.rgbHeight), [1, NSFWJS_SIZE, NSFWJS_SIZE, 3]);
    const out = await session.run({ [INPUT]: input }, [OUTPUT]);
    const probabilities = out[OUTPUT]!.data as Float32Array;
    return Object.fromEntries(CLASSES.map((name, i) => [name, probabilities[i]!]));
  };
}

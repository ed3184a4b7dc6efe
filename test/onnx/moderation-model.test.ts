/**
 * nsfwjs's MobileNetV2 ("mid"), converted whole, against TensorFlow.js on every test photo: the
 * same 224 px input (nsfwjs's own preprocessing, in tfjs) to both, the five class probabilities
 * within 1e-4 (absolute) of each other. And the cache: converted once, then read by hash.
 */
import { readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode } from '../../local/rekognition/decode.js';
import { wasmDir } from '../../local/rekognition/models/human-runtime.js';
import { cachedOnnx } from '../../local/rekognition/onnx/cache.js';
import { type ModelSource, nsfwjsMobileNetV2Mid } from '../../local/rekognition/onnx/sources.js';
import { image } from '../support/paths.js';
import { expectClose } from './tiny-graph.js';

const PHOTOS = ['astronaut.png', 'chelsea.png', 'coffee.png', 'fruits.jpg', 'horse.png', 'messi5.jpg', 'motorcycle_left.png'];
const cacheDir = join(tmpdir(), `blobs-onnx-test-${process.pid}`);
const OUTPUT = 'Identity';

let source: ModelSource;
let tfModel: tf.GraphModel;
let session: ort.InferenceSession;
let converted: boolean;

beforeAll(async () => {
  // The backend the labeller runs nsfwjs on today (the cpu backend takes seconds per photo).
  setWasmPaths(wasmDir);
  await tf.setBackend('wasm');
  source = await nsfwjsMobileNetV2Mid();
  const artifacts = {
    format: 'graph-model',
    modelTopology: source.model.modelTopology,
    weightSpecs: source.model.weightsManifest.flatMap((m) => m.weights),
    weightData: source.weights.slice().buffer,
  } as tf.io.ModelArtifacts;
  tfModel = await tf.loadGraphModel(tf.io.fromMemory(artifacts));
  const cached = await cachedOnnx(source, { cacheDir });
  converted = cached.converted;
  session = await ort.InferenceSession.create(cached.onnx, { intraOpNumThreads: 1, interOpNumThreads: 1 });
});

afterAll(async () => {
  await session?.release();
  tfModel?.dispose();
  await rm(cacheDir, { recursive: true, force: true });
});

/** nsfwjs's infer(): pixels / 255, bilinear with aligned corners to 224 px, batch of one. */
async function preprocess(file: string): Promise<Float32Array> {
  const decoded = await decode(await readFile(image(file)));
  return tf.tidy(() => {
    const pixels = tf.tensor3d(decoded.rgb, [decoded.rgbHeight, decoded.rgbWidth, 3], 'int32');
    return tf.image.resizeBilinear(pixels.toFloat().div(255) as tf.Tensor3D, [224, 224], true).reshape([1, 224, 224, 3]);
  }).dataSync() as Float32Array;
}

describe('nsfwjs MobileNetV2 (mid) on onnxruntime-node', () => {
  it.each(PHOTOS)('%s: the five probabilities match TensorFlow.js within 1e-4', async (file) => {
    const input = await preprocess(file);
    const expected = tf.tidy(() => (tfModel.predict(tf.tensor4d(input, [1, 224, 224, 3])) as tf.Tensor).dataSync());
    const out = await session.run({ input: new ort.Tensor('float32', input, [1, 224, 224, 3]) }, [OUTPUT]);
    const actual = out[OUTPUT]!.data as Float32Array;
    expect(out[OUTPUT]!.dims).toEqual([1, 5]);
    // Absolute: probabilities are in 0..1 (expectClose's relative form is ≤ this there).
    expectClose(actual, expected, 1e-4, file);
  });

  it('was converted on first load into the cache, and is read from it after (keyed by the source hash)', async () => {
    expect(converted).toBe(true);
    const files = await readdir(cacheDir);
    expect(files).toEqual([expect.stringMatching(/^nsfwjs-mobilenet-v2-mid-[0-9a-f]{16}\.onnx$/)]);
    const again = await cachedOnnx(source, { cacheDir });
    expect(again.converted).toBe(false);
    expect(again.file).toBe(join(cacheDir, files[0]!));
    expect(Buffer.compare(Buffer.from(again.onnx), await readFile(again.file))).toBe(0);
  });

  it('a changed source (one weight byte) is a new cache entry', async () => {
    const weights = source.weights.slice();
    weights[0] = weights[0]! ^ 1;
    const changed = await cachedOnnx({ ...source, weights }, { cacheDir });
    expect(changed.converted).toBe(true);
    expect((await readdir(cacheDir)).length).toBe(2);
  });
});

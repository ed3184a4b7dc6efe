/**
 * The object detector on onnxruntime-node (human's CenterNet and BlazeFace converted, human's
 * pre- and post-processing in the project's code) against human itself on TensorFlow.js (wasm,
 * pinned before each photo: human sets its backend once, and a test earlier in this worker may
 * have switched the shared tfjs to cpu since) on every test photo: the same
 * detections in the same order, each score within 0.01 (one step of human's two-decimal
 * rounding), each box side within 0.005 of the image.
 */
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decode } from '../../local/rekognition/decode.js';
import type { Detection } from '../../local/rekognition/detection.js';
import { wasmDir } from '../../local/rekognition/models/human-runtime.js';
import { loadWasmObjectDetector } from '../../local/rekognition/models/object-detector.js';
import { loadNativeObjectDetector } from '../../local/rekognition/models/object-detector-native.js';
import { loadOrt } from '../../local/rekognition/models/onnx-session.js';
import { image } from '../support/paths.js';

const PHOTOS = ['astronaut.png', 'chelsea.png', 'coffee.png', 'fruits.jpg', 'horse.png', 'messi5.jpg', 'motorcycle_left.png'];
type Detect = (image: Awaited<ReturnType<typeof decode>>) => Promise<Detection[]>;
let native: Detect;
let wasm: Detect;
// Loading human in this process replaces fetch with the workers' offline one; the next file in
// this worker (isolate: false) gets its own back.
const realFetch = globalThis.fetch;

beforeAll(async () => {
  [native, wasm] = await Promise.all([loadOrt().then(loadNativeObjectDetector), loadWasmObjectDetector()]);
});
afterAll(() => {
  globalThis.fetch = realFetch;
});
beforeEach(async () => {
  setWasmPaths(wasmDir);
  if (tf.getBackend() !== 'wasm') await tf.setBackend('wasm');
});

describe('object detector: onnxruntime-node against human on TensorFlow.js', () => {
  it.each(PHOTOS)('%s: same classes, scores within 0.01, boxes within 0.005', async (file) => {
    const decoded = await decode(await readFile(image(file)));
    const expected = await wasm(decoded);
    const actual = await native(decoded);
    expect(expected.length).toBeGreaterThan(0);
    expect(actual.map((d) => d.className)).toEqual(expected.map((d) => d.className));
    actual.forEach((d, i) => {
      const e = expected[i]!;
      expect(Math.abs(d.score - e.score), `${file} ${d.className} #${i} score ${d.score} vs ${e.score}`).toBeLessThanOrEqual(0.01 + 1e-9);
      d.box.forEach((v, k) => expect(Math.abs(v - e.box[k]!), `${file} ${d.className} #${i} box[${k}]`).toBeLessThanOrEqual(0.005));
    });
  });

  it('finds the faces and objects the photos show', async () => {
    const messi = await native(await decode(await readFile(image('messi5.jpg'))));
    expect(messi.map((d) => d.className)).toEqual(expect.arrayContaining(['person', 'sports ball', 'face']));
  });
});

/**
 * The native path's copy of nsfwjs's preprocessing (÷ 255, bilinear with aligned corners to
 * 224 px) against TensorFlow.js's own resize, on photos and on sizes smaller than the output.
 * Tolerance 1e-5 absolute on values in 0..1 (float32 rounding in another order).
 */
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import { decode } from '../../local/rekognition/decode.js';
import { nsfwjsInput } from '../../local/rekognition/models/nsfwjs-input.js';
import { image } from '../support/paths.js';
import { expectClose } from './tiny-graph.js';

function tfjsInput(rgb: Uint8Array, width: number, height: number): Float32Array {
  return tf.tidy(() => tf.image.resizeBilinear(tf.tensor3d(rgb, [height, width, 3], 'int32').toFloat().div(255) as tf.Tensor3D, [224, 224], true).dataSync() as Float32Array);
}

// tfjs's reference kernels, whatever backend an earlier file in this worker chose (the model
// tests choose wasm, whose resize rounds differently at the last float32 digits).
beforeAll(async () => {
  if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
});

describe('nsfwjsInput', () => {
  it.each(['chelsea.png', 'messi5.jpg'])('%s: the same 224 px input as nsfwjs’s tfjs preprocessing', async (file) => {
    const d = await decode(await readFile(image(file)));
    expectClose(nsfwjsInput(d.rgb, d.rgbWidth, d.rgbHeight), tfjsInput(d.rgb, d.rgbWidth, d.rgbHeight), 1e-5, file);
  });

  it.each([
    [97, 131],
    [300, 5],
  ])('a %i × %i image (upscaled on one side)', (width, height) => {
    const rgb = Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 37 + (i >> 5)) % 256);
    expectClose(nsfwjsInput(rgb, width, height), tfjsInput(rgb, width, height), 1e-5, `${width}×${height}`);
  });
});

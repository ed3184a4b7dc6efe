/**
 * The native face analyser's image kernels against TensorFlow.js's own (its cpu reference
 * backend, pinned: a model test earlier in this worker may have chosen wasm): rotateWithOffset
 * exactly (nearest pixel, black outside), cropAndResize within 1e-5 relative (bilinear, boxes
 * inside and reaching outside the image).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cropAndResize, rotateWithOffset } from '../../local/rekognition/models/image-warp.js';
import { expectClose } from './tiny-graph.js';

beforeAll(async () => {
  if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
});

const [width, height] = [67, 45];
const data = Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 37 + (i >> 5)) % 256);
const pixels = () => tf.tensor4d(data, [1, height, width, 3], 'int32').toFloat() as tf.Tensor4D;

describe('rotateWithOffset', () => {
  it.each([
    [0.7, [30.5, 20]],
    [-1.1, [10, 40]],
    [Math.PI / 2, [33.5, 22.5]],
  ] as const)('%f rad about %j: the pixels tf.image.rotateWithOffset gives', (radians, centre) => {
    const expected = tf.tidy(() => tf.image.rotateWithOffset(pixels(), radians, 0, [centre[0] / width, centre[1] / height]).dataSync());
    expect(Array.from(rotateWithOffset({ data, width, height }, radians, [centre[0], centre[1]]).data)).toEqual(Array.from(expected));
  });
});

describe('cropAndResize', () => {
  it.each([
    [[0.1, 0.2, 0.8, 0.7], 19],
    [[-0.2, -0.1, 0.6, 1.3], 32],
    [[0.25, 0.25, 0.5, 0.5], 1],
  ] as const)('box %j to %i px: the values tf.image.cropAndResize gives', (box, size) => {
    const expected = tf.tidy(() => tf.image.cropAndResize(pixels(), [[...box]], [0], [size, size]).dataSync());
    expectClose(cropAndResize({ data, width, height }, [...box], size), expected, 1e-5, `${box}`);
  });
});

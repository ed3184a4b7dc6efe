/**
 * The native object detector's pieces of human's work, each against TensorFlow.js's own kernel
 * (its cpu reference backend, pinned: a model test earlier in this worker may have chosen wasm):
 * the default bilinear resize CenterNet and BlazeFace are fed with (1e-5 relative), and the
 * non-max suppression both decoders select with (the same indices, in the same order).
 */
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decode } from '../../local/rekognition/decode.js';
import { blazefaceInput } from '../../local/rekognition/models/blazeface-input.js';
import { centernetInput } from '../../local/rekognition/models/centernet-input.js';
import { nonMaxSuppression } from '../../local/rekognition/models/nms.js';
import { image } from '../support/paths.js';
import { expectClose } from './tiny-graph.js';

beforeAll(async () => {
  if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
});

/** human's preprocessing: float pixels, tfjs's default resize, then (BlazeFace) ÷ 127.5 − 1. */
function tfjsResized(rgb: Uint8Array, width: number, height: number, size: number, normalise: boolean): Float32Array {
  return tf.tidy(() => {
    const resized = tf.image.resizeBilinear(tf.tensor3d(rgb, [height, width, 3], 'int32').toFloat() as tf.Tensor3D, [size, size]);
    return (normalise ? resized.div(127.5).sub(1) : resized).dataSync() as Float32Array;
  });
}

describe('CenterNet and BlazeFace inputs', () => {
  it.each(['messi5.jpg', 'chelsea.png'])('%s: the same inputs as human’s tfjs preprocessing', async (file) => {
    const d = await decode(await readFile(image(file)));
    expectClose(centernetInput(d.rgb, d.rgbWidth, d.rgbHeight), tfjsResized(d.rgb, d.rgbWidth, d.rgbHeight, 512, false), 1e-5, `${file} centernet`);
    expectClose(blazefaceInput(d.rgb, d.rgbWidth, d.rgbHeight), tfjsResized(d.rgb, d.rgbWidth, d.rgbHeight, 256, true), 1e-5, `${file} blazeface`);
  });

  it('an image smaller than the input (upscaled), odd sizes', () => {
    const [width, height] = [97, 131];
    const rgb = Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 37 + (i >> 5)) % 256);
    expectClose(centernetInput(rgb, width, height), tfjsResized(rgb, width, height, 512, false), 1e-5, 'centernet');
    expectClose(blazefaceInput(rgb, width, height), tfjsResized(rgb, width, height, 256, true), 1e-5, 'blazeface');
  });
});

describe('nonMaxSuppression', () => {
  // Overlapping boxes of many sizes (a scrambled sequence), some degenerate, with tied scores.
  const count = 300;
  const n = (i: number) => ((i * 2654435761) % 1000) / 1000;
  const boxes = Float32Array.from({ length: count * 4 }, (_, i) => (i % 4 < 2 ? n(i) * 100 : n(i - 2) * 100 + n(i) * 40 - 5));
  const scores = Float32Array.from({ length: count }, (_, i) => Math.round(n(i * 7 + 3) * 50) / 50);

  it.each([
    [50, 0.4, 0.2],
    [20, 0.1, 0.5],
    [1000, 0.7, 0],
  ])('max %i, IoU %f, score > %f: the indices tf.image.nonMaxSuppression selects', (max, iou, minScore) => {
    const expected = tf.tidy(() => Array.from(tf.image.nonMaxSuppression(tf.tensor2d(boxes, [count, 4]), tf.tensor1d(scores), max, iou, minScore).dataSync()));
    expect(expected.length).toBeGreaterThan(0);
    expect(nonMaxSuppression(boxes, scores, max, iou, minScore)).toEqual(expected);
  });
});

/** Weight decoding: the converter dequantizes exactly as TensorFlow.js's own loader does. */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { TfjsModelJson, WeightSpec } from '../../local/rekognition/onnx/convert/tfjs-model.js';
import { decodeWeights } from '../../local/rekognition/onnx/convert/weights.js';

const specs: WeightSpec[] = [
  { name: 'plain', shape: [3], dtype: 'float32' },
  { name: 'u8', shape: [2, 2], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.02, min: -1.3 } },
  { name: 'u16', shape: [3], dtype: 'float32', quantization: { dtype: 'uint16', scale: 0.0001, min: 0.5 } },
  { name: 'half', shape: [5], dtype: 'float32', quantization: { dtype: 'float16' } },
  { name: 'int', shape: [2], dtype: 'int32' },
  { name: 'intU8', shape: [3], dtype: 'int32', quantization: { dtype: 'uint8', scale: 0.5, min: -3 } },
];
const bytes = Buffer.concat([
  Buffer.from(Float32Array.of(1.5, -2, 3.25).buffer),
  Buffer.from(Uint8Array.of(0, 7, 128, 255)),
  Buffer.from(Uint16Array.of(0, 1234, 65535).buffer),
  // 1, −2, 0.5, 65504 (the largest half), 2^-24 (the smallest subnormal)
  Buffer.from(Uint16Array.of(0x3c00, 0xc000, 0x3800, 0x7bff, 0x0001).buffer),
  Buffer.from(Int32Array.of(-7, 42).buffer),
  Buffer.from(Uint8Array.of(0, 3, 9)),
]);
const model: TfjsModelJson = { modelTopology: { node: [] }, weightsManifest: [{ paths: ['a', 'b'], weights: specs }] };

describe('decodeWeights', () => {
  const ours = decodeWeights(model, new Uint8Array(bytes));
  const theirs = tf.io.decodeWeights(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length), specs);
  it.each(specs.map((s) => s.name))('%s: same dtype, shape and values as tf.io.decodeWeights', (name) => {
    const t = theirs[name]!;
    expect(ours.get(name)!.dtype).toBe(t.dtype);
    expect(ours.get(name)!.shape).toEqual(t.shape);
    expect(Array.from(ours.get(name)!.values)).toEqual(Array.from(t.dataSync()));
  });

  it('weight data shorter than the manifest says is refused with the weight named', () => {
    expect(() => decodeWeights(model, new Uint8Array(bytes.subarray(0, bytes.length - 1)))).toThrow(/Weight intU8 runs past the end/);
  });
});

/**
 * A graph model's weights: the shards, concatenated in manifest order, cut into one typed array
 * per weight and dequantized as TensorFlow.js does when it loads them (uint8/uint16: q × scale +
 * min, rounded for int32; float16 widened), so the ONNX model starts from the same numbers.
 */
import type { TfjsModelJson, WeightSpec } from './tfjs-model.js';

export type Values = Float32Array | Int32Array | Uint8Array;

export interface ConstTensor {
  dtype: 'float32' | 'int32' | 'bool';
  shape: number[];
  values: Values;
}

const quantizedBytes = { uint8: 1, uint16: 2, float16: 2 } as const;

export function decodeWeights(model: TfjsModelJson, data: Uint8Array): Map<string, ConstTensor> {
  const out = new Map<string, ConstTensor>();
  let offset = 0;
  for (const spec of model.weightsManifest.flatMap((group) => group.weights)) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const q = spec.quantization;
    const width = q ? quantizedBytes[q.dtype] : spec.dtype === 'bool' ? 1 : 4;
    const length = count * width;
    if (offset + length > data.byteLength) throw new Error(`Weight ${spec.name} runs past the end of the weight data (${data.byteLength} bytes)`);
    // A copy, so every view is aligned whatever the weight's offset.
    const bytes = data.slice(offset, offset + length);
    offset += length;
    out.set(spec.name, { dtype: constDtype(spec), shape: spec.shape, values: decodeOne(spec, bytes.buffer, count) });
  }
  return out;
}

function constDtype(spec: WeightSpec): ConstTensor['dtype'] {
  if (spec.dtype === 'float32' || spec.dtype === 'int32' || spec.dtype === 'bool') return spec.dtype;
  throw new Error(`Weight ${spec.name} has dtype ${spec.dtype}, which the converter does not handle`);
}

function decodeOne(spec: WeightSpec, buffer: ArrayBuffer, count: number): Values {
  const q = spec.quantization;
  if (!q) {
    if (spec.dtype === 'float32') return new Float32Array(buffer);
    if (spec.dtype === 'int32') return new Int32Array(buffer);
    return new Uint8Array(buffer);
  }
  if (q.dtype === 'float16') {
    if (spec.dtype !== 'float32') throw new Error(`Weight ${spec.name}: float16 quantization of ${spec.dtype}`);
    const halves = new Uint16Array(buffer);
    const values = new Float32Array(count);
    for (let i = 0; i < count; i++) values[i] = halfToFloat(halves[i]!);
    return values;
  }
  if (q.scale === undefined || q.min === undefined) throw new Error(`Weight ${spec.name}: ${q.dtype} quantization without scale and min`);
  const quantized = q.dtype === 'uint8' ? new Uint8Array(buffer) : new Uint16Array(buffer);
  if (spec.dtype === 'float32') {
    const values = new Float32Array(count);
    for (let i = 0; i < count; i++) values[i] = quantized[i]! * q.scale + q.min;
    return values;
  }
  if (spec.dtype === 'int32') {
    const values = new Int32Array(count);
    for (let i = 0; i < count; i++) values[i] = Math.round(quantized[i]! * q.scale + q.min);
    return values;
  }
  throw new Error(`Weight ${spec.name}: ${q.dtype} quantization of ${spec.dtype}`);
}

/** IEEE 754 half → single precision. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/**
 * TensorFlow.js graphs are NHWC; ONNX's Conv and pools are NCHW. Each such op is wrapped in a
 * pair of Transposes, and onnxruntime's transpose optimizer cancels the pairs that meet across
 * elementwise ops, so the converter does not track layouts itself.
 */
import type { OnnxGraph } from '../onnx-graph.js';
import type { OpContext } from '../op-context.js';
import { Unsupported } from '../op-context.js';
import type { ConstTensor } from '../weights.js';

export const toNchw = (graph: OnnxGraph, x: string, hint: string) => graph.op('Transpose', [x], { perm: { ints: [0, 3, 1, 2] } }, `${hint}/nchw`);
export const toNhwc = (graph: OnnxGraph, x: string, hint: string) => graph.op('Transpose', [x], { perm: { ints: [0, 2, 3, 1] } }, `${hint}/nhwc`);

/** A constant's values permuted (`perm[i]` is the source axis of result axis i). */
export function transposed(t: ConstTensor, perm: number[]): ConstTensor {
  const shape = perm.map((p) => t.shape[p]!);
  const sourceStrides = strides(t.shape);
  const out = new (t.values.constructor as Float32ArrayConstructor)(t.values.length) as unknown as ConstTensor['values'];
  const index = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < out.length; i++) {
    let source = 0;
    for (let d = 0; d < shape.length; d++) source += index[d]! * sourceStrides[perm[d]!]!;
    out[i] = t.values[source]!;
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++index[d]! < shape[d]!) break;
      index[d] = 0;
    }
  }
  return { dtype: t.dtype, shape, values: out };
}

function strides(shape: number[]): number[] {
  const out = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) out[d] = out[d + 1]! * shape[d + 1]!;
  return out;
}

/** The spatial (H, W) part of an NHWC attribute list such as strides [1, sh, sw, 1]. */
export function spatial(c: OpContext, name: string, fallback?: number[]): number[] {
  const values = c.attrs.ints(name, fallback);
  if (values.length !== 4) throw new Unsupported(c.node, `${name} must have 4 entries`);
  if (values[0] !== 1 || values[3] !== 1) throw new Unsupported(c.node, `${name} over the batch or channels`);
  return [values[1]!, values[2]!];
}

/** ONNX padding attributes for TensorFlow's `padding` (SAME pads the extra at the end, as SAME_UPPER does). */
export function padding(c: OpContext): { auto_pad: { s: string } } | { pads: { ints: number[] } } {
  const dataFormat = c.attrs.string('data_format', 'NHWC');
  if (dataFormat !== 'NHWC') throw new Unsupported(c.node, `data_format ${dataFormat}`);
  const padding = c.attrs.string('padding');
  if (padding === 'SAME') return { auto_pad: { s: 'SAME_UPPER' } };
  if (padding === 'VALID') return { pads: { ints: [0, 0, 0, 0] } };
  if (padding === 'EXPLICIT') {
    const p = c.attrs.ints('explicit_paddings');
    // NHWC pairs [before, after] per axis → ONNX [top, left, bottom, right].
    return { pads: { ints: [p[2]!, p[4]!, p[3]!, p[5]!] } };
  }
  throw new Unsupported(c.node, `padding ${padding}`);
}

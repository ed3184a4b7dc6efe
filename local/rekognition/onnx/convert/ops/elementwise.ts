/**
 * Elementwise arithmetic and comparison; TensorFlow and ONNX broadcast the same (numpy) way.
 * FloorDiv and FloorMod round toward −∞ as TensorFlow does, not toward zero.
 */
import type { OpContext, OpConverter } from '../op-context.js';
import { elemType, onnxDataType } from '../op-context.js';

const binary =
  (onnxOp: string): OpConverter =>
  (c) => [c.graph.op(onnxOp, [c.input(0), c.input(1)], {}, c.hint)];

const isInteger = (c: OpContext) => elemType(c.attrs.dtype('T', 'DT_FLOAT')) !== 'float32';

/** floor(a / b) as float32, computed in float32 (exact for the indices and sizes these graphs divide). */
function floored(c: OpContext): string {
  const g = c.graph;
  const [a, b] = isInteger(c)
    ? [0, 1].map((i) => g.op('Cast', [c.input(i)], { to: { i: onnxDataType.float32 } }, `${c.hint}/float${i}`))
    : [c.input(0), c.input(1)];
  return g.op('Floor', [g.op('Div', [a!, b!], {}, c.hint)], {}, c.hint);
}

export const elementwiseOps: Record<string, OpConverter> = {
  Add: binary('Add'),
  AddV2: binary('Add'),
  BiasAdd: binary('Add'),
  Sub: binary('Sub'),
  Mul: binary('Mul'),
  RealDiv: binary('Div'),
  Div: binary('Div'),
  Minimum: binary('Min'),
  Maximum: binary('Max'),
  Equal: binary('Equal'),
  Greater: binary('Greater'),
  Less: binary('Less'),
  Pow: binary('Pow'),
  Neg: (c) => [c.graph.op('Neg', [c.input(0)], {}, c.hint)],
  Exp: (c) => [c.graph.op('Exp', [c.input(0)], {}, c.hint)],
  Sqrt: (c) => [c.graph.op('Sqrt', [c.input(0)], {}, c.hint)],
  Rsqrt: (c) => [c.graph.op('Reciprocal', [c.graph.op('Sqrt', [c.input(0)], {}, c.hint)], {}, c.hint)],
  Square: (c) => [c.graph.op('Mul', [c.input(0), c.input(0)], {}, c.hint)],
  // TensorFlow.js's FloorDiv answers int32 whatever its inputs (its kernels declare it so).
  FloorDiv: (c) => [c.graph.op('Cast', [floored(c)], { to: { i: onnxDataType.int32 } }, c.hint)],
  // Integers: ONNX's Mod with fmod 0 takes the divisor's sign, as TensorFlow's FloorMod does.
  // Floats: a − floor(a / b) × b.
  FloorMod: (c) =>
    isInteger(c)
      ? [c.graph.op('Mod', [c.input(0), c.input(1)], { fmod: { i: 0 } }, c.hint)]
      : [c.graph.op('Sub', [c.input(0), c.graph.op('Mul', [floored(c), c.input(1)], {}, c.hint)], {}, c.hint)],
  Cast: (c) => [c.graph.op('Cast', [c.input(0)], { to: { i: onnxDataType[elemType(c.attrs.dtype('DstT'))] } }, c.hint)],
};

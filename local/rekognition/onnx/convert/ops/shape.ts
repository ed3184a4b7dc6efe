/** Shape and indexing ops; their shapes, axes and paddings arrive as constants and go to ONNX as int64. */
import type { OpContext, OpConverter } from '../op-context.js';
import { ints, onnxDataType, Unsupported } from '../op-context.js';

/** Input `i` as int64: a constant is rewritten, a computed value is cast. */
function int64Input(c: OpContext, i: number): string {
  const constant = c.constant(i);
  if (constant) return c.graph.int64s(`${c.hint}/i64_${i}`, ints(constant), constant.shape.length === 0);
  return c.graph.op('Cast', [c.input(i)], { to: { i: onnxDataType.int64 } }, `${c.hint}/i64_${i}`);
}

const INT64_MAX = Number.MAX_SAFE_INTEGER; // ONNX clamps slice bounds to the dimension

function stridedSlice(c: OpContext): string[] {
  const attrs = c.attrs;
  if (attrs.int('ellipsis_mask', 0) || attrs.int('new_axis_mask', 0)) throw new Unsupported(c.node, 'ellipsis and new-axis masks');
  const begin = ints(c.requireConstant(1));
  const end = ints(c.requireConstant(2));
  const steps = ints(c.requireConstant(3));
  const beginMask = attrs.int('begin_mask', 0);
  const endMask = attrs.int('end_mask', 0);
  const shrinkMask = attrs.int('shrink_axis_mask', 0);
  const starts: number[] = [];
  const ends: number[] = [];
  const shrink: number[] = [];
  begin.forEach((b, axis) => {
    const step = steps[axis]!;
    const bit = 1 << axis;
    if (shrinkMask & bit) {
      starts.push(b);
      ends.push(b === -1 ? INT64_MAX : b + 1);
      shrink.push(axis);
      return;
    }
    starts.push(beginMask & bit ? (step > 0 ? 0 : INT64_MAX) : b);
    ends.push(endMask & bit ? (step > 0 ? INT64_MAX : -INT64_MAX) : end[axis]!);
  });
  const g = c.graph;
  const axes = begin.map((_, i) => i);
  const sliced = g.op(
    'Slice',
    [c.input(0), g.int64s(`${c.hint}/starts`, starts), g.int64s(`${c.hint}/ends`, ends), g.int64s(`${c.hint}/axes`, axes), g.int64s(`${c.hint}/steps`, steps)],
    {},
    c.hint,
  );
  return [shrink.length ? g.op('Squeeze', [sliced, g.int64s(`${c.hint}/shrink`, shrink)], {}, c.hint) : sliced];
}

export const shapeOps: Record<string, OpConverter> = {
  Reshape: (c) => [c.graph.op('Reshape', [c.input(0), int64Input(c, 1)], {}, c.hint)],
  Squeeze: (c) => {
    const axes = c.attrs.ints('squeeze_dims', []);
    return [c.graph.op('Squeeze', axes.length ? [c.input(0), c.graph.int64s(`${c.hint}/axes`, axes)] : [c.input(0)], {}, c.hint)];
  },
  ExpandDims: (c) => [c.graph.op('Unsqueeze', [c.input(0), int64Input(c, 1)], {}, c.hint)],
  ConcatV2: (c) => {
    const n = c.inputCount - 1;
    const axis = ints(c.requireConstant(n))[0]!;
    return [c.graph.op('Concat', Array.from({ length: n }, (_, i) => c.input(i)), { axis: { i: axis } }, c.hint)];
  },
  Pad: (c) => pad(c),
  PadV2: (c) => pad(c),
  StridedSlice: stridedSlice,
  GatherV2: (c) => {
    if (c.attrs.int('batch_dims', 0) !== 0) throw new Unsupported(c.node, 'batch_dims');
    const axis = ints(c.requireConstant(2))[0]!;
    return [c.graph.op('Gather', [c.input(0), c.input(1)], { axis: { i: axis } }, c.hint)];
  },
  TopKV2: (c) => {
    const k = ints(c.requireConstant(1))[0]!;
    const [values, indices] = c.graph.node('TopK', [c.input(0), c.graph.int64s(`${c.hint}/k`, [k])], { axis: { i: -1 }, largest: { i: 1 }, sorted: { i: 1 } }, { hint: c.hint, count: 2 });
    // TensorFlow's indices are int32; ONNX's int64.
    return [values!, c.graph.op('Cast', [indices!], { to: { i: onnxDataType.int32 } }, c.hint)];
  },
};

function pad(c: OpContext): string[] {
  const paddings = c.requireConstant(1);
  const pairs = ints(paddings);
  const rank = paddings.shape[0]!;
  // TensorFlow: [[before, after] per axis]; ONNX: all befores, then all afters.
  const pads = [...Array.from({ length: rank }, (_, i) => pairs[2 * i]!), ...Array.from({ length: rank }, (_, i) => pairs[2 * i + 1]!)];
  const inputs = [c.input(0), c.graph.int64s(`${c.hint}/pads`, pads)];
  if (c.inputCount > 2) inputs.push(c.input(2));
  return [c.graph.op('Pad', inputs, { mode: { s: 'constant' } }, c.hint)];
}

/** Pools (NHWC windows → ONNX's NCHW pools) and Mean (a reduction over constant axes). */
import type { OpConverter } from '../op-context.js';
import { ints } from '../op-context.js';
import { padding, spatial, toNchw, toNhwc } from './layout.js';

function pool(onnxOp: 'AveragePool' | 'MaxPool'): OpConverter {
  return (c) => {
    const attrs = {
      kernel_shape: { ints: spatial(c, 'ksize') },
      strides: { ints: spatial(c, 'strides') },
      ...padding(c),
      // TensorFlow's average leaves SAME's padding out of the count, as ONNX's default (0) does.
      ...(onnxOp === 'AveragePool' ? { count_include_pad: { i: 0 } } : {}),
    };
    return [toNhwc(c.graph, c.graph.op(onnxOp, [toNchw(c.graph, c.input(0), c.hint)], attrs, c.hint), c.hint)];
  };
}

const reduce =
  (onnxOp: string): OpConverter =>
  (c) => {
    const axes = ints(c.requireConstant(1));
    // Up to opset 17 the reductions take their axes as an attribute.
    return [c.graph.op(onnxOp, [c.input(0)], { axes: { ints: axes }, keepdims: { i: c.attrs.bool('keep_dims', false) ? 1 : 0 } }, c.hint)];
  };

export const poolOps: Record<string, OpConverter> = {
  AvgPool: pool('AveragePool'),
  MaxPool: pool('MaxPool'),
  Mean: reduce('ReduceMean'),
  Max: reduce('ReduceMax'),
  Sum: reduce('ReduceSum'),
};

/** Activations, alone and as the tail of a fused op (TensorFlow's grappler folds them into convs and matmuls). */
import type { OnnxGraph } from '../onnx-graph.js';
import type { OpConverter } from '../op-context.js';

export interface Activation {
  name: string;
  /** PReLU's slopes as an ONNX value. */
  alpha?: string;
  /** LeakyReLU's slope. */
  leakyAlpha?: number;
}

export function activate(graph: OnnxGraph, x: string, a: Activation, hint: string): string {
  switch (a.name.toLowerCase()) {
    case 'relu':
      return graph.op('Relu', [x], {}, hint);
    case 'relu6':
      return graph.op('Clip', [x, graph.float(`${hint}/zero`, 0), graph.float(`${hint}/six`, 6)], {}, hint);
    case 'sigmoid':
      return graph.op('Sigmoid', [x], {}, hint);
    case 'tanh':
      return graph.op('Tanh', [x], {}, hint);
    case 'elu':
      return graph.op('Elu', [x], {}, hint);
    case 'prelu':
      if (!a.alpha) throw new Error(`${hint}: PReLU without its slopes`);
      return graph.op('PRelu', [x, a.alpha], {}, hint);
    case 'leakyrelu':
      return graph.op('LeakyRelu', [x], { alpha: { f: a.leakyAlpha ?? 0.2 } }, hint);
    default:
      throw new Error(`${hint}: activation ${a.name} is not handled by the converter`);
  }
}

const unary =
  (name: string): OpConverter =>
  (c) => [activate(c.graph, c.input(0), { name }, c.hint)];

export const activationOps: Record<string, OpConverter> = {
  Relu: unary('relu'),
  Relu6: unary('relu6'),
  Sigmoid: unary('sigmoid'),
  Tanh: unary('tanh'),
  Elu: unary('elu'),
  LeakyRelu: (c) => [activate(c.graph, c.input(0), { name: 'leakyrelu', leakyAlpha: c.attrs.float('alpha', 0.2) }, c.hint)],
  Prelu: (c) => [activate(c.graph, c.input(0), { name: 'prelu', alpha: c.input(1) }, c.hint)],
  // TensorFlow's Softmax is over the last axis, as ONNX's (opset 13 on) is with axis -1.
  Softmax: (c) => [c.graph.op('Softmax', [c.input(0)], { axis: { i: -1 } }, c.hint)],
  Identity: (c) => [c.input(0)],
};

/**
 * Conv2D and DepthwiseConv2dNative, plain and fused (bias, then an activation). TensorFlow's
 * filters are [h, w, in, out] and [h, w, in, multiplier]; ONNX wants [out, in/group, h, w], and a
 * depthwise conv is one group per input channel whose outputs are ordered in × multiplier, as
 * TensorFlow orders them.
 */
import type { OpContext, OpConverter } from '../op-context.js';
import { Unsupported } from '../op-context.js';
import { activate } from './activation.js';
import { padding, spatial, toNchw, toNhwc, transposed } from './layout.js';

function conv(depthwise: boolean, fused: boolean): OpConverter {
  return (c) => {
    const filter = c.requireConstant(1);
    if (filter.shape.length !== 4) throw new Unsupported(c.node, 'the filter is not 4-D');
    const [kh, kw, inChannels, outOrMultiplier] = filter.shape as [number, number, number, number];
    const weights = depthwise
      ? { ...transposed(filter, [2, 3, 0, 1]), shape: [inChannels * outOrMultiplier, 1, kh, kw] }
      : transposed(filter, [3, 2, 0, 1]);
    const inputs = [toNchw(c.graph, c.input(0), c.hint), c.graph.constant(`${c.hint}/weights`, weights)];
    const tail = fused ? fusedTail(c) : [];
    const hasBias = tail[0]?.toLowerCase() === 'biasadd';
    if (hasBias) {
      inputs.push(c.input(2));
      tail.shift();
    }
    const y = c.graph.op(
      'Conv',
      inputs,
      {
        kernel_shape: { ints: [kh, kw] },
        strides: { ints: spatial(c, 'strides') },
        dilations: { ints: spatial(c, 'dilations', [1, 1, 1, 1]) },
        group: { i: depthwise ? inChannels : 1 },
        ...padding(c),
      },
      c.hint,
    );
    return [applyTail(c, toNhwc(c.graph, y, c.hint), tail, hasBias ? 3 : 2)];
  };
}

/** The fused ops after the main one (`BiasAdd`, then at most one activation). */
export function fusedTail(c: OpContext): string[] {
  const ops = c.attrs.strings('fused_ops', []);
  if (ops.some((op) => op.toLowerCase() === 'fusedbatchnorm')) throw new Unsupported(c.node, 'a fused batch norm (TensorFlow.js refuses it too)');
  if (ops.length > 2 || (ops.length === 2 && ops[0]!.toLowerCase() !== 'biasadd')) throw new Unsupported(c.node, `fused ops ${ops.join(', ')}`);
  return ops;
}

/** Applies the activation left in `tail`; PReLU's slopes are the input after the bias (`alphaInput`). */
export function applyTail(c: OpContext, x: string, tail: string[], alphaInput: number): string {
  const name = tail[0];
  if (!name) return x;
  const isPrelu = name.toLowerCase() === 'prelu';
  return activate(c.graph, x, { name, alpha: isPrelu ? c.input(alphaInput) : undefined, leakyAlpha: c.attrs.float('leakyrelu_alpha', 0.2) }, c.hint);
}

export const convOps: Record<string, OpConverter> = {
  Conv2D: conv(false, false),
  _FusedConv2D: conv(false, true),
  DepthwiseConv2dNative: conv(true, false),
  DepthwiseConv2d: conv(true, false),
  FusedDepthwiseConv2dNative: conv(true, true),
};

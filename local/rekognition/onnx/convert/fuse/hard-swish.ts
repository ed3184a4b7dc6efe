/**
 * Hard-swish, x · relu6(x + 3) / 6, as MobileNetV3 (CenterNet's backbone) spells it in a
 * TensorFlow.js graph: Add(x, 3) → Relu6, and Mul(x, k), multiplied together. Written op by op
 * that is four ONNX nodes (Add, Clip, Mul, Mul) that onnxruntime runs one pass each over the
 * tensor, with layout Transposes left between them; ONNX's HardSwish (opset 14) is one pass.
 *
 * The graph's k is the float16 nearest 1/6 (0.16663) when the weights are quantized, so the
 * fused op is HardSwish(x) · 6k: a Mul by a scalar, emitted only when 6k is not 1, keeps the
 * model's own function rather than the textbook one.
 */
import type { OpConverter } from '../op-context.js';
import { parseRef, type TfjsNode } from '../tfjs-model.js';
import type { ConstTensor } from '../weights.js';

/** The op name the rewritten node gets; no TensorFlow op has it. */
export const HARD_SWISH_OP = '_BlobsHardSwish';

const ADDS = new Set(['Add', 'AddV2']);

/**
 * `nodes` with each hard-swish's final Mul replaced by one HARD_SWISH_OP node of the same name
 * (inputs: x and the constant k). The Add, Relu6 and Mul(x, k) stay in the list; the converter
 * emits a node only when something it computes needs it, so they drop out unless used elsewhere.
 * `constant(ref)`: the value of a Const (or an Identity of one).
 */
export function fuseHardSwish(nodes: TfjsNode[], constant: (ref: string) => ConstTensor | undefined): TfjsNode[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const producer = (ref: string) => (parseRef(ref).index === 0 ? byName.get(parseRef(ref).node) : undefined);
  const scalar = (ref: string) => {
    const c = constant(ref);
    return c && c.dtype === 'float32' && c.values.length === 1 ? c.values[0]! : undefined;
  };
  /** For Add(a, b) / Mul(a, b) with one scalar-constant operand: the other operand and the scalar. */
  const withScalar = (node: TfjsNode | undefined, ops: Set<string>) => {
    if (!node || !ops.has(node.op) || node.input?.length !== 2) return undefined;
    const [a, b] = node.input as [string, string];
    const [sa, sb] = [scalar(a), scalar(b)];
    if (sb !== undefined && sa === undefined) return { x: a, value: sb, scalarRef: b };
    if (sa !== undefined && sb === undefined) return { x: b, value: sa, scalarRef: a };
    return undefined;
  };
  /** x when `ref` is Relu6(Add(x, 3)). */
  const relu6Of3 = (ref: string) => {
    const relu = producer(ref);
    if (relu?.op !== 'Relu6' || relu.input?.length !== 1) return undefined;
    const add = withScalar(producer(relu.input[0]!), ADDS);
    return add && add.value === 3 ? add.x : undefined;
  };
  const same = (a: string, b: string) => parseRef(a).node === parseRef(b).node && parseRef(a).index === parseRef(b).index;

  return nodes.map((node) => {
    if (node.op !== 'Mul' || node.input?.length !== 2) return node;
    for (const [gateRef, otherRef] of [node.input, [...node.input].reverse()] as [string, string][]) {
      const x = relu6Of3(gateRef);
      if (x === undefined) continue;
      // Mul(Mul(x, k), relu6(x + 3)).
      const scaled = withScalar(producer(otherRef), new Set(['Mul']));
      if (scaled && same(scaled.x, x)) return { name: node.name, op: HARD_SWISH_OP, input: [x, scaled.scalarRef], attr: node.attr };
    }
    return node;
  });
}

/**
 * HardSwish(x), times 6k unless that is 1 (see above). Input 0: x; input 1: the constant k, absent
 * once scale-into-convs.ts has moved the scale into the convs that read it.
 */
export const hardSwishOps: Record<string, OpConverter> = {
  [HARD_SWISH_OP]: (c) => {
    const y = c.graph.op('HardSwish', [c.input(0)], {}, c.hint);
    if (c.inputCount === 1) return [y];
    const k = c.requireConstant(1).values[0]!;
    const scale = Math.fround(6 * k);
    return [scale === 1 ? y : c.graph.op('Mul', [y, c.graph.float(`${c.hint}/scale`, scale)], {}, c.hint)];
  },
};

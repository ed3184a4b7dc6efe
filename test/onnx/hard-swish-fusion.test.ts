/**
 * The hard-swish fusion (convert/fuse/hard-swish.ts) on small graphs spelled as MobileNetV3's
 * are: against TensorFlow.js's own kernels (cpu) on inputs across the activation's bends (−3, 3),
 * and the converted graph holds HardSwish instead of the Add, Relu6 and Muls it replaces, its
 * scale moved into the next conv's filter (fuse/scale-into-convs.ts) where only convs read it.
 */
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { convertGraphModel } from '../../local/rekognition/onnx/convert/convert.js';
import type { TfjsNode } from '../../local/rekognition/onnx/convert/tfjs-model.js';
import { attr, expectSameOnBoth, graphModel, random, type TinyGraph } from './tiny-graph.js';

const T = { T: attr.type('DT_FLOAT') };
/** float16's nearest to 1/6, as the quantized CenterNet ships it. */
const SIXTH_F16 = 0.1666259765625;

/** conv → x; hard-swish of x with the given constants and operand orders; a 1×1 conv (or an Add) after it. */
function hardSwishGraph(o: { k: number; three?: number; swapAdd?: boolean; swapMul?: boolean; swapOuter?: boolean; alsoOutput?: string[]; readByAdd?: boolean }): TinyGraph {
  const nodes: TfjsNode[] = [
    { name: 'x', op: 'Conv2D', input: ['image', 'filter'], attr: { ...T, strides: attr.ints([1, 1, 1, 1]), padding: attr.string('SAME'), data_format: attr.string('NHWC'), dilations: attr.ints([1, 1, 1, 1]) } },
    { name: 'hs/add', op: 'AddV2', input: o.swapAdd ? ['hs/three', 'x'] : ['x', 'hs/three'], attr: T },
    { name: 'hs/relu6', op: 'Relu6', input: ['hs/add'], attr: T },
    { name: 'hs/mul', op: 'Mul', input: o.swapMul ? ['x', 'hs/k'] : ['hs/k', 'x'], attr: T },
    { name: 'hs/mul_1', op: 'Mul', input: o.swapOuter ? ['hs/relu6', 'hs/mul'] : ['hs/mul', 'hs/relu6'], attr: T },
    { name: 'y', op: 'Conv2D', input: [o.readByAdd ? 'sum' : 'hs/mul_1', 'project'], attr: { ...T, strides: attr.ints([1, 1, 1, 1]), padding: attr.string('VALID'), data_format: attr.string('NHWC'), dilations: attr.ints([1, 1, 1, 1]) } },
  ];
  // A residual Add reads the hard-swish beside the conv, as in MobileNetV3's blocks.
  if (o.readByAdd) nodes.push({ name: 'sum', op: 'AddV2', input: ['hs/mul_1', 'x'], attr: T });
  return {
    inputs: { image: random([1, 6, 7, 3], 1, -4, 4) },
    consts: {
      filter: random([3, 3, 3, 8], 2, -1, 1),
      project: random([1, 1, 8, 4], 3, -1, 1),
      'hs/three': { dtype: 'float32', shape: [], values: [o.three ?? 3] },
      'hs/k': { dtype: 'float32', shape: [], values: [o.k] },
    },
    nodes,
    outputs: ['y', ...(o.alsoOutput ?? [])],
  };
}

function onnxOps(g: TinyGraph): string[] {
  const { model, weights } = graphModel(g);
  const { onnx } = convertGraphModel(model, weights, { outputs: g.outputs });
  return onnxProto.onnx.ModelProto.decode(onnx).graph!.node!.map((n) => n.opType!);
}

describe('hard-swish fusion', () => {
  it('Mul(Mul(k, x), Relu6(x + 3)) with the float16 1/6 matches tfjs as one HardSwish, its scale in the next conv', async () => {
    const g = hardSwishGraph({ k: SIXTH_F16 });
    await expectSameOnBoth(g);
    const ops = onnxOps(g);
    expect(ops.filter((op) => op === 'HardSwish')).toHaveLength(1);
    expect(ops.filter((op) => ['Add', 'Clip', 'Mul'].includes(op))).toEqual([]);
  });

  it.each([
    ['read by an Add too', { readByAdd: true }],
    ['asked for as an output', { alsoOutput: ['hs/mul_1'] }],
  ])('the scale stays a Mul when the hard-swish is %s', async (_, o) => {
    const g = hardSwishGraph({ k: SIXTH_F16, ...o });
    await expectSameOnBoth(g);
    const ops = onnxOps(g);
    expect(ops).toContain('HardSwish');
    expect(ops.filter((op) => op === 'Mul')).toHaveLength(1);
  });

  it('an exact 1/6 needs no scale', async () => {
    const g = hardSwishGraph({ k: 1 / 6 });
    await expectSameOnBoth(g);
    expect(onnxOps(g).filter((op) => op === 'Mul' || op === 'Add' || op === 'Clip')).toEqual([]);
  });

  it.each([
    ['Add(3, x)', { swapAdd: true }],
    ['Mul(x, k)', { swapMul: true }],
    ['Mul(Relu6, Mul)', { swapOuter: true }],
  ])('operands in either order: %s', async (_, order) => {
    const g = hardSwishGraph({ k: SIXTH_F16, ...order });
    await expectSameOnBoth(g);
    expect(onnxOps(g)).toContain('HardSwish');
  });

  it('a value the pattern uses that is also an output is still computed', async () => {
    const g = hardSwishGraph({ k: SIXTH_F16, alsoOutput: ['hs/relu6'] });
    await expectSameOnBoth(g);
    expect(onnxOps(g)).toEqual(expect.arrayContaining(['HardSwish', 'Clip']));
  });

  it('not hard-swish (x + 2) is left as it is', async () => {
    const g = hardSwishGraph({ k: SIXTH_F16, three: 2 });
    await expectSameOnBoth(g);
    expect(onnxOps(g)).not.toContain('HardSwish');
  });
});

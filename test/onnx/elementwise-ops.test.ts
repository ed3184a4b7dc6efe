/**
 * The converter's elementwise, activation and shape ops, each on a tiny graph, against
 * TensorFlow.js's own kernels (cpu backend). Tolerance 1e-5 relative; integer results exact.
 */
import { describe, it } from 'vitest';
import { attr, expectSameOnBoth, ints, random } from './tiny-graph.js';

const F = { T: attr.type('DT_FLOAT') };
const I = { T: attr.type('DT_INT32') };
const x = random([2, 3, 4], 11);
const unary = (op: string, extra = {}) => ({ inputs: { x }, nodes: [{ name: 'y', op, input: ['x'], attr: { ...F, ...extra } }], outputs: ['y'] });
const binary = (op: string, b = random([4], 12, 0.5, 2)) => ({ inputs: { x }, consts: { b }, nodes: [{ name: 'y', op, input: ['x', 'b'], attr: F }], outputs: ['y'] });

describe('activations', () => {
  for (const op of ['Relu', 'Relu6', 'Sigmoid', 'Softmax', 'Identity', 'Tanh', 'Elu']) it(op, () => expectSameOnBoth(unary(op)));
  it('Relu6 clips at 6', () => expectSameOnBoth({ ...unary('Relu6'), inputs: { x: random([5, 4], 13, -10, 10) } }));
  it('LeakyRelu', () => expectSameOnBoth(unary('LeakyRelu', { alpha: attr.float(0.1) })));
  it('Prelu (per-channel slopes)', () => expectSameOnBoth({ inputs: { x }, consts: { alpha: random([4], 14, 0, 0.5) }, nodes: [{ name: 'y', op: 'Prelu', input: ['x', 'alpha'], attr: F }], outputs: ['y'] }));
});

describe('elementwise (numpy broadcasting)', () => {
  for (const op of ['Add', 'AddV2', 'Sub', 'Mul', 'RealDiv', 'Minimum', 'Maximum']) it(op, () => expectSameOnBoth(binary(op)));
  it('Mul by a scalar (nsfwjs hub_input)', () => expectSameOnBoth(binary('Mul', { dtype: 'float32', shape: [], values: [2] })));
  it('two computed operands of the same shape', () =>
    expectSameOnBoth({ inputs: { x, z: random([2, 3, 4], 15) }, nodes: [{ name: 'y', op: 'AddV2', input: ['x', 'z'], attr: F }], outputs: ['y'] }));
  it('Equal (bool out)', () =>
    expectSameOnBoth({ inputs: { a: ints([6], [1, 2, 3, 4, 5, 6]) }, consts: { b: ints([6], [1, 0, 3, 0, 5, 0]) }, nodes: [{ name: 'y', op: 'Equal', input: ['a', 'b'], attr: I }], outputs: ['y'] }));
  const intPair = { inputs: { a: ints([8], [7, -7, 7, -7, 0, 12, 13, -1]) }, consts: { b: ints([8], [2, 2, -2, -2, 3, 4, 5, 3]) } };
  it('FloorDiv on int32 (rounds toward −∞)', () => expectSameOnBoth({ ...intPair, nodes: [{ name: 'y', op: 'FloorDiv', input: ['a', 'b'], attr: I }], outputs: ['y'] }));
  it('FloorMod on int32 (takes the divisor’s sign)', () => expectSameOnBoth({ ...intPair, nodes: [{ name: 'y', op: 'FloorMod', input: ['a', 'b'], attr: I }], outputs: ['y'] }));
  it('FloorDiv and FloorMod on float32', () =>
    expectSameOnBoth({
      inputs: { a: random([6], 16, -9, 9) },
      consts: { b: { dtype: 'float32', shape: [], values: [2.5] } },
      nodes: [
        { name: 'q', op: 'FloorDiv', input: ['a', 'b'], attr: F },
        { name: 'r', op: 'FloorMod', input: ['a', 'b'], attr: F },
      ],
      outputs: ['q', 'r'],
    }));
  it('Cast int32 → float32', () =>
    expectSameOnBoth({ inputs: { a: ints([3], [1, -2, 3]) }, nodes: [{ name: 'y', op: 'Cast', input: ['a'], attr: { SrcT: attr.type('DT_INT32'), DstT: attr.type('DT_FLOAT') } }], outputs: ['y'] }));
});

const c32 = (values: number[], shape = [values.length]) => ints(shape, values);

describe('shapes and indexing', () => {
  it('Squeeze (given axes)', () => expectSameOnBoth({ inputs: { x: random([1, 1, 1, 5], 17) }, nodes: [{ name: 'y', op: 'Squeeze', input: ['x'], attr: { ...F, squeeze_dims: attr.ints([1, 2]) } }], outputs: ['y'] }));
  it('Reshape (with −1)', () => expectSameOnBoth({ inputs: { x }, consts: { s: c32([4, -1]) }, nodes: [{ name: 'y', op: 'Reshape', input: ['x', 's'], attr: F }], outputs: ['y'] }));
  it('ExpandDims', () => expectSameOnBoth({ inputs: { x }, consts: { a: c32([0], []) }, nodes: [{ name: 'y', op: 'ExpandDims', input: ['x', 'a'], attr: F }], outputs: ['y'] }));
  it('ConcatV2 on the last axis', () =>
    expectSameOnBoth({
      inputs: { x, z: random([2, 3, 2], 18) },
      consts: { axis: c32([-1], []) },
      nodes: [{ name: 'y', op: 'ConcatV2', input: ['x', 'z', 'axis'], attr: { ...F, N: attr.int(2) } }],
      outputs: ['y'],
    }));
  it('Pad', () => expectSameOnBoth({ inputs: { x }, consts: { p: c32([0, 0, 1, 2, 2, 1], [3, 2]) }, nodes: [{ name: 'y', op: 'Pad', input: ['x', 'p'], attr: F }], outputs: ['y'] }));
  it('GatherV2 on axis 1', () =>
    expectSameOnBoth({
      inputs: { x },
      consts: { i: c32([2, 0, 2]), axis: c32([1], []) },
      nodes: [{ name: 'y', op: 'GatherV2', input: ['x', 'i', 'axis'], attr: { Tparams: attr.type('DT_FLOAT'), batch_dims: attr.int(0) } }],
      outputs: ['y'],
    }));
  it('TopKV2 (values and int32 indices)', () =>
    expectSameOnBoth({
      inputs: { x: random([2, 10], 19) },
      consts: { k: c32([3], []) },
      nodes: [{ name: 'top', op: 'TopKV2', input: ['x', 'k'], attr: { ...F, sorted: attr.bool(true) } }],
      outputs: ['top', 'top:1'],
    }));
  const slice = (begin: number[], end: number[], strides: number[], masks: Record<string, number>) => ({
    inputs: { x: random([3, 4, 5], 20) },
    consts: { b: c32(begin), e: c32(end), s: c32(strides) },
    nodes: [{ name: 'y', op: 'StridedSlice', input: ['x', 'b', 'e', 's'], attr: { ...F, ...Object.fromEntries(Object.entries(masks).map(([k, v]) => [k, attr.int(v)])) } }],
    outputs: ['y'],
  });
  it('StridedSlice: ranges and steps', () => expectSameOnBoth(slice([1, 0, 1], [3, 4, 5], [1, 2, 2], {})));
  it('StridedSlice: begin and end masks, a negative step', () => expectSameOnBoth(slice([0, 3, 0], [0, 0, 0], [1, -1, 1], { begin_mask: 1, end_mask: 5 })));
  it('StridedSlice: shrink axes (also index −1)', () => expectSameOnBoth(slice([1, -1, 0], [2, 0, 5], [1, 1, 1], { shrink_axis_mask: 3 })));
});

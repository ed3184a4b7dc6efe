/**
 * The converter's convolution, pooling and matmul ops, each on a tiny graph, against TensorFlow.js's
 * own kernels (cpu backend). Tolerance 1e-5 relative: float32 sums in another order.
 */
import { describe, it } from 'vitest';
import { attr, expectSameOnBoth, random } from './tiny-graph.js';

const x = random([1, 7, 9, 4], 1);
const T = { T: attr.type('DT_FLOAT') };
const conv = (op: string, filter: number[], o: { padding?: string; strides?: number[]; dilations?: number[]; fused?: string[]; args?: number } = {}) => ({
  inputs: { x },
  consts: {
    filter: random(filter, 2),
    bias: random([op.includes('Depthwise') ? filter[2]! * filter[3]! : filter[3]!], 3),
    alpha: random([op.includes('Depthwise') ? filter[2]! * filter[3]! : filter[3]!], 4, 0, 0.5),
  },
  nodes: [
    {
      name: 'y',
      op,
      input: ['x', 'filter', ...(o.fused ? ['bias', 'alpha'].slice(0, o.args ?? 1) : [])],
      attr: {
        ...T,
        strides: attr.ints(o.strides ?? [1, 1, 1, 1]),
        padding: attr.string(o.padding ?? 'SAME'),
        data_format: attr.string('NHWC'),
        dilations: attr.ints(o.dilations ?? [1, 1, 1, 1]),
        ...(o.fused ? { fused_ops: attr.strings(o.fused), num_args: attr.int(o.args ?? 1) } : {}),
      },
    },
  ],
  outputs: ['y'],
});

describe('convolutions (NHWC graphs → NCHW ONNX Conv)', () => {
  it('Conv2D, SAME, stride 2 (odd sizes: the extra padding goes at the end)', () => expectSameOnBoth(conv('Conv2D', [3, 3, 4, 5], { strides: [1, 2, 2, 1] })));
  it('Conv2D, VALID, dilation 2', () => expectSameOnBoth(conv('Conv2D', [3, 2, 4, 3], { padding: 'VALID', dilations: [1, 2, 2, 1] })));
  it('_FusedConv2D: BiasAdd + Relu6', () => expectSameOnBoth(conv('_FusedConv2D', [3, 3, 4, 6], { fused: ['BiasAdd', 'Relu6'] })));
  it('_FusedConv2D: BiasAdd + Relu, 1×1', () => expectSameOnBoth(conv('_FusedConv2D', [1, 1, 4, 8], { fused: ['BiasAdd', 'Relu'] })));
  it('_FusedConv2D: BiasAdd + Prelu', () => expectSameOnBoth(conv('_FusedConv2D', [3, 3, 4, 6], { fused: ['BiasAdd', 'Prelu'], args: 2 })));
  it('_FusedConv2D: BiasAdd alone', () => expectSameOnBoth(conv('_FusedConv2D', [2, 2, 4, 3], { fused: ['BiasAdd'], strides: [1, 2, 2, 1] })));
  it('DepthwiseConv2dNative, multiplier 2 (outputs ordered channel × multiplier)', () => expectSameOnBoth(conv('DepthwiseConv2dNative', [3, 3, 4, 2])));
  it('FusedDepthwiseConv2dNative: BiasAdd + Relu6, stride 2', () =>
    expectSameOnBoth(conv('FusedDepthwiseConv2dNative', [3, 3, 4, 1], { fused: ['BiasAdd', 'Relu6'], strides: [1, 2, 2, 1] })));
});

const pool = (op: string, ksize: number[], strides: number[], padding: string) => ({
  inputs: { x },
  nodes: [{ name: 'y', op, input: ['x'], attr: { ...T, ksize: attr.ints(ksize), strides: attr.ints(strides), padding: attr.string(padding), data_format: attr.string('NHWC') } }],
  outputs: ['y'],
});

describe('pools and reductions', () => {
  it('AvgPool, VALID (MobileNetV2 global pool)', () => expectSameOnBoth(pool('AvgPool', [1, 7, 9, 1], [1, 1, 1, 1], 'VALID')));
  it('AvgPool, SAME, stride 2 (padding left out of the average)', () => expectSameOnBoth(pool('AvgPool', [1, 3, 3, 1], [1, 2, 2, 1], 'SAME')));
  it('MaxPool, SAME, stride 2', () => expectSameOnBoth(pool('MaxPool', [1, 3, 3, 1], [1, 2, 2, 1], 'SAME')));
  it('MaxPool, VALID, 2×2', () => expectSameOnBoth(pool('MaxPool', [1, 2, 2, 1], [1, 2, 2, 1], 'VALID')));
  for (const keep of [true, false]) {
    it(`Mean over H and W, keep_dims ${keep}`, () =>
      expectSameOnBoth({
        inputs: { x },
        consts: { axes: { dtype: 'int32', shape: [2], values: [1, 2] } },
        nodes: [{ name: 'y', op: 'Mean', input: ['x', 'axes'], attr: { ...T, keep_dims: attr.bool(keep), Tidx: attr.type('DT_INT32') } }],
        outputs: ['y'],
      }));
  }
});

describe('matmul', () => {
  const matmul = (op: string, o: { transposeB?: boolean; fused?: string[] } = {}) => ({
    inputs: { a: random([2, 6], 5) },
    consts: { b: random(o.transposeB ? [4, 6] : [6, 4], 6), bias: random([4], 7) },
    nodes: [
      {
        name: 'y',
        op,
        input: ['a', 'b', ...(o.fused ? ['bias'] : [])],
        attr: { ...T, transpose_a: attr.bool(false), transpose_b: attr.bool(o.transposeB ?? false), ...(o.fused ? { fused_ops: attr.strings(o.fused), num_args: attr.int(1) } : {}) },
      },
    ],
    outputs: ['y'],
  });
  it('MatMul', () => expectSameOnBoth(matmul('MatMul')));
  it('MatMul, transpose_b', () => expectSameOnBoth(matmul('MatMul', { transposeB: true })));
  it('_FusedMatMul: BiasAdd (the nsfwjs head)', () => expectSameOnBoth(matmul('_FusedMatMul', { fused: ['BiasAdd'] })));
  it('_FusedMatMul: BiasAdd + Relu', () => expectSameOnBoth(matmul('_FusedMatMul', { fused: ['BiasAdd', 'Relu'] })));
});

describe('resize (NHWC → ONNX Resize on NCHW)', () => {
  const resize = (op: string, size: number[], flags: { align_corners?: boolean; half_pixel_centers?: boolean }) => ({
    inputs: { x },
    consts: { size: { dtype: 'int32' as const, shape: [2], values: size } },
    nodes: [{ name: 'y', op, input: ['x', 'size'], attr: { ...T, ...Object.fromEntries(Object.entries(flags).map(([k, v]) => [k, attr.bool(v)])) } }],
    outputs: ['y'],
  });
  it('ResizeBilinear, aligned corners, up', () => expectSameOnBoth(resize('ResizeBilinear', [11, 13], { align_corners: true })));
  it('ResizeBilinear, half-pixel centers, down', () => expectSameOnBoth(resize('ResizeBilinear', [4, 5], { half_pixel_centers: true })));
  it('ResizeBilinear, neither (asymmetric)', () => expectSameOnBoth(resize('ResizeBilinear', [10, 4], {})));
  it('ResizeNearestNeighbor, neither', () => expectSameOnBoth(resize('ResizeNearestNeighbor', [10, 4], {})));
  it('ResizeNearestNeighbor, aligned corners', () => expectSameOnBoth(resize('ResizeNearestNeighbor', [11, 13], { align_corners: true })));
  it('ResizeNearestNeighbor, half-pixel centers', () => expectSameOnBoth(resize('ResizeNearestNeighbor', [4, 5], { half_pixel_centers: true })));
});

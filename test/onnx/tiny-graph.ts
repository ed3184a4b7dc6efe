/**
 * Tiny TensorFlow.js graph models written by hand (model.json nodes + weight bytes), run both by
 * TensorFlow.js's own graph executor and, converted, by onnxruntime-node, so each op is checked
 * against the implementation the shipped models were made for.
 */
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { expect } from 'vitest';
import { convertGraphModel } from '../../local/rekognition/onnx/convert/convert.js';
import type { TfjsAttr, TfjsModelJson, TfjsNode, WeightSpec } from '../../local/rekognition/onnx/convert/tfjs-model.js';

/** Attribute values in model.json's encoding. */
export const attr = {
  ints: (values: number[]): TfjsAttr => ({ list: { i: values.map(String) } }),
  int: (value: number): TfjsAttr => ({ i: String(value) }),
  float: (value: number): TfjsAttr => ({ f: value }),
  bool: (value: boolean): TfjsAttr => ({ b: value }),
  string: (value: string): TfjsAttr => ({ s: Buffer.from(value).toString('base64') }),
  strings: (values: string[]): TfjsAttr => ({ list: { s: values.map((v) => Buffer.from(v).toString('base64')) } }),
  type: (value: string): TfjsAttr => ({ type: value }),
};

export interface Tensor {
  dtype: 'float32' | 'int32';
  shape: number[];
  values: number[];
}

export interface TinyGraph {
  inputs: Record<string, Tensor>;
  consts?: Record<string, Tensor>;
  nodes: TfjsNode[];
  outputs: string[];
}

/** Deterministic values in [lo, hi) (a small LCG, so a failure reproduces). */
export function random(shape: number[], seed = 1, lo = -1, hi = 1): Tensor {
  let state = seed >>> 0 || 1;
  const count = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return lo + (hi - lo) * (state / 2 ** 32);
  });
  return { dtype: 'float32', shape, values };
}

export const ints = (shape: number[], values: number[]): Tensor => ({ dtype: 'int32', shape, values });

const tfType = (dtype: Tensor['dtype']) => (dtype === 'float32' ? 'DT_FLOAT' : 'DT_INT32');

/** The graph as a shipped model: Placeholders, Consts and the given nodes; weights uint8-quantized when asked. */
export function graphModel(g: TinyGraph): { model: TfjsModelJson; weights: Uint8Array } {
  const placeholders: TfjsNode[] = Object.entries(g.inputs).map(([name, t]) => ({
    name,
    op: 'Placeholder',
    attr: { dtype: attr.type(tfType(t.dtype)), shape: { shape: { dim: t.shape.map((size) => ({ size: String(size) })) } } },
  }));
  const specs: WeightSpec[] = [];
  const chunks: Uint8Array[] = [];
  const consts: TfjsNode[] = Object.entries(g.consts ?? {}).map(([name, t]) => {
    specs.push({ name, shape: t.shape, dtype: t.dtype });
    const typed = t.dtype === 'float32' ? Float32Array.from(t.values) : Int32Array.from(t.values);
    chunks.push(new Uint8Array(typed.buffer));
    return { name, op: 'Const', attr: { dtype: attr.type(tfType(t.dtype)), value: { tensor: { dtype: tfType(t.dtype) } } } };
  });
  const model: TfjsModelJson = {
    format: 'graph-model',
    modelTopology: { node: [...placeholders, ...consts, ...g.nodes], versions: { producer: 1 } },
    weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: specs }],
  };
  return { model, weights: new Uint8Array(Buffer.concat(chunks)) };
}

export async function runTfjs(model: TfjsModelJson, weights: Uint8Array, inputs: Record<string, Tensor>, outputs: string[]): Promise<Tensor[]> {
  const artifacts = {
    format: 'graph-model',
    modelTopology: model.modelTopology,
    weightSpecs: model.weightsManifest.flatMap((m) => m.weights),
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
  } as tf.io.ModelArtifacts;
  const graph = await tf.loadGraphModel(tf.io.fromMemory(artifacts));
  const feeds = Object.fromEntries(Object.entries(inputs).map(([name, t]) => [name, tf.tensor(t.values, t.shape, t.dtype)]));
  const results = graph.execute(feeds, outputs);
  const list = Array.isArray(results) ? results : [results];
  const out = await Promise.all(list.map(async (t) => ({ dtype: t.dtype as Tensor['dtype'], shape: t.shape, values: Array.from(await t.data(), Number) })));
  tf.dispose([...list, ...Object.values(feeds)]);
  graph.dispose();
  return out;
}

export async function runOnnx(onnx: Uint8Array, inputs: Record<string, Tensor>, outputs: string[]): Promise<Tensor[]> {
  const session = await ort.InferenceSession.create(onnx, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  try {
    const feeds = Object.fromEntries(
      Object.entries(inputs).map(([name, t]) => [name, new ort.Tensor(t.dtype, t.dtype === 'float32' ? Float32Array.from(t.values) : Int32Array.from(t.values), t.shape)]),
    );
    const results = await session.run(feeds, outputs);
    return outputs.map((name) => {
      const t = results[name]!;
      return { dtype: t.type as Tensor['dtype'], shape: [...t.dims], values: Array.from(t.data as ArrayLike<number | bigint | boolean>, Number) };
    });
  } finally {
    await session.release();
  }
}

/**
 * Converts the graph, runs both, and expects the same shapes, dtypes and values within `tolerance`
 * (|onnx − tfjs| ≤ tolerance × (1 + |tfjs|): float32 kernels sum in different orders).
 */
export async function expectSameOnBoth(g: TinyGraph, tolerance = 1e-5): Promise<Tensor[]> {
  // tfjs's reference kernels, whatever backend an earlier test in this worker chose (the model
  // tests choose wasm, whose FloorDiv answers int32 where the reference answers float32).
  if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
  const { model, weights } = graphModel(g);
  const expected = await runTfjs(model, weights, g.inputs, g.outputs);
  const { onnx } = convertGraphModel(model, weights, { outputs: g.outputs });
  const actual = await runOnnx(onnx, g.inputs, g.outputs);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    expect(a.shape, `${g.outputs[i]} shape`).toEqual(e.shape);
    expect(a.dtype === 'float32' ? 'float32' : 'int32', `${g.outputs[i]} dtype`).toBe(e.dtype === 'float32' ? 'float32' : 'int32');
    expectClose(a.values, e.values, tolerance, g.outputs[i]!);
  });
  return actual;
}

export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string): void {
  expect(actual.length, `${what} length`).toBe(expected.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < expected.length; i++) {
    const excess = Math.abs(actual[i]! - expected[i]!) / (1 + Math.abs(expected[i]!));
    if (!(excess <= worst)) [worst, at] = [excess, i];
  }
  expect(worst, `${what}: worst relative error at ${at} (onnx ${actual[at]}, tfjs ${expected[at]})`).toBeLessThanOrEqual(tolerance);
}

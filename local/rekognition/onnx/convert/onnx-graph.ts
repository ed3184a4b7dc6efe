/**
 * The ONNX graph being built: nodes, initializers, unique value names, and the encoding of the
 * finished model with onnx-proto (protobufjs code generated from ONNX's own onnx.proto), so no
 * protobuf is written by hand.
 */
import onnxProto from 'onnx-proto';
import type { ConstTensor } from './weights.js';

const { onnx } = onnxProto;

/** The ONNX operator set the converter writes against; every op it emits is defined there. */
export const OPSET = 14;

export type AttrValue = { i: number } | { f: number } | { s: string } | { ints: number[] } | { floats: number[] };
export type ElemType = 'float32' | 'int32' | 'int64' | 'bool';

const elemTypes: Record<ElemType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int32: onnx.TensorProto.DataType.INT32,
  int64: onnx.TensorProto.DataType.INT64,
  bool: onnx.TensorProto.DataType.BOOL,
};

export interface GraphValue {
  name: string;
  type: ElemType;
  /** Dimensions; a string is a symbolic one (the batch). Undefined: unknown rank. */
  shape?: (number | string)[];
}

export class OnnxGraph {
  private readonly nodes: onnxProto.onnx.INodeProto[] = [];
  private readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private readonly taken = new Set<string>();
  private readonly inputs: GraphValue[] = [];
  private readonly outputs: GraphValue[] = [];

  /** A value name not used yet, derived from `base`. */
  fresh(base: string): string {
    let name = base;
    for (let i = 1; this.taken.has(name); i++) name = `${base}_${i}`;
    this.taken.add(name);
    return name;
  }

  /** Reserves an exact name (a TensorFlow tensor's own); it must be free. */
  claim(name: string): string {
    if (this.taken.has(name)) throw new Error(`ONNX value ${name} is defined twice`);
    this.taken.add(name);
    return name;
  }

  /** Adds a node; returns its output names (fresh ones derived from `hint` unless given). */
  node(op: string, inputs: string[], attrs: Record<string, AttrValue> = {}, o: { hint: string; outputs?: string[]; count?: number }): string[] {
    const outputs = o.outputs ?? Array.from({ length: o.count ?? 1 }, (_, i) => this.fresh(`${o.hint}/${op}${i ? `:${i}` : ''}`));
    this.nodes.push({
      opType: op,
      name: this.fresh(`${o.hint}/${op}#node`),
      input: inputs,
      output: outputs,
      attribute: Object.entries(attrs).map(([name, value]) => attribute(name, value)),
    });
    return outputs;
  }

  /** One node with one output. */
  op(op: string, inputs: string[], attrs: Record<string, AttrValue>, hint: string, output?: string): string {
    return this.node(op, inputs, attrs, { hint, outputs: output === undefined ? undefined : [output] })[0]!;
  }

  /** An initializer holding `tensor`; int64 values are given as a plain number array. */
  constant(hint: string, tensor: ConstTensor | { dtype: 'int64'; shape: number[]; values: number[] }): string {
    const name = this.fresh(hint);
    const proto: onnxProto.onnx.ITensorProto = { name, dims: tensor.shape, dataType: elemTypes[tensor.dtype] };
    if (tensor.dtype === 'int64') proto.rawData = new Uint8Array(BigInt64Array.from(tensor.values, (v) => BigInt(v)).buffer);
    else proto.rawData = new Uint8Array(tensor.values.buffer, tensor.values.byteOffset, tensor.values.byteLength);
    this.initializers.push(proto);
    return name;
  }

  int64s(hint: string, values: number[], scalar = false): string {
    return this.constant(hint, { dtype: 'int64', shape: scalar ? [] : [values.length], values });
  }

  float(hint: string, value: number): string {
    return this.constant(hint, { dtype: 'float32', shape: [], values: Float32Array.of(value) });
  }

  addInput(value: GraphValue): void {
    this.claim(value.name);
    this.inputs.push(value);
  }

  addOutput(value: GraphValue): void {
    this.outputs.push(value);
  }

  encode(producer: string): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 7, // the IR version of opsets 13 and 14 (ONNX 1.8, 1.9)
      producerName: producer,
      opsetImport: [{ domain: '', version: OPSET }],
      graph: {
        name: producer,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs.map(valueInfo),
        output: this.outputs.map(valueInfo),
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function attribute(name: string, value: AttrValue): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if ('i' in value) return { name, type: T.INT, i: value.i };
  if ('f' in value) return { name, type: T.FLOAT, f: value.f };
  if ('s' in value) return { name, type: T.STRING, s: new TextEncoder().encode(value.s) };
  if ('ints' in value) return { name, type: T.INTS, ints: value.ints };
  return { name, type: T.FLOATS, floats: value.floats };
}

function valueInfo(value: GraphValue): onnxProto.onnx.IValueInfoProto {
  const shape = value.shape && { dim: value.shape.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) };
  return { name: value.name, type: { tensorType: { elemType: elemTypes[value.type], shape } } };
}

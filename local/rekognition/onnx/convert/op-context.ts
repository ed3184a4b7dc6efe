/**
 * What one op's converter is given: the TensorFlow node, its decoded attributes, the graph being
 * built, its inputs as ONNX value names, and the values of those inputs that are constants
 * (shapes, axes, weights), which ONNX often wants in another form or as attributes.
 */
import type { OnnxGraph } from './onnx-graph.js';
import type { Attrs, TfjsNode } from './tfjs-model.js';
import type { ConstTensor } from './weights.js';

export interface OpContext {
  node: TfjsNode;
  attrs: Attrs;
  graph: OnnxGraph;
  /** The prefix for names this node adds (its TensorFlow name). */
  hint: string;
  /** How many data inputs the node has (control edges left out). */
  inputCount: number;
  /** Input `i` as an ONNX value (a constant becomes an initializer the first time it is used so). */
  input(i: number): string;
  /** Input `i`'s value when it is a constant. */
  constant(i: number): ConstTensor | undefined;
  /** Input `i`'s value, which must be a constant. */
  requireConstant(i: number): ConstTensor;
}

/** An op's converter: returns the ONNX names of the node's outputs, in TensorFlow's output order. */
export type OpConverter = (c: OpContext) => string[];

export class Unsupported extends Error {
  constructor(node: TfjsNode, why: string) {
    super(`${node.op} ${node.name}: ${why}`);
    this.name = 'Unsupported';
  }
}

export function ints(tensor: ConstTensor): number[] {
  return Array.from(tensor.values, Number);
}

/** TensorFlow DataType → the converter's element type. */
export function elemType(tfType: string): 'float32' | 'int32' | 'bool' | 'int64' {
  switch (tfType) {
    case 'DT_FLOAT':
      return 'float32';
    case 'DT_INT32':
      return 'int32';
    case 'DT_BOOL':
      return 'bool';
    case 'DT_INT64':
      return 'int64';
    default:
      throw new Error(`TensorFlow type ${tfType} is not handled by the converter`);
  }
}

/** ONNX's TensorProto.DataType number for an element type, for Cast's `to`. */
export const onnxDataType = { float32: 1, int32: 6, int64: 7, bool: 9 } as const;

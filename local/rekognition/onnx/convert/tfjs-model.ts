/**
 * The parts of a TensorFlow.js graph model (model.json, "tfjs-graph-model" format) the converter
 * reads, and how its node attributes are decoded. Attribute values arrive as TensorFlow's
 * AttrValue in JSON: integers as strings, strings base64-encoded.
 */

export interface TfjsAttr {
  i?: string | number;
  f?: number;
  b?: boolean;
  s?: string;
  type?: string;
  shape?: { dim?: { size: string | number }[]; unknownRank?: boolean };
  list?: { i?: (string | number)[]; f?: number[]; s?: string[]; type?: string[] };
  tensor?: { dtype?: string; tensorShape?: { dim?: { size: string | number }[] } };
}

export interface TfjsNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, TfjsAttr>;
}

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool' | 'string' | 'complex64';
  quantization?: { dtype: 'uint8' | 'uint16' | 'float16'; scale?: number; min?: number };
}

export interface TfjsModelJson {
  format?: string;
  modelTopology: { node: TfjsNode[]; versions?: { producer?: number; minConsumer?: number } };
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
  signature?: { outputs?: Record<string, { name: string }> };
}

/** A tensor reference in a node's input list: `name`, `name:1` (second output); `^name` is a control edge. */
export function parseRef(ref: string): { node: string; index: number } {
  const match = /^(.*?)(?::(\d+))?$/.exec(ref)!;
  return { node: match[1]!, index: match[2] === undefined ? 0 : Number(match[2]) };
}

export function isControlEdge(ref: string): boolean {
  return ref.startsWith('^');
}

export class Attrs {
  constructor(
    private readonly node: TfjsNode,
    private readonly attr = node.attr ?? {},
  ) {}

  has(name: string): boolean {
    return name in this.attr;
  }

  int(name: string, fallback?: number): number {
    const value = this.attr[name]?.i;
    if (value === undefined) return this.required(name, fallback);
    return Number(value);
  }

  float(name: string, fallback?: number): number {
    const value = this.attr[name]?.f;
    if (value === undefined) return this.required(name, fallback);
    return Number(value);
  }

  bool(name: string, fallback?: boolean): boolean {
    const value = this.attr[name]?.b;
    if (value === undefined) return this.required(name, fallback);
    return value;
  }

  string(name: string, fallback?: string): string {
    const value = this.attr[name]?.s;
    if (value === undefined) return this.required(name, fallback);
    return Buffer.from(value, 'base64').toString('utf8');
  }

  ints(name: string, fallback?: number[]): number[] {
    const value = this.attr[name]?.list?.i;
    if (value === undefined) return this.required(name, fallback);
    return value.map(Number);
  }

  strings(name: string, fallback?: string[]): string[] {
    const value = this.attr[name]?.list?.s;
    if (value === undefined) return this.required(name, fallback);
    return value.map((s) => Buffer.from(s, 'base64').toString('utf8'));
  }

  /** A TensorFlow DataType name (`DT_FLOAT`). */
  dtype(name: string, fallback?: string): string {
    const value = this.attr[name]?.type;
    if (value === undefined) return this.required(name, fallback);
    return value;
  }

  private required<T>(name: string, fallback: T | undefined): T {
    if (fallback === undefined) throw new Error(`${this.node.op} ${this.node.name}: attribute ${name} is missing`);
    return fallback;
  }
}

/**
 * TensorFlow.js graph model → ONNX model. The ONNX model has the same inputs (Placeholders, NHWC)
 * and outputs (by TensorFlow name), so code that feeds one can feed the other. Constants are
 * the model's weights, dequantized; an op the converter does not know stops it with the op's name.
 */
import { OnnxGraph, type ElemType } from './onnx-graph.js';
import { type OpContext, Unsupported, elemType } from './op-context.js';
import { fuseHardSwish, hardSwishOps } from './fuse/hard-swish.js';
import { foldHardSwishScales } from './fuse/scale-into-convs.js';
import { opConverters } from './ops/index.js';
import { Attrs, isControlEdge, parseRef, type TfjsModelJson, type TfjsNode } from './tfjs-model.js';
import { type ConstTensor, decodeWeights } from './weights.js';

export interface Converted {
  onnx: Uint8Array;
  inputs: string[];
  outputs: string[];
}

/** `weights`: the weight shards' bytes, concatenated in the manifest's order. `outputs`: TensorFlow tensor names (default: what nothing consumes). */
export function convertGraphModel(model: TfjsModelJson, weights: Uint8Array, o: { outputs?: string[]; name?: string } = {}): Converted {
  const constants = decodeWeights(model, weights);
  const source = new Map(model.modelTopology.node.map((n) => [n.name, n]));
  const outputs = o.outputs ?? defaultOutputs(model.modelTopology.node);
  // Patterns across nodes are rewritten on the TensorFlow graph first, so each op converter still sees one node.
  const fused = fuseHardSwish(model.modelTopology.node, (ref) => constantOf(source, constants, ref));
  const nodes = new Map(foldHardSwishScales(fused, constants, outputs).map((n) => [n.name, n]));
  const graph = new OnnxGraph();
  /** TensorFlow tensor (`node` or `node:1`) → ONNX value. */
  const values = new Map<string, string>();
  /** TensorFlow tensor → its value, for Consts (and Identities of them). */
  const known = new Map<string, ConstTensor>();
  const inputs: string[] = [];

  for (const node of topological(nodes, outputs)) {
    const refs = (node.input ?? []).filter((r) => !isControlEdge(r)).map((r) => key(r));
    if (node.op === 'Const') {
      const value = constants.get(node.name);
      if (!value) throw new Unsupported(node, 'a constant with no weight in the manifest');
      known.set(node.name, value);
      continue;
    }
    if (node.op === 'Identity' && known.has(refs[0]!)) {
      known.set(node.name, known.get(refs[0]!)!);
      continue;
    }
    if (node.op === 'Placeholder') {
      graph.addInput({ name: node.name, type: elemType(new Attrs(node).dtype('dtype')), shape: placeholderShape(node) });
      values.set(node.name, node.name);
      inputs.push(node.name);
      continue;
    }
    const convert = converters[node.op];
    if (!convert) throw new Unsupported(node, 'this op is not handled by the converter');
    const context: OpContext = {
      node,
      attrs: new Attrs(node),
      graph,
      hint: node.name,
      inputCount: refs.length,
      input: (i) => {
        const ref = refs[i];
        if (ref === undefined) throw new Unsupported(node, `input ${i} is missing`);
        let value = values.get(ref);
        if (value === undefined) {
          const constant = known.get(ref);
          if (!constant) throw new Unsupported(node, `input ${ref} is not defined`);
          value = graph.constant(ref, constant);
          values.set(ref, value);
        }
        return value;
      },
      constant: (i) => known.get(refs[i] ?? ''),
      requireConstant: (i) => {
        const constant = known.get(refs[i] ?? '');
        if (!constant) throw new Unsupported(node, `input ${i} must be a constant`);
        return constant;
      },
    };
    convert(context).forEach((value, i) => values.set(i ? `${node.name}:${i}` : node.name, value));
  }

  for (const output of outputs) {
    const ref = key(output);
    const value = values.get(ref);
    if (value === undefined) throw new Error(`Output ${output} is not computed by the graph`);
    // Outputs keep their TensorFlow names, so callers ask both runtimes for the same ones.
    const name = graph.claim(output);
    graph.node('Identity', [value], {}, { hint: name, outputs: [name] });
    graph.addOutput({ name, type: outputType(nodes.get(parseRef(ref).node)!, parseRef(ref).index) });
  }
  return { onnx: graph.encode(o.name ?? 'blobs-tfjs-to-onnx'), inputs, outputs };
}

const converters = { ...opConverters, ...hardSwishOps };

/** A Const's value, through any Identities of it. */
function constantOf(nodes: Map<string, TfjsNode>, constants: Map<string, ConstTensor>, ref: string): ConstTensor | undefined {
  let node = nodes.get(parseRef(ref).node);
  while (node?.op === 'Identity' && node.input?.[0]) node = nodes.get(parseRef(node.input[0]).node);
  return node?.op === 'Const' ? constants.get(node.name) : undefined;
}

/** `name:0` and `name` are the same tensor. */
function key(ref: string): string {
  const { node, index } = parseRef(ref);
  return index ? `${node}:${index}` : node;
}

function defaultOutputs(all: TfjsNode[]): string[] {
  const consumed = new Set(all.flatMap((n) => (n.input ?? []).map((r) => parseRef(r.replace(/^\^/, '')).node)));
  return all.filter((n) => !consumed.has(n.name) && n.op !== 'Const' && n.op !== 'Placeholder' && n.op !== 'NoOp').map((n) => n.name);
}

/** The nodes the outputs need, each after its inputs. */
function topological(nodes: Map<string, TfjsNode>, outputs: string[]): TfjsNode[] {
  const order: TfjsNode[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: { name: string; expanded: boolean }[] = outputs.map((o) => ({ name: parseRef(o).node, expanded: false }));
  while (stack.length) {
    const top = stack.pop()!;
    const node = nodes.get(top.name);
    if (!node) throw new Error(`The graph refers to ${top.name}, which it does not define`);
    if (top.expanded) {
      state.set(top.name, 'done');
      order.push(node);
      continue;
    }
    if (state.get(top.name) === 'done') continue;
    if (state.get(top.name) === 'visiting') throw new Error(`The graph has a cycle through ${top.name}`);
    state.set(top.name, 'visiting');
    stack.push({ name: top.name, expanded: true });
    for (const ref of node.input ?? []) {
      if (isControlEdge(ref)) continue;
      const input = parseRef(ref).node;
      if (state.get(input) !== 'done') stack.push({ name: input, expanded: false });
    }
  }
  return order;
}

function placeholderShape(node: TfjsNode): (number | string)[] | undefined {
  const shape = node.attr?.shape?.shape;
  if (!shape || shape.unknownRank) return undefined;
  return (shape.dim ?? []).map((d, i) => (Number(d.size) < 0 ? `${node.name}_dim${i}` : Number(d.size)));
}

function outputType(node: TfjsNode, index: number): ElemType {
  const attrs = new Attrs(node);
  if (node.op === 'TopKV2' && index === 1) return 'int32';
  if (['Equal', 'Greater', 'Less'].includes(node.op)) return 'bool';
  if (node.op === 'Cast') return elemType(attrs.dtype('DstT'));
  if (node.op === 'FloorDiv') return 'int32'; // TensorFlow.js's, whatever the inputs
  return elemType(attrs.dtype('T', attrs.dtype('dtype', 'DT_FLOAT')));
}

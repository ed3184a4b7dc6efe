/**
 * The 6k scale a fused hard-swish carries (hard-swish.ts) moved into the filters of the convs
 * that read it: conv(s · y, W) = conv(y, s · W), and a conv's filter is a constant, so the scale
 * costs nothing at run time. It matters beyond its own pass over the tensor: onnxruntime keeps a
 * conv, its fused HardSwish and the next conv in its blocked (NCHWc) layout only when nothing
 * else sits between them; a Mul by a scalar makes it reorder the tensor out and back in.
 * A hard-swish read by anything else (an Add, a Mean) or asked for as an output keeps its scale.
 */
import { isControlEdge, parseRef, type TfjsNode } from '../tfjs-model.js';
import type { ConstTensor } from '../weights.js';
import { HARD_SWISH_OP } from './hard-swish.js';

const CONVS = new Set(['Conv2D', '_FusedConv2D', 'DepthwiseConv2dNative', 'DepthwiseConv2d', 'FusedDepthwiseConv2dNative']);

/**
 * `nodes` with each foldable hard-swish's scale input dropped and its convs reading new, scaled
 * filter Consts, whose values are added to `constants` (the originals are left for other users).
 */
export function foldHardSwishScales(nodes: TfjsNode[], constants: Map<string, ConstTensor>, outputs: string[]): TfjsNode[] {
  const readers = new Map<string, TfjsNode[]>();
  for (const node of nodes) {
    for (const ref of node.input ?? []) {
      const source = parseRef(isControlEdge(ref) ? ref.slice(1) : ref).node;
      readers.set(source, [...(readers.get(source) ?? []), node]);
    }
  }
  const asOutput = new Set(outputs.map((o) => parseRef(o).node));
  const replaced = new Map<string, TfjsNode>();
  const added: TfjsNode[] = [];

  for (const node of nodes) {
    if (node.op !== HARD_SWISH_OP || node.input?.length !== 2 || asOutput.has(node.name)) continue;
    const k = constants.get(parseRef(node.input[1]!).node);
    const convs = readers.get(node.name) ?? [];
    const filters = convs.map((conv) => (CONVS.has(conv.op) && conv.input?.[0] === node.name && !conv.input.slice(1).includes(node.name) ? constants.get(parseRef(conv.input[1] ?? '').node) : undefined));
    if (!k || !convs.length || filters.some((f) => f?.dtype !== 'float32')) continue;
    const scale = Math.fround(6 * k.values[0]!);
    convs.forEach((conv, i) => {
      const name = `${conv.name}/filter_scaled_by_${node.name}`;
      const filter = filters[i]!;
      constants.set(name, { ...filter, values: Float32Array.from(filter.values as Float32Array, (v) => v * scale) });
      added.push({ name, op: 'Const', attr: { dtype: { type: 'DT_FLOAT' } } });
      const current = replaced.get(conv.name) ?? conv;
      replaced.set(conv.name, { ...current, input: [current.input![0]!, name, ...current.input!.slice(2)] });
    });
    replaced.set(node.name, { ...node, input: [node.input[0]!] });
  }
  return [...added, ...nodes.map((n) => replaced.get(n.name) ?? n)];
}

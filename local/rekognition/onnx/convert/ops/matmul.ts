/** MatMul and _FusedMatMul (bias, then an activation); onnxruntime fuses MatMul + Add into Gemm itself. */
import type { OpContext, OpConverter } from '../op-context.js';
import { applyTail, fusedTail } from './conv.js';

function operand(c: OpContext, i: number, transpose: boolean): string {
  const x = c.input(i);
  // TensorFlow's transpose_a/b swap the last two axes.
  return transpose ? c.graph.op('Transpose', [x], { perm: { ints: [1, 0] } }, `${c.hint}/t${i}`) : x;
}

function matmul(fused: boolean): OpConverter {
  return (c) => {
    const a = operand(c, 0, c.attrs.bool('transpose_a', false));
    const b = operand(c, 1, c.attrs.bool('transpose_b', false));
    let y = c.graph.op('MatMul', [a, b], {}, c.hint);
    const tail = fused ? fusedTail(c) : [];
    const hasBias = tail[0]?.toLowerCase() === 'biasadd';
    if (hasBias) {
      y = c.graph.op('Add', [y, c.input(2)], {}, c.hint);
      tail.shift();
    }
    return [applyTail(c, y, tail, hasBias ? 3 : 2)];
  };
}

export const matmulOps: Record<string, OpConverter> = {
  MatMul: matmul(false),
  _FusedMatMul: matmul(true),
};

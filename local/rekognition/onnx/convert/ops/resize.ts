/**
 * ResizeBilinear and ResizeNearestNeighbor → ONNX Resize on NCHW. TensorFlow's two flags pick the
 * coordinate mapping: align_corners → `align_corners`, half_pixel_centers → `half_pixel`
 * (bilinear) or `tf_half_pixel_for_nn` (nearest), neither → `asymmetric`. The new size is a
 * constant [h, w]; the batch and channels are read from the input's shape at run time.
 */
import type { OpConverter } from '../op-context.js';
import { ints } from '../op-context.js';
import { toNchw, toNhwc } from './layout.js';

function resize(mode: 'linear' | 'nearest'): OpConverter {
  return (c) => {
    const g = c.graph;
    const [height, width] = ints(c.requireConstant(1));
    const alignCorners = c.attrs.bool('align_corners', false);
    const halfPixel = c.attrs.bool('half_pixel_centers', false);
    const transform = alignCorners ? 'align_corners' : halfPixel ? (mode === 'linear' ? 'half_pixel' : 'tf_half_pixel_for_nn') : 'asymmetric';
    const x = toNchw(g, c.input(0), c.hint);
    const batchAndChannels = g.op('Slice', [g.op('Shape', [x], {}, c.hint), g.int64s(`${c.hint}/zero`, [0]), g.int64s(`${c.hint}/two`, [2])], {}, c.hint);
    const sizes = g.op('Concat', [batchAndChannels, g.int64s(`${c.hint}/hw`, [height!, width!])], { axis: { i: 0 } }, c.hint);
    const attrs = {
      mode: { s: mode },
      coordinate_transformation_mode: { s: transform },
      // TensorFlow's nearest rounds half down with aligned corners, else floors.
      ...(mode === 'nearest' ? { nearest_mode: { s: alignCorners ? 'round_prefer_ceil' : 'floor' } } : {}),
    };
    // Resize's roi and scales are left empty ('') when sizes is given.
    return [toNhwc(g, g.op('Resize', [x, '', '', sizes], attrs, c.hint), c.hint)];
  };
}

export const resizeOps: Record<string, OpConverter> = {
  ResizeBilinear: resize('linear'),
  ResizeNearestNeighbor: resize('nearest'),
};

/**
 * TensorFlow's bilinear resize (tf.image.resizeBilinear, as its cpu kernel computes it) of
 * decoded RGB bytes (or an RGB float crop) to an NHWC float32 input, for the native runtime,
 * where no TensorFlow.js runs.
 * The result is mapped to `value / divisor - offset`: the models' normalisations are linear, so
 * doing it after interpolating gives their values up to float32 rounding (checked to 1e-5).
 */
export interface ResizeOptions {
  /** Corner pixels map to corner pixels (no half-pixel offset); false is TensorFlow's default. */
  alignCorners: boolean;
  divisor?: number;
  offset?: number;
}

export function resizeBilinear(rgb: Uint8Array | Float32Array, width: number, height: number, outWidth: number, outHeight: number, o: ResizeOptions): Float32Array {
  const scale = 1 / (o.divisor ?? 1);
  const offset = o.offset ?? 0;
  const out = new Float32Array(outWidth * outHeight * 3);
  // Output index i samples input ratio × i, the ratio of the sizes (less one each with aligned corners).
  const rowScale = o.alignCorners && outHeight > 1 ? (height - 1) / (outHeight - 1) : height / outHeight;
  const colScale = o.alignCorners && outWidth > 1 ? (width - 1) / (outWidth - 1) : width / outWidth;
  // Each output column's two source columns (as byte offsets in a row) and weight, computed once.
  const lefts = new Int32Array(outWidth);
  const rights = new Int32Array(outWidth);
  const dxs = new Float64Array(outWidth);
  for (let c = 0; c < outWidth; c++) {
    const x = c * colScale;
    lefts[c] = Math.floor(x) * 3;
    rights[c] = Math.min(width - 1, Math.ceil(x)) * 3;
    dxs[c] = x - Math.floor(x);
  }
  let at = 0;
  for (let r = 0; r < outHeight; r++) {
    const y = r * rowScale;
    const top = Math.floor(y) * width * 3;
    const bottom = Math.min(height - 1, Math.ceil(y)) * width * 3;
    const dy = y - Math.floor(y);
    for (let c = 0; c < outWidth; c++) {
      const dx = dxs[c]!;
      const tl = top + lefts[c]!;
      const tr = top + rights[c]!;
      const bl = bottom + lefts[c]!;
      const br = bottom + rights[c]!;
      for (let ch = 0; ch < 3; ch++) {
        const upper = rgb[tl + ch]! + (rgb[tr + ch]! - rgb[tl + ch]!) * dx;
        const lower = rgb[bl + ch]! + (rgb[br + ch]! - rgb[bl + ch]!) * dx;
        out[at++] = (upper + (lower - upper) * dy) * scale - offset;
      }
    }
  }
  return out;
}

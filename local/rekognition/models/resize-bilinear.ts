/**
 * TensorFlow's bilinear resize (tf.image.resizeBilinear, as its cpu kernel computes it) of
 * decoded RGB bytes to an NHWC float32 input, for the native runtime, where no TensorFlow.js runs.
 * Each sample is mapped to `byte / divisor - offset` before it is interpolated: the models' own
 * normalisations are linear, so this is their value up to float32 rounding.
 */
export interface ResizeOptions {
  /** Corner pixels map to corner pixels (no half-pixel offset); false is TensorFlow's default. */
  alignCorners: boolean;
  divisor?: number;
  offset?: number;
}

export function resizeBilinear(rgb: Uint8Array, width: number, height: number, outWidth: number, outHeight: number, o: ResizeOptions): Float32Array {
  const divisor = o.divisor ?? 1;
  const offset = o.offset ?? 0;
  const out = new Float32Array(outWidth * outHeight * 3);
  // Output index i samples input ratio × i, the ratio of the sizes (less one each with aligned corners).
  const rowScale = o.alignCorners && outHeight > 1 ? (height - 1) / (outHeight - 1) : height / outHeight;
  const colScale = o.alignCorners && outWidth > 1 ? (width - 1) / (outWidth - 1) : width / outWidth;
  const value = (i: number) => rgb[i]! / divisor - offset;
  let at = 0;
  for (let r = 0; r < outHeight; r++) {
    const y = r * rowScale;
    const top = Math.floor(y);
    const bottom = Math.min(height - 1, Math.ceil(y));
    const dy = y - top;
    for (let c = 0; c < outWidth; c++) {
      const x = c * colScale;
      const left = Math.floor(x);
      const right = Math.min(width - 1, Math.ceil(x));
      const dx = x - left;
      const tl = (top * width + left) * 3;
      const tr = (top * width + right) * 3;
      const bl = (bottom * width + left) * 3;
      const br = (bottom * width + right) * 3;
      for (let ch = 0; ch < 3; ch++) {
        const upper = value(tl + ch) + (value(tr + ch) - value(tl + ch)) * dx;
        const lower = value(bl + ch) + (value(br + ch) - value(bl + ch)) * dx;
        out[at++] = upper + (lower - upper) * dy;
      }
    }
  }
  return out;
}

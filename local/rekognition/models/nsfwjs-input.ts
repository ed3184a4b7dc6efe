/**
 * nsfwjs's preprocessing, written here for the native runtime, where no TensorFlow.js runs:
 * pixels ÷ 255, then TensorFlow's bilinear resize with aligned corners (corner pixels map to
 * corner pixels, no half-pixel offset) to 224 × 224, NHWC float32. Checked against tfjs's own
 * resize in test/onnx/nsfwjs-input.test.ts.
 */
export const NSFWJS_SIZE = 224;

export function nsfwjsInput(rgb: Uint8Array, width: number, height: number, size = NSFWJS_SIZE): Float32Array {
  const out = new Float32Array(size * size * 3);
  // Aligned corners: output index i samples input (in − 1) / (out − 1) × i.
  const rowScale = size > 1 ? (height - 1) / (size - 1) : 0;
  const colScale = size > 1 ? (width - 1) / (size - 1) : 0;
  let o = 0;
  for (let r = 0; r < size; r++) {
    const y = r * rowScale;
    const top = Math.floor(y);
    const bottom = Math.min(height - 1, Math.ceil(y));
    const dy = y - top;
    for (let c = 0; c < size; c++) {
      const x = c * colScale;
      const left = Math.floor(x);
      const right = Math.min(width - 1, Math.ceil(x));
      const dx = x - left;
      const tl = (top * width + left) * 3;
      const tr = (top * width + right) * 3;
      const bl = (bottom * width + left) * 3;
      const br = (bottom * width + right) * 3;
      for (let ch = 0; ch < 3; ch++) {
        const upper = rgb[tl + ch]! / 255 + (rgb[tr + ch]! / 255 - rgb[tl + ch]! / 255) * dx;
        const lower = rgb[bl + ch]! / 255 + (rgb[br + ch]! / 255 - rgb[bl + ch]! / 255) * dx;
        out[o++] = upper + (lower - upper) * dy;
      }
    }
  }
  return out;
}

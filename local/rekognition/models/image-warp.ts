/**
 * Two of TensorFlow's image kernels that human runs before its face models, as tfjs's cpu kernels
 * compute them, for the native runtime: rotateWithOffset (nearest pixel, black outside) and
 * cropAndResize (bilinear, black outside the image). Images are RGB, row-major.
 */
export interface Rgb<T extends Uint8Array | Float32Array = Uint8Array | Float32Array> {
  data: T;
  width: number;
  height: number;
}

/** The image turned by `radians` about `center` (pixels), each pixel taken from the rounded source position. */
export function rotateWithOffset(image: Rgb<Uint8Array>, radians: number, center: [number, number]): Rgb<Uint8Array> {
  const { width, height, data } = image;
  const out = new Uint8Array(data.length);
  const sin = Math.sin(radians);
  const cos = Math.cos(radians);
  const [cx, cy] = center;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = Math.round((x - cx) * cos - (y - cy) * sin + cx);
      const sy = Math.round((x - cx) * sin + (y - cy) * cos + cy);
      if (sx < 0 || sx >= width || sy < 0 || sy >= height) continue;
      const from = (sy * width + sx) * 3;
      const to = (y * width + x) * 3;
      out[to] = data[from]!;
      out[to + 1] = data[from + 1]!;
      out[to + 2] = data[from + 2]!;
    }
  }
  return { data: out, width, height };
}

/** The box [y1, x1, y2, x2] (ratios, where 1 is the last pixel's centre) resampled to size × size, float32. */
export function cropAndResize(image: Rgb, box: [number, number, number, number], size: number): Float32Array {
  const { width, height, data } = image;
  // TensorFlow holds the box in float32; so the sampling positions are those of its rounded corners.
  const [y1, x1, y2, x2] = box.map(Math.fround) as [number, number, number, number];
  const out = new Float32Array(size * size * 3);
  const yScale = size > 1 ? ((y2 - y1) * (height - 1)) / (size - 1) : 0;
  const xScale = size > 1 ? ((x2 - x1) * (width - 1)) / (size - 1) : 0;
  for (let y = 0; y < size; y++) {
    const yIn = size > 1 ? y1 * (height - 1) + y * yScale : 0.5 * (y1 + y2) * (height - 1);
    if (yIn < 0 || yIn > height - 1) continue;
    const top = Math.floor(yIn) * width * 3;
    const bottom = Math.ceil(yIn) * width * 3;
    const dy = yIn - Math.floor(yIn);
    for (let x = 0; x < size; x++) {
      const xIn = size > 1 ? x1 * (width - 1) + x * xScale : 0.5 * (x1 + x2) * (width - 1);
      if (xIn < 0 || xIn > width - 1) continue;
      const left = Math.floor(xIn) * 3;
      const right = Math.ceil(xIn) * 3;
      const dx = xIn - Math.floor(xIn);
      const o = (y * size + x) * 3;
      for (let c = 0; c < 3; c++) {
        const upper = data[top + left + c]! + (data[top + right + c]! - data[top + left + c]!) * dx;
        const lower = data[bottom + left + c]! + (data[bottom + right + c]! - data[bottom + left + c]!) * dx;
        out[o + c] = upper + (lower - upper) * dy;
      }
    }
  }
  return out;
}

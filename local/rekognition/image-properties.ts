/**
 * Rekognition's IMAGE_PROPERTIES from the pixels alone: dominant colours (weighted k-means over a
 * 15-bit colour histogram, merged by CSS name) and quality on 0–100. AWS does not publish its
 * formulas; these match it in scale and direction, not in the numbers:
 * - brightness: mean luma (Rec. 709) as a share of white;
 * - contrast: the luma's standard deviation as a share of the largest possible (half black, half white);
 * - sharpness: the variance of the luma's Laplacian (edge energy), squashed onto 0–100.
 * Foreground is what the object detector's boxes cover; with no boxes the whole image is background.
 */
import { nearestCssColor } from './css-colors.js';
import type { Box, RawColor, RawImageProperties, RawQuality, RawRegion } from './detection.js';

export interface Pixels {
  rgb: Uint8Array;
  rgbWidth: number;
  rgbHeight: number;
}

/** Laplacian standard deviation at which sharpness reads 63 (1 − 1/e); a crisp photo scores 80–95. */
const SHARPNESS_SCALE = 12;
/** Clusters before merging by name; AWS answers at most 12 colours. */
const CLUSTERS = 12;
/** At most this many pixels are read for colours; more changes nothing but time. */
const COLOR_SAMPLES = 65_536;

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

export function imageProperties(image: Pixels, boxes: Box[], maxColors: number): RawImageProperties {
  const { rgbWidth: w, rgbHeight: h, rgb } = image;
  const n = w * h;
  const { luma, laplacian, hasLaplacian } = lumaAndLaplacian(image);
  const foreground = new Uint8Array(n);
  for (const [left, top, width, height] of boxes) {
    const x0 = Math.max(0, Math.floor(left * w));
    const x1 = Math.min(w, Math.ceil((left + width) * w));
    const y0 = Math.max(0, Math.floor(top * h));
    const y1 = Math.min(h, Math.ceil((top + height) * h));
    for (let y = y0; y < y1; y++) foreground.fill(1, y * w + x0, y * w + x1);
  }
  const region = (inRegion: (i: number) => boolean) => regionProperties({ rgb, luma, laplacian, hasLaplacian, n }, inRegion, maxColors);
  const fgPixels = foreground.reduce((sum, v) => sum + v, 0);
  return {
    image: region(() => true)!,
    foreground: fgPixels > 0 ? region((i) => foreground[i] === 1) : undefined,
    background: fgPixels < n ? region((i) => foreground[i] === 0) : undefined,
  };
}

/** Brightness and sharpness of one box (a face), by the same formulas as the whole image. */
export function regionQuality(image: Pixels, [left, top, width, height]: Box): { brightness: number; sharpness: number } {
  const x0 = Math.max(0, Math.floor(left * image.rgbWidth));
  const y0 = Math.max(0, Math.floor(top * image.rgbHeight));
  const w = Math.max(1, Math.min(image.rgbWidth, Math.ceil((left + width) * image.rgbWidth)) - x0);
  const h = Math.max(1, Math.min(image.rgbHeight, Math.ceil((top + height) * image.rgbHeight)) - y0);
  const rgb = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) rgb.set(image.rgb.subarray(((y0 + y) * image.rgbWidth + x0) * 3, ((y0 + y) * image.rgbWidth + x0 + w) * 3), y * w * 3);
  const { luma, laplacian, hasLaplacian } = lumaAndLaplacian({ rgb, rgbWidth: w, rgbHeight: h });
  const { brightness, sharpness } = quality(luma, laplacian, hasLaplacian, () => true)!;
  return { brightness, sharpness };
}

function lumaAndLaplacian(image: Pixels) {
  const { rgbWidth: w, rgbHeight: h, rgb } = image;
  const n = w * h;
  const luma = new Float32Array(n);
  for (let i = 0; i < n; i++) luma[i] = 0.2126 * rgb[3 * i] + 0.7152 * rgb[3 * i + 1] + 0.0722 * rgb[3 * i + 2];
  const laplacian = new Float32Array(n);
  const hasLaplacian = new Uint8Array(n);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      laplacian[i] = 4 * luma[i] - luma[i - 1] - luma[i + 1] - luma[i - w] - luma[i + w];
      hasLaplacian[i] = 1;
    }
  }
  return { luma, laplacian, hasLaplacian };
}

function regionProperties(p: { rgb: Uint8Array; luma: Float32Array; laplacian: Float32Array; hasLaplacian: Uint8Array; n: number }, inRegion: (i: number) => boolean, maxColors: number): RawRegion | undefined {
  const q = quality(p.luma, p.laplacian, p.hasLaplacian, inRegion);
  if (!q) return undefined;
  const step = Math.max(1, Math.floor(q.count / COLOR_SAMPLES));
  return { quality: { brightness: q.brightness, sharpness: q.sharpness, contrast: q.contrast }, colors: dominantColors(p.rgb, p.luma.length, inRegion, step, maxColors) };
}

function quality(luma: Float32Array, laplacian: Float32Array, hasLaplacian: Uint8Array, inRegion: (i: number) => boolean): (RawQuality & { count: number }) | undefined {
  const n = luma.length;
  let count = 0;
  let sum = 0;
  let sumSq = 0;
  let lapCount = 0;
  let lapSum = 0;
  let lapSumSq = 0;
  for (let i = 0; i < n; i++) {
    if (!inRegion(i)) continue;
    count++;
    sum += luma[i];
    sumSq += luma[i] ** 2;
    if (hasLaplacian[i]) {
      lapCount++;
      lapSum += laplacian[i];
      lapSumSq += laplacian[i] ** 2;
    }
  }
  if (!count) return undefined;
  const mean = sum / count;
  const std = Math.sqrt(Math.max(0, sumSq / count - mean ** 2));
  const lapStd = lapCount ? Math.sqrt(Math.max(0, lapSumSq / lapCount - (lapSum / lapCount) ** 2)) : 0;
  return {
    count,
    brightness: round((mean / 255) * 100),
    contrast: round(Math.min(100, (std / 127.5) * 100)),
    sharpness: round(100 * (1 - Math.exp(-lapStd / SHARPNESS_SCALE))),
  };
}

interface Cluster {
  weight: number;
  r: number;
  g: number;
  b: number;
}

/** Weighted k-means over the region's 15-bit histogram, farthest-point seeded (deterministic). */
function dominantColors(rgb: Uint8Array, n: number, inRegion: (i: number) => boolean, step: number, maxColors: number): RawColor[] {
  const bins = new Map<number, Cluster>();
  let seen = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (!inRegion(i) || seen++ % step !== 0) continue;
    const [r, g, b] = [rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]];
    const key = ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);
    const bin = bins.get(key) ?? { weight: 0, r: 0, g: 0, b: 0 };
    bin.weight++;
    bin.r += r;
    bin.g += g;
    bin.b += b;
    bins.set(key, bin);
    total++;
  }
  const points = [...bins.values()].map((c) => ({ weight: c.weight, r: c.r / c.weight, g: c.g / c.weight, b: c.b / c.weight }));
  const distance = (a: { r: number; g: number; b: number }, b: { r: number; g: number; b: number }) => (a.r - b.r) ** 2 + (a.g - b.g) ** 2 + (a.b - b.b) ** 2;

  let centres = [points.reduce((best, p) => (p.weight > best.weight ? p : best))];
  while (centres.length < Math.min(CLUSTERS, points.length)) {
    let best = points[0];
    let bestScore = -1;
    for (const p of points) {
      const score = p.weight * Math.min(...centres.map((c) => distance(p, c)));
      if (score > bestScore) {
        bestScore = score;
        best = p;
      }
    }
    if (bestScore <= 0) break;
    centres.push(best);
  }
  let clusters: Cluster[] = [];
  for (let iteration = 0; iteration < 10; iteration++) {
    clusters = centres.map(() => ({ weight: 0, r: 0, g: 0, b: 0 }));
    for (const p of points) {
      let nearest = 0;
      for (let c = 1; c < centres.length; c++) if (distance(p, centres[c]) < distance(p, centres[nearest])) nearest = c;
      const cluster = clusters[nearest];
      cluster.weight += p.weight;
      cluster.r += p.r * p.weight;
      cluster.g += p.g * p.weight;
      cluster.b += p.b * p.weight;
    }
    clusters = clusters.filter((c) => c.weight > 0);
    centres = clusters.map((c) => ({ weight: c.weight, r: c.r / c.weight, g: c.g / c.weight, b: c.b / c.weight }));
  }
  // Two clusters with the same CSS name are one colour to a reader: merge them.
  const byName = new Map<string, Cluster>();
  for (const c of centres) {
    const name = nearestCssColor(Math.round(c.r), Math.round(c.g), Math.round(c.b));
    const merged = byName.get(name) ?? { weight: 0, r: 0, g: 0, b: 0 };
    merged.r += c.r * c.weight;
    merged.g += c.g * c.weight;
    merged.b += c.b * c.weight;
    merged.weight += c.weight;
    byName.set(name, merged);
  }
  return [...byName.values()]
    .sort((a, b) => b.weight - a.weight)
    .slice(0, maxColors)
    .map((c) => ({ red: Math.round(c.r / c.weight), green: Math.round(c.g / c.weight), blue: Math.round(c.b / c.weight), pixelPercent: round((c.weight / total) * 100) }));
}

/** DetectText: LINE and WORD detections from Tesseract, with Rekognition's ids, filters and 100-word limit. */
import type { BoundingBox, DetectTextResponse, TextDetection } from '@aws-sdk/client-rekognition';
import { invalidParameter, numberParam } from '../api-error.js';
import type { RawWord } from '../detection.js';
import type { Labeller } from '../labeller.js';

/** Rekognition's limit: the first 100 words of an image. */
export const MAX_WORDS = 100;

export interface DetectTextInput {
  Filters?: {
    WordFilter?: { MinConfidence?: unknown; MinBoundingBoxHeight?: unknown; MinBoundingBoxWidth?: unknown };
    RegionsOfInterest?: { BoundingBox?: BoundingBox; Polygon?: { X?: number; Y?: number }[] }[];
  };
}

type Rect = { left: number; top: number; right: number; bottom: number };

export async function detectText(labeller: Labeller, image: Uint8Array, input: DetectTextInput): Promise<DetectTextResponse> {
  const wordFilter = input.Filters?.WordFilter;
  // Rekognition's default word confidence floor is 80; Tesseract's guesses at texture stay below it.
  const minConfidence = numberParam(wordFilter?.MinConfidence, 'MinConfidence', { min: 0, max: 100, fallback: 80 });
  const minHeight = numberParam(wordFilter?.MinBoundingBoxHeight, 'MinBoundingBoxHeight', { min: 0, max: 1, fallback: 0 });
  const minWidth = numberParam(wordFilter?.MinBoundingBoxWidth, 'MinBoundingBoxWidth', { min: 0, max: 1, fallback: 0 });
  const regions = regionsOfInterest(input.Filters?.RegionsOfInterest);

  const { width, height, lines } = await labeller.run({ kind: 'text' }, image);
  const rect = (w: RawWord): Rect => ({ left: w.bbox[0] / width, top: w.bbox[1] / height, right: w.bbox[2] / width, bottom: w.bbox[3] / height });
  const keep = (w: RawWord) => {
    const r = rect(w);
    return w.confidence >= minConfidence && r.bottom - r.top >= minHeight && r.right - r.left >= minWidth && (!regions.length || regions.some((region) => mostlyInside(r, region)));
  };

  const lineDetections: TextDetection[] = [];
  const wordDetections: { parent: number; word: RawWord }[] = [];
  for (const line of lines) {
    const words = line.words.filter(keep).slice(0, MAX_WORDS - wordDetections.length);
    if (!words.length) continue;
    const lineIndex = lineDetections.length;
    const box = words.map(rect).reduce((a, b) => ({ left: Math.min(a.left, b.left), top: Math.min(a.top, b.top), right: Math.max(a.right, b.right), bottom: Math.max(a.bottom, b.bottom) }));
    const confidence = words.reduce((sum, w) => sum + w.confidence, 0) / words.length;
    lineDetections.push({ DetectedText: words.map((w) => w.text).join(' '), Type: 'LINE', Id: lineIndex, Confidence: round(confidence), Geometry: geometry(box) });
    for (const word of words) wordDetections.push({ parent: lineIndex, word });
    if (wordDetections.length >= MAX_WORDS) break;
  }
  // Lines first, then words, numbered on from the lines; each word's ParentId is its line's Id.
  const TextDetections = [
    ...lineDetections,
    ...wordDetections.map(({ parent, word }, i): TextDetection => ({ DetectedText: word.text, Type: 'WORD', Id: lineDetections.length + i, ParentId: parent, Confidence: round(word.confidence), Geometry: geometry(rect(word)) })),
  ];
  return { TextDetections, TextModelVersion: '3.0' };
}

const round = (v: number) => Math.round(v * 1000) / 1000;
const clamp = (v: number) => Math.min(1, Math.max(0, v));

function geometry(r: Rect) {
  const [left, top, right, bottom] = [clamp(r.left), clamp(r.top), clamp(r.right), clamp(r.bottom)];
  return {
    BoundingBox: { Left: left, Top: top, Width: right - left, Height: bottom - top },
    Polygon: [
      { X: left, Y: top },
      { X: right, Y: top },
      { X: right, Y: bottom },
      { X: left, Y: bottom },
    ],
  };
}

/** A region given as a polygon is taken as the polygon's bounding box. */
function regionsOfInterest(regions: NonNullable<DetectTextInput['Filters']>['RegionsOfInterest']): Rect[] {
  if (regions === undefined) return [];
  if (!Array.isArray(regions) || regions.length > 10) throw invalidParameter('RegionsOfInterest must be a list of at most 10 regions');
  return regions.map((region) => {
    if (region.BoundingBox) {
      const { Left = 0, Top = 0, Width = 0, Height = 0 } = region.BoundingBox;
      return { left: Left, top: Top, right: Left + Width, bottom: Top + Height };
    }
    const points = region.Polygon ?? [];
    if (points.length < 3) throw invalidParameter('Each region of interest needs a BoundingBox or a Polygon of at least 3 points');
    const xs = points.map((p) => p.X ?? 0);
    const ys = points.map((p) => p.Y ?? 0);
    return { left: Math.min(...xs), top: Math.min(...ys), right: Math.max(...xs), bottom: Math.max(...ys) };
  });
}

/** Rekognition keeps a word when at least half of its box lies in the region. */
function mostlyInside(word: Rect, region: Rect) {
  const overlap = Math.max(0, Math.min(word.right, region.right) - Math.max(word.left, region.left)) * Math.max(0, Math.min(word.bottom, region.bottom) - Math.max(word.top, region.top));
  return overlap >= 0.5 * (word.right - word.left) * (word.bottom - word.top);
}

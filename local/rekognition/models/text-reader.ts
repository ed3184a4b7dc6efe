/**
 * Tesseract (tesseract.js, LSTM engine) with the English model from @tesseract.js-data/eng, read
 * from the package on disk (no download, no cache written). Its worker starts once (~0.5–2 s) and
 * stays alive for every later image.
 */
import { createRequire } from 'node:module';
import sharp from 'sharp';
import { createWorker, OEM, type Line } from 'tesseract.js';
import type { DecodedImage } from '../decode.js';
import type { RawLine } from '../detection.js';

const require = createRequire(import.meta.url);
const english: { langPath: string } = require('@tesseract.js-data/eng');

const MAX_SIDE = 4000;

export async function loadTextReader() {
  const tesseract = await createWorker('eng', OEM.LSTM_ONLY, { langPath: english.langPath, cacheMethod: 'none', gzip: true });
  return async function readText(image: DecodedImage): Promise<RawLine[]> {
    // Full resolution up to 4,000 px (small print is lost when downscaled further; Tesseract's wasm
    // heap runs out on 100-megapixel pages), oriented like the other models see it.
    const png = await sharp(image.bytes).rotate().resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true }).greyscale().png({ compressionLevel: 1 }).toBuffer({ resolveWithObject: true });
    const { data } = await tesseract.recognize(png.data, {}, { blocks: true, text: false });
    // Boxes in the original image's pixels.
    const scale = image.width / png.info.width;
    const bbox = (b: { x0: number; y0: number; x1: number; y1: number }): RawLine['bbox'] => [b.x0 * scale, b.y0 * scale, b.x1 * scale, b.y1 * scale];
    const lines: Line[] = (data.blocks ?? []).flatMap((block) => block.paragraphs.flatMap((paragraph) => paragraph.lines));
    return lines.map((line) => ({
      text: line.text.trim(),
      confidence: line.confidence,
      bbox: bbox(line.bbox),
      words: line.words.filter((word) => word.text.trim()).map((word) => ({ text: word.text.trim(), confidence: word.confidence, bbox: bbox(word.bbox) })),
    }));
  };
}

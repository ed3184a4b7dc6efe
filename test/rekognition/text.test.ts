/**
 * DetectText: text rendered here with sharp's SVG input and read back word for word, as LINE and
 * WORD detections with Rekognition's ids, parents, geometry and limits.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { DetectTextCommand, type TextDetection } from '@aws-sdk/client-rekognition';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { image, repoRoot } from '../support/paths.js';
import { startStandIn } from './stand-in.js';

let standIn: Awaited<ReturnType<typeof startStandIn>>;
beforeAll(async () => {
  standIn = await startStandIn();
});
afterAll(() => standIn?.close());

const LINES = ['Hello offline world', 'Rekognition reads text 42', 'Quick brown foxes jump'];

/** Black DejaVu Sans on white, one line every 100 px. */
function render(lines: string[], o: { width?: number; fontSize?: number; lineHeight?: number } = {}) {
  const { width = 900, fontSize = 44, lineHeight = 100 } = o;
  const height = lineHeight * lines.length + 60;
  const text = lines.map((line, i) => `<text x="40" y="${80 + i * lineHeight}" font-family="DejaVu Sans" font-size="${fontSize}" fill="black">${line}</text>`).join('');
  return sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="white"/>${text}</svg>`)).png().toBuffer();
}

const detect = async (bytes: Uint8Array, Filters?: ConstructorParameters<typeof DetectTextCommand>[0]['Filters']) => (await standIn.client.send(new DetectTextCommand({ Image: { Bytes: bytes }, Filters }))).TextDetections ?? [];

describe('DetectText on rendered text', () => {
  let detections: TextDetection[];
  beforeAll(async () => {
    detections = await detect(await render(LINES));
  });

  it('reads every line and every word back exactly', () => {
    expect(detections.filter((d) => d.Type === 'LINE').map((d) => d.DetectedText)).toEqual(LINES);
    expect(detections.filter((d) => d.Type === 'WORD').map((d) => d.DetectedText)).toEqual(LINES.flatMap((l) => l.split(' ')));
  });

  it('numbers lines first, then words, each word pointing at its line', () => {
    expect(detections.map((d) => d.Id)).toEqual(detections.map((_, i) => i));
    const lines = detections.filter((d) => d.Type === 'LINE');
    for (const line of lines) expect(line.ParentId).toBeUndefined();
    for (const word of detections.filter((d) => d.Type === 'WORD')) {
      const parent = lines.find((l) => l.Id === word.ParentId)!;
      expect(parent.DetectedText!.split(' ')).toContain(word.DetectedText);
    }
  });

  it('gives boxes and polygons as ratios of the image, words inside their line, lines in reading order', () => {
    const lines = detections.filter((d) => d.Type === 'LINE');
    for (const d of detections) {
      const b = d.Geometry!.BoundingBox!;
      for (const v of [b.Left!, b.Top!, b.Width!, b.Height!]) expect(v).toBeGreaterThanOrEqual(0);
      expect(b.Left! + b.Width!).toBeLessThanOrEqual(1);
      expect(b.Top! + b.Height!).toBeLessThanOrEqual(1);
      expect(b.Width).toBeGreaterThan(0);
      expect(d.Geometry!.Polygon).toEqual([
        { X: b.Left, Y: b.Top },
        { X: b.Left! + b.Width!, Y: b.Top },
        { X: b.Left! + b.Width!, Y: b.Top! + b.Height! },
        { X: b.Left, Y: b.Top! + b.Height! },
      ]);
      expect(d.Confidence).toBeGreaterThanOrEqual(80);
      expect(d.Confidence).toBeLessThanOrEqual(100);
      if (d.Type === 'WORD') {
        const line = lines.find((l) => l.Id === d.ParentId)!.Geometry!.BoundingBox!;
        expect(b.Left!).toBeGreaterThanOrEqual(line.Left! - 1e-9);
        expect(b.Top!).toBeGreaterThanOrEqual(line.Top! - 1e-9);
        expect(b.Left! + b.Width!).toBeLessThanOrEqual(line.Left! + line.Width! + 1e-9);
      }
    }
    const tops = lines.map((l) => l.Geometry!.BoundingBox!.Top!);
    expect(tops).toEqual([...tops].sort((a, b) => a - b));
    // The SVG put the first baseline at 80 px of 360: the first line's box straddles it.
    const first = lines[0].Geometry!.BoundingBox!;
    expect(first.Top!).toBeLessThan(80 / 360);
    expect(first.Top! + first.Height!).toBeGreaterThan(60 / 360);
  });

  it('answers at most 100 words, whole lines first', async () => {
    const many = Array.from({ length: 14 }, (_, i) => `line ${i} has eight words in it now`);
    const out = await detect(await render(many, { width: 1000, fontSize: 30, lineHeight: 50 }));
    const words = out.filter((d) => d.Type === 'WORD');
    expect(words).toHaveLength(100);
    const lines = out.filter((d) => d.Type === 'LINE');
    expect(lines).toHaveLength(13); // 12 full lines of 8 words, then 4 words of the 13th
    expect(lines.at(-1)!.DetectedText).toBe('line 12 has eight');
  });

  it('WordFilter and RegionsOfInterest narrow the answer', async () => {
    const bytes = await render(LINES);
    const tall = await detect(bytes, { WordFilter: { MinBoundingBoxHeight: 0.9 } });
    expect(tall).toEqual([]);
    const topOnly = await detect(bytes, { RegionsOfInterest: [{ BoundingBox: { Left: 0, Top: 0, Width: 1, Height: 0.3 } }] });
    expect(topOnly.filter((d) => d.Type === 'LINE').map((d) => d.DetectedText)).toEqual([LINES[0]]);
  });

  it('reads a page wider than 4,000 px (downscaled for Tesseract) with boxes still as ratios of the original', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="6000" height="600"><rect width="100%" height="100%" fill="white"/><text x="3000" y="360" font-family="DejaVu Sans" font-size="160" fill="black">Halfway across</text></svg>';
    const out = await detect(await sharp(Buffer.from(svg)).png().toBuffer());
    const line = out.find((d) => d.Type === 'LINE')!;
    expect(line.DetectedText).toBe('Halfway across');
    expect(line.Geometry!.BoundingBox!.Left).toBeGreaterThan(0.49);
    expect(line.Geometry!.BoundingBox!.Left).toBeLessThan(0.52);
    expect(line.Geometry!.BoundingBox!.Top! + line.Geometry!.BoundingBox!.Height!).toBeGreaterThan(0.5);
    expect(line.Geometry!.BoundingBox!.Top! + line.Geometry!.BoundingBox!.Height!).toBeLessThan(0.75);
  });

  it('timers keep firing while text is read (Tesseract runs off the event loop)', async () => {
    const bytes = await render(LINES);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    await detect(bytes);
    clearInterval(timer);
    // Hundreds of ms of recognition at a 5 ms interval: a blocked loop would tick at most once.
    expect(ticks).toBeGreaterThan(5);
  });

  it('reads the English model from the npm package and writes no cache of it', () => {
    expect(existsSync(`${repoRoot}/eng.traineddata`)).toBe(false);
    expect(existsSync(`${process.cwd()}/eng.traineddata`)).toBe(false);
  });

  it('a photo without text answers no detections at the default confidence', async () => {
    expect(await detect(await readFile(image('messi5.jpg')))).toEqual([]);
  });
});

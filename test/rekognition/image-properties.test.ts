/**
 * DetectLabels with IMAGE_PROPERTIES: dominant colours and quality on images made here with known
 * answers, and the foreground/background split on a photo. Every answer is parsed by the real
 * @aws-sdk/client-rekognition.
 */
import { readFile } from 'node:fs/promises';
import { DetectLabelsCommand, type DetectLabelsCommandInput } from '@aws-sdk/client-rekognition';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { image } from '../support/paths.js';
import { startStandIn } from './stand-in.js';

let standIn: Awaited<ReturnType<typeof startStandIn>>;
beforeAll(async () => {
  standIn = await startStandIn();
});
afterAll(() => standIn?.close());

const solid = (color: string, width = 200, height = 100) => sharp({ create: { width, height, channels: 3, background: color } }).png().toBuffer();
/** `left` fills the first `share` of the width, `right` the rest. */
async function twoColors(left: string, right: string, share: number) {
  const width = 200;
  const split = Math.round(width * share);
  return sharp({ create: { width, height: 100, channels: 3, background: left } })
    .composite([{ input: await solid(right, width - split, 100), left: split, top: 0 }])
    .png()
    .toBuffer();
}
const properties = async (bytes: Uint8Array, extra: Partial<DetectLabelsCommandInput> = {}) =>
  standIn.client.send(new DetectLabelsCommand({ Image: { Bytes: bytes }, Features: ['IMAGE_PROPERTIES'], ...extra }));

describe('dominant colours', () => {
  it.each([
    ['#ff0000', 'red', 'red'],
    ['#0000ff', 'blue', 'blue'],
    ['#ffff00', 'yellow', 'yellow'],
    ['#008000', 'green', 'green'],
    ['#ffffff', 'white', 'white'],
    ['#000000', 'black', 'black'],
    ['#808080', 'gray', 'grey'],
    ['#ffa500', 'orange', 'orange'],
    ['#800080', 'purple', 'purple'],
    ['#ffc0cb', 'pink', 'pink'],
    ['#8b4513', 'saddlebrown', 'brown'],
    ['#6495ed', 'cornflowerblue', 'blue'],
  ])('a solid %s image is 100 %% %s (%s)', async (hex, css, simplified) => {
    const { ImageProperties } = await properties(await solid(hex));
    expect(ImageProperties!.DominantColors).toEqual([{ Red: parseInt(hex.slice(1, 3), 16), Green: parseInt(hex.slice(3, 5), 16), Blue: parseInt(hex.slice(5, 7), 16), HexCode: hex, CSSColor: css, SimplifiedColor: simplified, PixelPercent: 100 }]);
  });

  it('a near-CSS colour snaps to the nearest name, keeping its own RGB', async () => {
    const [color] = (await properties(await solid('#fe0203'))).ImageProperties!.DominantColors!;
    expect(color).toMatchObject({ Red: 254, Green: 2, Blue: 3, HexCode: '#fe0203', CSSColor: 'red', SimplifiedColor: 'red', PixelPercent: 100 });
  });

  it('a two-colour image gives both colours with their shares, largest first', async () => {
    const { ImageProperties } = await properties(await twoColors('#ff0000', '#0000ff', 0.7));
    expect(ImageProperties!.DominantColors!.map((c) => [c.CSSColor, c.PixelPercent])).toEqual([
      ['red', 70],
      ['blue', 30],
    ]);
    const other = await properties(await twoColors('#ffffff', '#008000', 0.25));
    expect(other.ImageProperties!.DominantColors!.map((c) => [c.SimplifiedColor, c.PixelPercent])).toEqual([
      ['green', 75],
      ['white', 25],
    ]);
  });

  it('MaxDominantColors caps the list', async () => {
    const photo = await readFile(image('astronaut.png'));
    const five = await properties(photo, { Settings: { ImageProperties: { MaxDominantColors: 5 } } });
    const one = await properties(photo, { Settings: { ImageProperties: { MaxDominantColors: 1 } } });
    expect(five.ImageProperties!.DominantColors).toHaveLength(5);
    expect(one.ImageProperties!.DominantColors).toHaveLength(1);
    expect(one.ImageProperties!.DominantColors![0]).toEqual(five.ImageProperties!.DominantColors![0]);
    const shares = five.ImageProperties!.DominantColors!.map((c) => c.PixelPercent!);
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
  });
});

describe('quality', () => {
  it('a blurred copy is less sharp than its original, on several photos', async () => {
    for (const file of ['astronaut.png', 'messi5.jpg', 'chelsea.png', 'coffee.png']) {
      const original = await readFile(image(file));
      const blurred = await sharp(original).blur(3).png().toBuffer();
      const [a, b] = await Promise.all([properties(original), properties(blurred)]);
      expect(b.ImageProperties!.Quality!.Sharpness, file).toBeLessThan(a.ImageProperties!.Quality!.Sharpness! - 20);
    }
  });

  it('brightness orders dark, mid and bright images; contrast is 0 for a flat image and highest for black against white', async () => {
    const [dark, mid, bright] = await Promise.all(['#202020', '#808080', '#e0e0e0'].map(async (c) => (await properties(await solid(c))).ImageProperties!.Quality!));
    expect(dark.Brightness).toBeLessThan(mid.Brightness!);
    expect(mid.Brightness).toBeLessThan(bright.Brightness!);
    for (const q of [dark, mid, bright]) {
      expect(q.Contrast).toBe(0);
      expect(q.Sharpness).toBe(0);
    }
    const halves = (await properties(await twoColors('#000000', '#ffffff', 0.5))).ImageProperties!.Quality!;
    expect(halves.Contrast).toBe(100);
    const photo = (await properties(await readFile(image('messi5.jpg')))).ImageProperties!.Quality!;
    for (const value of [photo.Brightness, photo.Sharpness, photo.Contrast]) {
      expect(value).toBeGreaterThan(0);
      expect(value).toBeLessThan(100);
    }
  });

  it('a darkened photo reads darker than its original', async () => {
    const original = await readFile(image('coffee.png'));
    const darker = await sharp(original).linear(0.4, 0).png().toBuffer();
    const [a, b] = await Promise.all([properties(original), properties(darker)]);
    expect(b.ImageProperties!.Quality!.Brightness).toBeLessThan(a.ImageProperties!.Quality!.Brightness!);
  });
});

describe('foreground and background', () => {
  it("split by the detector's boxes on a photo with a person", async () => {
    const { ImageProperties, Labels } = await properties(await readFile(image('astronaut.png')));
    expect(Labels).toBeUndefined(); // IMAGE_PROPERTIES alone: no labels in the answer
    for (const part of [ImageProperties!.Foreground!, ImageProperties!.Background!]) {
      expect(part.DominantColors!.length).toBeGreaterThan(0);
      expect(part.Quality!.Brightness).toBeGreaterThan(0);
      expect(part.Quality!.Sharpness).toBeGreaterThan(0);
      expect(part.DominantColors!.reduce((sum, c) => sum + c.PixelPercent!, 0)).toBeLessThanOrEqual(100.01);
    }
  });

  it('only detections MinConfidence keeps mark the foreground', async () => {
    const { ImageProperties } = await properties(await readFile(image('astronaut.png')), { MinConfidence: 100 });
    expect(ImageProperties!.Foreground).toBeUndefined();
    expect(ImageProperties!.Background!.DominantColors).toEqual(ImageProperties!.DominantColors);
  });

  it('with nothing detected the whole image is background', async () => {
    const { ImageProperties } = await properties(await twoColors('#ff0000', '#0000ff', 0.7));
    expect(ImageProperties!.Foreground).toBeUndefined();
    expect(ImageProperties!.Background!.DominantColors).toEqual(ImageProperties!.DominantColors);
  });

  it('GENERAL_LABELS and IMAGE_PROPERTIES together answer both', async () => {
    const out = await standIn.client.send(new DetectLabelsCommand({ Image: { Bytes: await readFile(image('messi5.jpg')) }, Features: ['GENERAL_LABELS', 'IMAGE_PROPERTIES'], MinConfidence: 50 }));
    expect(out.Labels!.map((l) => l.Name)).toContain('Person');
    expect(out.ImageProperties!.Foreground).toBeDefined();
    const plain = await standIn.client.send(new DetectLabelsCommand({ Image: { Bytes: await readFile(image('messi5.jpg')) }, MinConfidence: 50 }));
    expect(plain.ImageProperties).toBeUndefined();
    expect(plain.Labels!.map((l) => l.Name)).toEqual(out.Labels!.map((l) => l.Name));
  });

  it('GeneralLabels filters include and exclude labels and categories', async () => {
    const bytes = await readFile(image('messi5.jpg'));
    const send = (GeneralLabels: Record<string, string[]>) => standIn.client.send(new DetectLabelsCommand({ Image: { Bytes: bytes }, MinConfidence: 50, Settings: { GeneralLabels } }));
    expect((await send({ LabelInclusionFilters: ['Sports Ball'] })).Labels!.map((l) => l.Name)).toEqual(['Sports Ball']);
    expect((await send({ LabelExclusionFilters: ['Person'] })).Labels!.map((l) => l.Name)).not.toContain('Person');
    expect((await send({ LabelCategoryInclusionFilters: ['Sports'] })).Labels!.every((l) => l.Categories![0].Name === 'Sports')).toBe(true);
  });
});

describe('bad parameters, as AWS words them', () => {
  it.each([
    [{ Features: ['COLOURS'] }],
    [{ Features: [] }],
    [{ Settings: { ImageProperties: { MaxDominantColors: 21 } } }],
    [{ Settings: { ImageProperties: { MaxDominantColors: 2.5 } } }],
    [{ MinConfidence: 101 }],
  ])('%j → InvalidParameterException', async (input) => {
    await expect(standIn.client.send(new DetectLabelsCommand({ Image: { Bytes: await solid('#ff0000') }, ...(input as object) }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});

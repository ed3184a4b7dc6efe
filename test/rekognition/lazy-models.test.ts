/**
 * Each model loads on first use: a stand-in that only ever reads text never loads the object
 * detector, and the local-only diagnostic says which models are loaded.
 */
import { DetectLabelsCommand, DetectTextCommand } from '@aws-sdk/client-rekognition';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLabeller } from '../../local/rekognition/labeller.js';
import { startStandIn } from './stand-in.js';

let standIn: Awaited<ReturnType<typeof startStandIn>>;
beforeAll(async () => {
  standIn = await startStandIn();
});
afterAll(() => standIn?.close());

const textImage = () =>
  sharp(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="600" height="160"><rect width="100%" height="100%" fill="white"/><text x="30" y="100" font-family="DejaVu Sans" font-size="48" fill="black">Only text here</text></svg>')).png().toBuffer();

it('nothing is loaded before the first image', async () => {
  expect(await standIn.loadedModels()).toEqual([]);
});

it('only TEXT loads the text reader and nothing else, however often it is asked', async () => {
  for (let i = 0; i < 2; i++) {
    const out = await standIn.client.send(new DetectTextCommand({ Image: { Bytes: await textImage() } }));
    expect(out.TextDetections!.filter((d) => d.Type === 'LINE').map((d) => d.DetectedText)).toEqual(['Only text here']);
  }
  expect(await standIn.loadedModels()).toEqual(['text-reader']);
  expect(standIn.rekognition.labeller.loadedModels()).toEqual(['text-reader']);
});

it('DetectLabels then loads the object detector beside it', async () => {
  await standIn.client.send(new DetectLabelsCommand({ Image: { Bytes: await textImage() } }));
  expect(await standIn.loadedModels()).toEqual(['object-detector', 'text-reader']);
});

it('with two workers, models load per worker and per need: text and moderation side by side, still no object detector', async () => {
  const labeller = createLabeller({ workers: 2 });
  try {
    const bytes = await textImage();
    const [text, moderation] = await Promise.all([labeller.run({ kind: 'text' }, bytes), labeller.run({ kind: 'moderation' }, bytes)]);
    expect(text.lines.map((l) => l.text)).toEqual(['Only text here']);
    expect(Object.keys(moderation.classes).sort()).toEqual(['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy']);
    expect(labeller.loadedModels()).toEqual(['moderation-classifier', 'text-reader']);
  } finally {
    await labeller.close();
  }
});

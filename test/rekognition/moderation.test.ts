/**
 * DetectModerationLabels with nsfwjs's bundled model: neutral photos get no labels above a
 * sensible confidence, and every label is in Rekognition's taxonomy shape.
 */
import { readFile } from 'node:fs/promises';
import { DetectModerationLabelsCommand } from '@aws-sdk/client-rekognition';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { image } from '../support/paths.js';
import { startStandIn } from './stand-in.js';

let standIn: Awaited<ReturnType<typeof startStandIn>>;
beforeAll(async () => {
  standIn = await startStandIn();
});
afterAll(() => standIn?.close());

const PHOTOS = ['astronaut.png', 'chelsea.png', 'coffee.png', 'fruits.jpg', 'horse.png', 'messi5.jpg', 'motorcycle_left.png'];
const moderate = (file: string, MinConfidence?: number) => readFile(image(file)).then((bytes) => standIn.client.send(new DetectModerationLabelsCommand({ Image: { Bytes: bytes }, MinConfidence })));

describe('DetectModerationLabels', () => {
  it.each(PHOTOS)('%s (neutral) → no labels at the default MinConfidence (50)', async (file) => {
    const out = await moderate(file);
    expect(out.ModerationLabels).toEqual([]);
    expect(out.ModerationModelVersion).toBe('7.0');
  });

  it('MinConfidence 0 shows every offline label, in the taxonomy, most confident first', async () => {
    const out = await moderate('fruits.jpg', 0);
    const labels = out.ModerationLabels!;
    expect(labels.map((l) => l.Name).sort()).toEqual(['Explicit', 'Explicit Nudity', 'Swimwear or Underwear']);
    expect(labels.find((l) => l.Name === 'Explicit')).toMatchObject({ ParentName: '', TaxonomyLevel: 1 });
    expect(labels.find((l) => l.Name === 'Swimwear or Underwear')).toMatchObject({ ParentName: '', TaxonomyLevel: 1 });
    const nudity = labels.find((l) => l.Name === 'Explicit Nudity')!;
    expect(nudity).toMatchObject({ ParentName: 'Explicit', TaxonomyLevel: 2 });
    expect(nudity.Confidence).toBe(labels.find((l) => l.Name === 'Explicit')!.Confidence);
    const confidences = labels.map((l) => l.Confidence!);
    expect(confidences).toEqual([...confidences].sort((a, b) => b - a));
    for (const c of confidences) {
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThan(50);
    }
  });

  it('MinConfidence out of range → InvalidParameterException', async () => {
    await expect(moderate('coffee.png', 150)).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});

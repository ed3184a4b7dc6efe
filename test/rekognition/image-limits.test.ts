/** Rekognition's image limits apply to every operation, with AWS's exception names. */
import { readFile } from 'node:fs/promises';
import { DetectFacesCommand, DetectLabelsCommand, DetectModerationLabelsCommand, DetectTextCommand, type RekognitionClient } from '@aws-sdk/client-rekognition';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { image } from '../support/paths.js';
import { startStandIn } from './stand-in.js';

let standIn: Awaited<ReturnType<typeof startStandIn>>;
beforeAll(async () => {
  standIn = await startStandIn();
});
afterAll(() => standIn?.close());

const operations: [string, (client: RekognitionClient, bytes: Uint8Array) => Promise<unknown>][] = [
  ['DetectLabels', (c, Bytes) => c.send(new DetectLabelsCommand({ Image: { Bytes }, Features: ['GENERAL_LABELS', 'IMAGE_PROPERTIES'] }))],
  ['DetectText', (c, Bytes) => c.send(new DetectTextCommand({ Image: { Bytes } }))],
  ['DetectFaces', (c, Bytes) => c.send(new DetectFacesCommand({ Image: { Bytes } }))],
  ['DetectModerationLabels', (c, Bytes) => c.send(new DetectModerationLabelsCommand({ Image: { Bytes } }))],
];

describe.each(operations)('%s', (_, send) => {
  it('not an image, a truncated JPEG and a GIF → InvalidImageFormatException', async () => {
    const gif = await sharp({ create: { width: 100, height: 100, channels: 3, background: '#ff0000' } }).gif().toBuffer();
    for (const bytes of [await readFile(image('not-an-image.jpg')), await readFile(image('truncated.jpg')), gif]) {
      await expect(send(standIn.client, bytes)).rejects.toMatchObject({ name: 'InvalidImageFormatException', $metadata: { httpStatusCode: 400 } });
    }
  });

  it('a side under 80 px → InvalidParameterException; over 10,000 px → ImageTooLargeException', async () => {
    const small = await sharp({ create: { width: 79, height: 200, channels: 3, background: '#808080' } }).png().toBuffer();
    await expect(send(standIn.client, small)).rejects.toMatchObject({ name: 'InvalidParameterException' });
    const long = await sharp({ create: { width: 10_001, height: 80, channels: 3, background: '#808080' } }).png().toBuffer();
    await expect(send(standIn.client, long)).rejects.toMatchObject({ name: 'ImageTooLargeException' });
  });

  it('more than 5 MB of inline bytes → ImageTooLargeException', async () => {
    await expect(send(standIn.client, new Uint8Array(5 * 1024 * 1024 + 1))).rejects.toMatchObject({ name: 'ImageTooLargeException' });
  });
});

it('refusals load no model', async () => {
  expect(await standIn.loadedModels()).toEqual([]);
});

/**
 * The on-device labeller behind the local Rekognition, through @aws-sdk/client-rekognition as
 * the labelling function calls it. Expectations come from test/fixtures/images/SOURCES.md.
 */
import { readFile } from 'node:fs/promises';
import { DetectLabelsCommand, RekognitionClient, type Label } from '@aws-sdk/client-rekognition';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRekognition } from '../../local/rekognition/index.js';
import { image } from '../support/paths.js';

const credentials = { accessKeyId: 'TESTKEY', secretAccessKey: 'test-secret' };
let rekognition: Awaited<ReturnType<typeof startLocalRekognition>>;
let client: RekognitionClient;

beforeAll(async () => {
  rekognition = await startLocalRekognition({ region: 'us-east-1', credentials: [credentials], s3: { endpoint: 'http://127.0.0.1:9', region: 'us-east-1', credentials, forcePathStyle: true } });
  client = new RekognitionClient({ endpoint: rekognition.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
});
afterAll(async () => {
  client?.destroy();
  await rekognition?.close();
});

const detect = async (file: string, minConfidence = 50) => (await client.send(new DetectLabelsCommand({ Image: { Bytes: await readFile(image(file)) }, MinConfidence: minConfidence }))).Labels ?? [];
const names = (labels: Label[]) => labels.map((l) => l.Name);

describe('DetectLabels on the test photos', () => {
  it.each([
    ['astronaut.png', ['Person']],
    ['coffee.png', ['Cup']],
    ['horse.png', ['Horse']],
    ['motorcycle_left.png', ['Motorcycle']],
    ['messi5.jpg', ['Person', 'Sports Ball']],
  ])('%s → %j', async (file, expected) => {
    expect(names(await detect(file))).toEqual(expect.arrayContaining(expected));
  });

  it('chelsea.png → an animal (a label whose parents include Animal)', async () => {
    const labels = await detect('chelsea.png');
    expect(labels.some((l) => l.Parents?.some((p) => p.Name === 'Animal'))).toBe(true);
  });

  it('fruits.jpg → Apple or Orange', async () => {
    expect(names(await detect('fruits.jpg')).some((n) => n === 'Apple' || n === 'Orange')).toBe(true);
  });

  it('answers in Rekognition shape: parents as labels, instances with ratio boxes, categories', async () => {
    const labels = await detect('messi5.jpg');
    const ball = labels.find((l) => l.Name === 'Sports Ball')!;
    expect(ball.Parents).toEqual([{ Name: 'Ball' }, { Name: 'Sport' }]);
    expect(ball.Categories?.[0]?.Name).toBe('Sports');
    expect(labels.find((l) => l.Name === 'Ball')).toMatchObject({ Instances: [], Confidence: ball.Confidence });
    for (const label of labels) {
      expect(label.Confidence).toBeGreaterThanOrEqual(50);
      expect(label.Confidence).toBeLessThanOrEqual(100);
      for (const { BoundingBox: b } of label.Instances ?? []) {
        expect(b!.Left! + b!.Width!).toBeLessThanOrEqual(1.0001);
        expect(b!.Top! + b!.Height!).toBeLessThanOrEqual(1.0001);
        expect(Math.min(b!.Left!, b!.Top!, b!.Width!, b!.Height!)).toBeGreaterThanOrEqual(0);
      }
    }
    const sorted = labels.map((l) => l.Confidence!);
    expect(sorted).toEqual([...sorted].sort((a, b) => b - a));
  });

  it('MinConfidence and MaxLabels apply', async () => {
    const all = await detect('messi5.jpg', 0);
    const strict = await detect('messi5.jpg', 90);
    expect(strict.length).toBeLessThan(all.length);
    expect(strict.every((l) => l.Confidence! >= 90)).toBe(true);
    const two = await client.send(new DetectLabelsCommand({ Image: { Bytes: await readFile(image('messi5.jpg')) }, MaxLabels: 2 }));
    expect(two.Labels).toHaveLength(2);
  });
});

describe('refusals, as AWS words them', () => {
  it.each(['not-an-image.jpg', 'truncated.jpg'])('%s → InvalidImageFormatException', async (file) => {
    await expect(detect(file)).rejects.toMatchObject({ name: 'InvalidImageFormatException' });
  });

  it('a missing S3 object → InvalidS3ObjectException', async () => {
    await expect(client.send(new DetectLabelsCommand({ Image: { S3Object: { Bucket: 'blobs', Name: 'nope' } } }))).rejects.toMatchObject({ name: 'InvalidS3ObjectException' });
  });

  it('a wrong secret → InvalidSignatureException; an unknown key → UnrecognizedClientException', async () => {
    const forged = new RekognitionClient({ endpoint: rekognition.endpoint, region: 'us-east-1', credentials: { ...credentials, secretAccessKey: 'wrong' }, maxAttempts: 1 });
    await expect(forged.send(new DetectLabelsCommand({ Image: { Bytes: new Uint8Array([1]) } }))).rejects.toMatchObject({ name: 'InvalidSignatureException' });
    const stranger = new RekognitionClient({ endpoint: rekognition.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'NOBODY', secretAccessKey: 'x' }, maxAttempts: 1 });
    await expect(stranger.send(new DetectLabelsCommand({ Image: { Bytes: new Uint8Array([1]) } }))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
  });
});

describe('inference stays off the event loop', () => {
  it('timers keep firing while an image is labelled', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = ticks;
    await detect('motorcycle_left.png');
    clearInterval(timer);
    // ~200+ ms of inference at a 5 ms interval: a blocked loop would tick at most once.
    expect(ticks - started).toBeGreaterThan(5);
  });
});

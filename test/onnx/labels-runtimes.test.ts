/**
 * DetectLabels on both runtimes (BLOBS_LABELLER_RUNTIME): onnxruntime-node with human's CenterNet
 * and BlazeFace converted, and human itself on TensorFlow.js (wasm). On every test photo the
 * answers are the same: labels with their parents and categories, confidences to one decimal,
 * every instance's box within 0.005 of the image.
 */
import { readFile } from 'node:fs/promises';
import { DetectLabelsCommand, type Label } from '@aws-sdk/client-rekognition';
import { describe, expect, it } from 'vitest';
import { image } from '../support/paths.js';
import { standInPerRuntime, TEST_PHOTOS, type StandIn } from '../rekognition/stand-in.js';

const PHOTOS = TEST_PHOTOS;
const standIns = standInPerRuntime();

/** The handler's request, with MinConfidence 0 so every detection the models keep is compared. */
const detect = async (standIn: StandIn, bytes: Uint8Array) => (await standIn.client.send(new DetectLabelsCommand({ Image: { Bytes: bytes }, MinConfidence: 0, MaxLabels: 100 }))).Labels!;

/** Everything but the numbers that may differ in the last digits, which are checked apart. */
const named = (labels: Label[]) => labels.map((l) => ({ ...l, Confidence: Number(l.Confidence!.toFixed(1)), Instances: l.Instances!.map((i) => ({ Confidence: Number(i.Confidence!.toFixed(1)) })) }));
const boxes = (labels: Label[]) => labels.flatMap((l) => l.Instances!.map((i) => i.BoundingBox!));

describe('DetectLabels: native and wasm runtimes agree', () => {
  it.each(PHOTOS)('%s: same labels, confidences to one decimal, boxes within 0.005', async (file) => {
    const bytes = await readFile(image(file));
    const [onNative, onWasm] = await Promise.all([detect(standIns.native, bytes), detect(standIns.wasm, bytes)]);
    expect(onWasm.length).toBeGreaterThan(0);
    expect(named(onNative)).toEqual(named(onWasm));
    const expected = boxes(onWasm);
    boxes(onNative).forEach((box, i) => {
      for (const side of ['Left', 'Top', 'Width', 'Height'] as const) expect(Math.abs(box[side]! - expected[i]![side]!), `${file} box ${i} ${side}`).toBeLessThanOrEqual(0.005);
    });
  });

  it('each ran on the runtime it was given (no silent fallback)', async () => {
    expect(await standIns.native.modelRuntimes()).toEqual({ 'object-detector': 'native' });
    expect(await standIns.wasm.modelRuntimes()).toEqual({ 'object-detector': 'wasm' });
  });
});

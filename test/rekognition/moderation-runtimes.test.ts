/**
 * DetectModerationLabels on both runtimes (BLOBS_LABELLER_RUNTIME): onnxruntime-node with the
 * converted nsfwjs model, and TensorFlow.js on wasm with nsfwjs itself. Every label and its
 * confidence to one decimal are the same on every test photo.
 */
import { readFile } from 'node:fs/promises';
import { DetectModerationLabelsCommand } from '@aws-sdk/client-rekognition';
import { describe, expect, it } from 'vitest';
import { image } from '../support/paths.js';
import { standInPerRuntime, TEST_PHOTOS, type StandIn } from './stand-in.js';

const PHOTOS = TEST_PHOTOS;
const standIns = standInPerRuntime();

const labels = async (standIn: StandIn, bytes: Uint8Array) => {
  const out = await standIn.client.send(new DetectModerationLabelsCommand({ Image: { Bytes: bytes }, MinConfidence: 0 }));
  return out.ModerationLabels!.map((l) => ({ ...l, Confidence: Number(l.Confidence!.toFixed(1)) }));
};

describe('DetectModerationLabels: native and wasm runtimes agree', () => {
  it.each(PHOTOS)('%s: same labels, confidences to one decimal', async (file) => {
    const bytes = await readFile(image(file));
    const [onNative, onWasm] = await Promise.all([labels(standIns.native, bytes), labels(standIns.wasm, bytes)]);
    expect(onNative.map((l) => l.Name).sort()).toEqual(['Explicit', 'Explicit Nudity', 'Swimwear or Underwear']);
    expect(onNative).toEqual(onWasm);
  });

  it('each ran on the runtime it was given (no silent fallback)', async () => {
    expect(await standIns.native.modelRuntimes()).toEqual({ 'moderation-classifier': 'native' });
    expect(await standIns.wasm.modelRuntimes()).toEqual({ 'moderation-classifier': 'wasm' });
  });
});

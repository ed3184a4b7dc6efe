/**
 * DetectFaces (Attributes ALL) on both runtimes (BLOBS_LABELLER_RUNTIME): onnxruntime-node with
 * human's BlazeFace, FaceMesh, FaceRes and emotion models converted, and human itself on
 * TensorFlow.js (wasm). On every test photo, and on copies turned far enough that the face is
 * cropped from a rotated image: the same faces, confidences to one decimal, boxes and landmarks
 * within 0.005 of the image, pose within 0.5°, the same age range and gender, emotions to one decimal.
 */
import { readFile } from 'node:fs/promises';
import { DetectFacesCommand, type FaceDetail } from '@aws-sdk/client-rekognition';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { image } from '../support/paths.js';
import { standInPerRuntime, TEST_PHOTOS, type StandIn } from '../rekognition/stand-in.js';

const PHOTOS = TEST_PHOTOS;
const standIns = standInPerRuntime();

const detect = async (standIn: StandIn, bytes: Uint8Array) => (await standIn.client.send(new DetectFacesCommand({ Image: { Bytes: bytes }, Attributes: ['ALL'] }))).FaceDetails!;

const near = (actual: number | undefined, expected: number | undefined, tolerance: number, what: string) => expect(Math.abs(actual! - expected!), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
const oneDecimal = (v: number | undefined) => Number(v!.toFixed(1));

function expectSameFaces(onNative: FaceDetail[], onWasm: FaceDetail[], what: string) {
  expect(onNative.length, `${what} faces`).toBe(onWasm.length);
  onNative.forEach((face, i) => {
    const e = onWasm[i]!;
    expect(oneDecimal(face.Confidence), `${what} #${i} confidence`).toBe(oneDecimal(e.Confidence));
    for (const side of ['Left', 'Top', 'Width', 'Height'] as const) near(face.BoundingBox![side], e.BoundingBox![side], 0.005, `${what} #${i} box ${side}`);
    expect(face.Landmarks!.map((l) => l.Type)).toEqual(e.Landmarks!.map((l) => l.Type));
    face.Landmarks!.forEach((l, k) => {
      near(l.X, e.Landmarks![k]!.X, 0.005, `${what} #${i} ${l.Type} X`);
      near(l.Y, e.Landmarks![k]!.Y, 0.005, `${what} #${i} ${l.Type} Y`);
    });
    for (const angle of ['Roll', 'Yaw', 'Pitch'] as const) near(face.Pose![angle], e.Pose![angle], 0.5, `${what} #${i} ${angle}`);
    expect(face.AgeRange, `${what} #${i} age`).toEqual(e.AgeRange);
    expect(face.Gender && { ...face.Gender, Confidence: oneDecimal(face.Gender.Confidence) }, `${what} #${i} gender`).toEqual(e.Gender && { ...e.Gender, Confidence: oneDecimal(e.Gender.Confidence) });
    const emotions = (f: FaceDetail) => Object.fromEntries(f.Emotions!.map((m) => [m.Type, oneDecimal(m.Confidence)]));
    expect(emotions(face), `${what} #${i} emotions`).toEqual(emotions(e));
  });
}

describe('DetectFaces: native and wasm runtimes agree', () => {
  it.each(PHOTOS)('%s: the same faces and attributes', async (file) => {
    const bytes = await readFile(image(file));
    const [onNative, onWasm] = await Promise.all([detect(standIns.native, bytes), detect(standIns.wasm, bytes)]);
    expectSameFaces(onNative, onWasm, file);
  });

  it.each([
    ['astronaut.png', 35],
    ['astronaut.png', -50],
    ['messi5.jpg', 30],
  ] as const)('%s turned %i°: the same face, read from a rotated crop', async (file, degrees) => {
    const bytes = await sharp(await readFile(image(file))).rotate(degrees).png().toBuffer();
    const [onNative, onWasm] = await Promise.all([detect(standIns.native, bytes), detect(standIns.wasm, bytes)]);
    expect(onWasm.length).toBe(1);
    expect(Math.abs(onWasm[0]!.Pose!.Roll!)).toBeGreaterThan(20); // far past human's 0.2 rad: the rotated path ran
    expectSameFaces(onNative, onWasm, `${file} ${degrees}°`);
  });

  it('each ran on the runtime it was given (no silent fallback)', async () => {
    expect(await standIns.native.modelRuntimes()).toEqual({ 'face-analyser': 'native' });
    expect(await standIns.wasm.modelRuntimes()).toEqual({ 'face-analyser': 'wasm' });
  });
});

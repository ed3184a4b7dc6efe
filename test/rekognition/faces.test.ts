/**
 * DetectFaces on the shared photos: faces where there are people, none on the cat or the fruit,
 * with AWS's shape for DEFAULT and ALL, and faces found at the edge of a wide image.
 */
import { readFile } from 'node:fs/promises';
import { DetectFacesCommand, type FaceDetail } from '@aws-sdk/client-rekognition';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { image } from '../support/paths.js';
import { startStandIn } from './stand-in.js';

let standIn: Awaited<ReturnType<typeof startStandIn>>;
beforeAll(async () => {
  standIn = await startStandIn();
});
afterAll(() => standIn?.close());

const detect = async (bytes: Uint8Array, Attributes?: string[]) => (await standIn.client.send(new DetectFacesCommand({ Image: { Bytes: bytes }, Attributes: Attributes as never }))).FaceDetails ?? [];
const landmark = (face: FaceDetail, type: string) => face.Landmarks!.find((l) => l.Type === type)!;

function expectInBox(face: FaceDetail, point: { X?: number; Y?: number }) {
  const b = face.BoundingBox!;
  expect(point.X!).toBeGreaterThan(b.Left! - 0.02);
  expect(point.X!).toBeLessThan(b.Left! + b.Width! + 0.02);
  expect(point.Y!).toBeGreaterThan(b.Top! - 0.02);
  expect(point.Y!).toBeLessThan(b.Top! + b.Height! + 0.02);
}

describe('DetectFaces on the test photos', () => {
  it.each([
    ['messi5.jpg', 1],
    ['astronaut.png', 1],
    ['chelsea.png', 0],
    ['fruits.jpg', 0],
    ['coffee.png', 0],
    ['horse.png', 0],
    ['motorcycle_left.png', 0],
  ])('%s → %i face(s)', async (file, count) => {
    expect(await detect(await readFile(image(file)))).toHaveLength(count);
  });

  it('DEFAULT: box, confidence, landmarks, pose and quality; no age, gender or emotions', async () => {
    const [face] = await detect(await readFile(image('astronaut.png')));
    expect(Object.keys(face).sort()).toEqual(['BoundingBox', 'Confidence', 'Landmarks', 'Pose', 'Quality']);
    expect(face.Confidence).toBeGreaterThan(90);
    // The astronaut's face is in the upper middle of the picture.
    expect(face.BoundingBox!.Left).toBeGreaterThan(0.2);
    expect(face.BoundingBox!.Left! + face.BoundingBox!.Width!).toBeLessThan(0.7);
    expect(face.BoundingBox!.Top! + face.BoundingBox!.Height!).toBeLessThan(0.5);
    for (const point of face.Landmarks!) expectInBox(face, point);
    // Image-left eye left of the image-right eye, both above the nose, the nose above the mouth and chin.
    expect(landmark(face, 'eyeLeft').X!).toBeLessThan(landmark(face, 'eyeRight').X!);
    expect(landmark(face, 'eyeLeft').Y!).toBeLessThan(landmark(face, 'nose').Y!);
    expect(landmark(face, 'nose').Y!).toBeLessThan(landmark(face, 'mouthDown').Y!);
    expect(landmark(face, 'mouthDown').Y!).toBeLessThan(landmark(face, 'chinBottom').Y!);
    expect(landmark(face, 'mouthLeft').X!).toBeLessThan(landmark(face, 'mouthRight').X!);
    // A face looking at the camera.
    for (const angle of [face.Pose!.Roll!, face.Pose!.Yaw!, face.Pose!.Pitch!]) expect(Math.abs(angle)).toBeLessThan(30);
    expect(face.Quality!.Brightness).toBeGreaterThan(0);
    expect(face.Quality!.Sharpness).toBeGreaterThan(50);
  });

  it('ALL adds age range, gender and emotions (Rekognition names); nothing no model gives', async () => {
    const [face] = await detect(await readFile(image('astronaut.png')), ['ALL']);
    expect(face.AgeRange!.Low).toBeLessThan(face.AgeRange!.High!);
    expect(face.AgeRange!.Low).toBeGreaterThanOrEqual(15);
    expect(face.AgeRange!.High).toBeLessThanOrEqual(70);
    expect(['Male', 'Female']).toContain(face.Gender!.Value);
    expect(face.Emotions!.map((e) => e.Type).sort()).toEqual(['ANGRY', 'CALM', 'DISGUSTED', 'FEAR', 'HAPPY', 'SAD', 'SURPRISED']);
    expect(face.Emotions![0].Type).toBe('HAPPY'); // she smiles
    for (const absent of ['Beard', 'Eyeglasses', 'Sunglasses', 'Mustache', 'Smile', 'EyesOpen', 'MouthOpen', 'EyeDirection', 'FaceOccluded']) expect(face).not.toHaveProperty(absent);
    const [onlyAge] = await detect(await readFile(image('astronaut.png')), ['AGE_RANGE']);
    expect(onlyAge.AgeRange).toEqual(face.AgeRange);
    expect(onlyAge.Gender).toBeUndefined();
  });

  it('finds a face at the far edge of a wide image (padded to a square)', async () => {
    const photo = await readFile(image('astronaut.png'));
    // The astronaut's face cut out and placed at the right edge of a 1600×400 canvas.
    const face = await sharp(photo).extract({ left: 130, top: 20, width: 200, height: 200 }).toBuffer();
    const wide = await sharp({ create: { width: 1600, height: 400, channels: 3, background: '#405060' } })
      .composite([{ input: face, left: 1400, top: 100 }])
      .png()
      .toBuffer();
    const faces = await detect(wide);
    expect(faces).toHaveLength(1);
    expect(faces[0].BoundingBox!.Left).toBeGreaterThan(0.85);
    expect(faces[0].BoundingBox!.Top).toBeGreaterThan(0.2);
  });

  it('an unknown attribute → InvalidParameterException', async () => {
    await expect(detect(await readFile(image('astronaut.png')), ['FRECKLES'])).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});

/**
 * human's face models (BlazeFace, FaceMesh, FaceRes, emotion) converted to ONNX and run by
 * onnxruntime-node, with what human does around them in the project's code: the detector's
 * decoding (blazeface-*.ts), the upright crop each face is read from (image-warp.ts), the mesh's
 * geometry and pose (face-geometry.ts) and the attribute models' inputs and numbers
 * (face-attributes.ts). Checked against human on wasm in test/onnx/faces-runtimes.test.ts.
 */
import type { DecodedImage } from '../decode.js';
import type { RawFace } from '../detection.js';
import { cachedOnnx } from '../onnx/cache.js';
import { humanModel } from '../onnx/sources.js';
import type { BlazefaceFace } from './blazeface-decode.js';
import { runBlazeface } from './blazeface-native.js';
import { decodeEmotion, decodeFaceres, EMOTION_SIZE, emotionInput, FACERES_SIZE, faceresInput } from './face-attributes.js';
import { faceAngles, faceRoll, meshBox, meshToImage } from './face-geometry.js';
import { EMOTION_MIN_SCORE, FACE_DETECTOR, type HumanFace, padToSquare, toRawFaces } from './face-output.js';
import { cropAndResize, rotateWithOffset, type Rgb } from './image-warp.js';
import { createSession, type OrtModule } from './onnx-session.js';

const MESH_SIZE = 192;
/** human keeps a face whose mesh scores above this (its detector's minConfidence). */
const MESH_MIN_SCORE = FACE_DETECTOR.minScore;

export async function loadNativeFaceAnalyser(ort: OrtModule) {
  const names = ['blazeface', 'facemesh', 'faceres', 'emotion'] as const;
  const [blazeface, facemesh, faceres, emotion] = await Promise.all(names.map(async (name) => createSession(ort, (await cachedOnnx(await humanModel(name))).onnx)));
  const run = async (session: typeof blazeface, data: Float32Array, shape: number[]) => await session!.run({ [session!.inputNames[0]!]: new ort.Tensor('float32', data, shape) });
  const values = (out: Awaited<ReturnType<typeof run>>, name: string) => out[name]!.data as Float32Array;

  /** One detected face through the mesh and the attribute models, as human's facemesh.ts and face.ts do. */
  async function analyse(square: Rgb<Uint8Array>, found: BlazefaceFace): Promise<HumanFace | undefined> {
    const roll = faceRoll(found.landmarks);
    const centre: [number, number] = [(found.start[0] + found.end[0]) / 2, (found.start[1] + found.end[1]) / 2];
    const upright = roll ? rotateWithOffset(square, roll, centre) : square;
    const crop = cropAndResize(upright, [found.start[1] / square.height, found.start[0] / square.width, found.end[1] / square.height, found.end[0] / square.width], MESH_SIZE);
    for (let i = 0; i < crop.length; i++) crop[i] = crop[i]! / 255;
    const mesh = await run(facemesh, crop, [1, MESH_SIZE, MESH_SIZE, 3]);
    const score = Math.round(100 * values(mesh, 'Identity_1')[0]!) / 100;
    if (!(score > MESH_MIN_SCORE)) return undefined;
    const points = meshToImage(values(mesh, 'Identity_2'), found, roll, MESH_SIZE);
    const box = meshBox(points, found);
    const boxRaw = [box.start[0] / square.width, box.start[1] / square.height, (box.end[0] - box.start[0]) / square.width, (box.end[1] - box.start[1]) / square.height];
    const meshRaw = points.map((p): [number, number, number] => [p[0] / square.width, p[1] / square.height, p[2] / MESH_SIZE]);
    const feelings = await run(emotion, emotionInput(crop, MESH_SIZE), [1, EMOTION_SIZE, EMOTION_SIZE, 1]);
    const description = await run(faceres, faceresInput(crop, MESH_SIZE), [1, FACERES_SIZE, FACERES_SIZE, 3]);
    const { age, gender } = decodeFaceres(values(description, 'gender_pred/Sigmoid'), values(description, 'age_pred/Softmax'));
    const emotions = decodeEmotion(values(feelings, 'Identity'), EMOTION_MIN_SCORE);
    return {
      score,
      boxRaw,
      meshRaw,
      rotation: { angle: faceAngles(meshRaw, boxRaw, [square.width, square.height]) },
      // human leaves out an age of 0 and a gender it is not sure of.
      age: age || undefined,
      gender: gender?.value,
      genderScore: gender?.score,
      emotion: Object.entries(emotions).map(([name, value]) => ({ emotion: name, score: value })),
    };
  }

  return async function analyseFaces(image: DecodedImage): Promise<RawFace[]> {
    const { pixels, side } = padToSquare(image);
    const square = { data: pixels, width: side, height: side };
    const faces: HumanFace[] = [];
    // One face after another: each session has one thread, and the worker one core.
    for (const found of await runBlazeface(ort, blazeface!, square, FACE_DETECTOR)) {
      const face = await analyse(square, found);
      if (face) faces.push(face);
    }
    return toRawFaces(faces, image, side);
  };
}

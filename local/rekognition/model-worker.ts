/**
 * One labelling worker thread: decodes with sharp and runs @vladmandic/human (CenterNet for
 * COCO objects, BlazeFace for faces) on the TFJS wasm backend. Everything is read from npm
 * packages on disk; fetch is replaced so nothing can reach the network.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parentPort } from 'node:worker_threads';
import sharp from 'sharp';
import type { Detection, WorkerRequest, WorkerResponse } from './detection.js';

const require = createRequire(import.meta.url);
/** CenterNet scores below this are noise; the API's MinConfidence filters further. */
const OBJECT_MIN_SCORE = 0.2;
/** BlazeFace finds "faces" on cats and fruit below this. */
const FACE_MIN_SCORE = 0.85;
/** The models work at ≤ 512 px; decoding to more only costs memory. */
const MAX_SIDE = 1024;

// human's package.json "exports" is malformed, so find its folder by hand and load the node-wasm build by path.
const packageDir = require.resolve.paths('@vladmandic/human')!.map((p) => join(p, '@vladmandic/human')).find((p) => existsSync(join(p, 'package.json')));
if (!packageDir) throw new Error('@vladmandic/human is not installed');
const wasmDir = `${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`;
const wasmDistDir = existsSync(join(wasmDir, 'tfjs-backend-wasm.wasm')) ? wasmDir : join(wasmDir, '../../dist/');

globalThis.fetch = (async (input: string | URL | Request) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (!url.startsWith('file://')) throw new Error(`The labeller works offline; refusing to fetch ${url}`);
  return new Response(await readFile(fileURLToPath(url)));
}) as typeof fetch;

const { Human } = require(join(packageDir, 'dist/human.node-wasm.js'));
const human = new Human({
  backend: 'wasm',
  wasmPath: wasmDistDir,
  modelBasePath: pathToFileURL(join(packageDir, 'models/')).href,
  cacheSensitivity: 0, // otherwise human returns the previous image's result for a "similar" frame
  debug: false,
  face: { enabled: true, detector: { rotation: false, maxDetected: 20, minConfidence: 0.5 }, mesh: { enabled: false }, iris: { enabled: false }, description: { enabled: false }, emotion: { enabled: false }, antispoof: { enabled: false }, liveness: { enabled: false } },
  body: { enabled: false },
  hand: { enabled: false },
  gesture: { enabled: false },
  segmentation: { enabled: false },
  object: { enabled: true, modelPath: 'centernet.json', minConfidence: OBJECT_MIN_SCORE, maxDetected: 50 },
});
const ready: Promise<void> = human.load();

const clamp = (v: number) => Math.min(1, Math.max(0, v));
function box(raw: number[]): Detection['box'] {
  const left = clamp(raw[0]);
  const top = clamp(raw[1]);
  return [left, top, clamp(raw[0] + raw[2]) - left, clamp(raw[1] + raw[3]) - top];
}

async function decode(image: Uint8Array) {
  const meta = await sharp(image).metadata();
  if (meta.format !== 'jpeg' && meta.format !== 'png') throw Object.assign(new Error(`Unsupported image format: ${meta.format ?? 'unknown'}`), { code: 'InvalidImageFormat' });
  // failOn 'warning' makes a truncated or corrupt file an error instead of a grey half-image.
  return sharp(image, { failOn: 'warning' })
    .rotate()
    .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
    .then((out) => ({ ...out, original: { width: meta.width ?? out.info.width, height: meta.height ?? out.info.height } }));
}

async function detect(image: Uint8Array) {
  let decoded;
  try {
    decoded = await decode(image);
  } catch (error) {
    throw Object.assign(new Error(`Request has invalid image format: ${(error as Error).message}`), { code: 'InvalidImageFormat' });
  }
  await ready;
  const { data, info, original } = decoded;
  const tensor = human.tf.tensor3d(new Uint8Array(data.buffer, data.byteOffset, data.length), [info.height, info.width, 3], 'int32');
  try {
    const result = await human.detect(tensor);
    const detections: Detection[] = [
      ...result.object.map((o: { label: string; score: number; boxRaw: number[] }) => ({ className: o.label, score: o.score, box: box(o.boxRaw) })),
      ...result.face.filter((f: { score: number }) => f.score >= FACE_MIN_SCORE).map((f: { score: number; boxRaw: number[] }) => ({ className: 'face', score: f.score, box: box(f.boxRaw) })),
    ];
    return { width: original.width, height: original.height, detections };
  } finally {
    tensor.dispose();
  }
}

parentPort!.on('message', async ({ id, image }: WorkerRequest) => {
  let reply: WorkerResponse;
  try {
    reply = { id, result: await detect(image) };
  } catch (error) {
    const e = error as Error & { code?: string };
    reply = { id, error: { code: e.code === 'InvalidImageFormat' ? 'InvalidImageFormat' : 'Internal', message: e.message } };
  }
  parentPort!.postMessage(reply);
});

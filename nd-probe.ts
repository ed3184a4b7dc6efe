import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { decode } from './local/rekognition/decode.js';
import { centernetInput } from './local/rekognition/models/centernet-input.js';
import { blazefaceInput } from './local/rekognition/models/blazeface-input.js';
import { cachedOnnx } from './local/rekognition/onnx/cache.js';
import { humanModel } from './local/rekognition/onnx/sources.js';
const bytes = await sharp(await readFile('/work/shared/images/messi5.jpg')).resize({ width: 640, height: 640, fit: 'inside' }).jpeg().toBuffer();
const mk = async (name: 'centernet' | 'blazeface', threads: number) => ort.InferenceSession.create((await cachedOnnx(await humanModel(name))).onnx, { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' });
const sessions = { c1: await mk('centernet', 1), c2: await mk('centernet', 2), b1: await mk('blazeface', 1) };
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!.toFixed(1);
const t: Record<string, number[]> = {};
const time = async (k: string, f: () => unknown) => { const t0 = performance.now(); await f(); (t[k] ??= []).push(performance.now() - t0); };
for (let i = 0; i < 9; i++) {
  let img: any; let ci: any; let bi: any;
  await time('decode', async () => { img = await decode(bytes); });
  await time('centernetInput', () => { ci = centernetInput(img.rgb, img.rgbWidth, img.rgbHeight); });
  await time('blazefaceInput', () => { bi = blazefaceInput(img.rgb, img.rgbWidth, img.rgbHeight); });
  await time('centernet 1 thread', () => sessions.c1.run({ [sessions.c1.inputNames[0]!]: new ort.Tensor('float32', ci, [1, 512, 512, 3]) }));
  await time('centernet 2 threads', () => sessions.c2.run({ [sessions.c2.inputNames[0]!]: new ort.Tensor('float32', ci, [1, 512, 512, 3]) }));
  await time('blazeface 1 thread', () => sessions.b1.run({ [sessions.b1.inputNames[0]!]: new ort.Tensor('float32', bi, [1, 256, 256, 3]) }));
}
console.log(Object.entries(t).map(([k, v]) => `${k}: ${med(v.slice(1))} ms`).join('\n'));

/**
 * `npx tsx scripts/model-speed.ts`: each shipped graph model's bare inference time, one thread,
 * TensorFlow.js on wasm against the converted model on onnxruntime-node, the same fixed input
 * to both, interleaved; medians of 7 runs after one warm-up. For docs/offline-rekognition.md;
 * the checked figure is `npm run bench`'s moderation_native_vs_wasm (the whole operation).
 */
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as ort from 'onnxruntime-node';
import { wasmDir } from '../local/rekognition/models/human-runtime.js';
import { convertGraphModel } from '../local/rekognition/onnx/convert/convert.js';
import { humanModel, nsfwjsMobileNetV2Mid, type ModelSource } from '../local/rekognition/onnx/sources.js';

const RUNS = 8;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

async function measure(source: ModelSource): Promise<string> {
  const { onnx, inputs, outputs } = convertGraphModel(source.model, source.weights);
  const placeholder = source.model.modelTopology.node.find((n) => n.op === 'Placeholder')!;
  const shape = placeholder.attr!.shape!.shape!.dim!.map((d) => Math.max(1, Number(d.size)));
  const input = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => ((i * 2654435761) % 1000) / 1000);
  const weightSpecs = source.model.weightsManifest.flatMap((m) => m.weights);
  const graph = await tf.loadGraphModel(tf.io.fromMemory({ format: 'graph-model', modelTopology: source.model.modelTopology, weightSpecs, weightData: source.weights.slice().buffer } as tf.io.ModelArtifacts));
  const session = await ort.InferenceSession.create(onnx, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' });
  const times = { wasm: [] as number[], native: [] as number[] };
  for (let run = 0; run < RUNS; run++) {
    let t0 = performance.now();
    tf.tidy(() => {
      const out = graph.execute({ [placeholder.name]: tf.tensor(input, shape) }, outputs) as tf.Tensor | tf.Tensor[];
      for (const t of Array.isArray(out) ? out : [out]) t.dataSync();
    });
    if (run) times.wasm.push(performance.now() - t0);
    t0 = performance.now();
    await session.run({ [inputs[0]!]: new ort.Tensor('float32', input, shape) }, outputs);
    if (run) times.native.push(performance.now() - t0);
  }
  await session.release();
  graph.dispose();
  const [wasm, native] = [median(times.wasm), median(times.native)];
  return `| ${source.name} | ${shape.join('×')} | ${wasm.toFixed(1)} | ${native.toFixed(1)} | ${(wasm / native).toFixed(2)}× |`;
}

setWasmPaths(wasmDir);
await tf.setBackend('wasm');
console.log('| Model | Input | tfjs-wasm ms | onnxruntime-node ms | Native speed-up |\n|---|---|---|---|---|');
for (const source of [nsfwjsMobileNetV2Mid, () => humanModel('centernet'), () => humanModel('blazeface'), () => humanModel('facemesh'), () => humanModel('faceres'), () => humanModel('emotion')]) {
  console.log(await measure(await source()));
}
console.log(`\nOne thread each; load average ${loadavg()[0].toFixed(1)} at the end, Node ${process.version}.`);

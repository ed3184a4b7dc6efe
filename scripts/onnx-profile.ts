/**
 * `npx tsx scripts/onnx-profile.ts [centernet|blazeface|…]`: where a converted model's time goes
 * on onnxruntime-node, one thread as the labeller runs it: onnxruntime's own profiler over 8 runs
 * after a warm-up, summed by op type (ms per run), and the whole run's median. For
 * docs/offline-rekognition.md; what the converter fuses is chosen from this table.
 */
import { readFile, rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import * as ort from 'onnxruntime-node';
import { convertGraphModel } from '../local/rekognition/onnx/convert/convert.js';
import { humanModel } from '../local/rekognition/onnx/sources.js';

const RUNS = 8;
const name = (process.argv[2] ?? 'centernet') as Parameters<typeof humanModel>[0];
const source = await humanModel(name);
const { onnx, inputs, outputs } = convertGraphModel(source.model, source.weights);
const placeholder = source.model.modelTopology.node.find((n) => n.op === 'Placeholder')!;
const shape = placeholder.attr!.shape!.shape!.dim!.map((d) => Math.max(1, Number(d.size)));
const input = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => ((i * 2654435761) % 1000) / 1000);
const session = await ort.InferenceSession.create(onnx, {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
  enableProfiling: true,
  profileFilePrefix: `/tmp/onnx-profile-${process.pid}`,
});
const feeds = { [inputs[0]!]: new ort.Tensor('float32', input, shape) };
await session.run(feeds, outputs);
const times: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const t0 = performance.now();
  await session.run(feeds, outputs);
  times.push(performance.now() - t0);
}
session.endProfiling();
const file = (await import('node:fs')).readdirSync('/tmp').find((f) => f.startsWith(`onnx-profile-${process.pid}`))!;
const events = JSON.parse(await readFile(`/tmp/${file}`, 'utf8')) as { cat: string; name: string; dur: number; args?: { op_name?: string } }[];
await rm(`/tmp/${file}`);
await session.release();

// Node events, skipping the warm-up run's (the first 1/(RUNS + 1) of them).
const nodeEvents = events.filter((e) => e.cat === 'Node' && e.name.endsWith('_kernel_time'));
const perRun = nodeEvents.slice(nodeEvents.length / (RUNS + 1));
const byOp = new Map<string, { ms: number; count: number }>();
for (const e of perRun) {
  const op = e.args?.op_name ?? '?';
  const entry = byOp.get(op) ?? { ms: 0, count: 0 };
  entry.ms += e.dur / 1000 / RUNS;
  entry.count += 1 / RUNS;
  byOp.set(op, entry);
}
const median = [...times].sort((a, b) => a - b)[RUNS >> 1]!;
console.log(`${source.name}, ${shape.join('×')}: median ${median.toFixed(1)} ms per run (load ${loadavg()[0].toFixed(1)})`);
console.log('| Op | Nodes | ms per run |\n|---|---|---|');
for (const [op, { ms, count }] of [...byOp].sort((a, b) => b[1].ms - a[1].ms)) console.log(`| ${op} | ${Math.round(count)} | ${ms.toFixed(1)} |`);

/**
 * @vladmandic/human's graph models (CenterNet, BlazeFace, FaceMesh, FaceRes, emotion), converted
 * whole, against TensorFlow.js (wasm) on the same deterministic input: every output's shape and
 * values within 1e-4 relative: the converter's part. What human does around them is checked in
 * object-detector-native.test.ts and faces-runtimes.test.ts.
 *
 * CenterNet's `detections` are the top 100 of its heatmap's peaks, and a peak is a pixel equal to
 * its 3 × 3 max, an exact comparison: on this input every score is under 0.014, where neighbours
 * tie within float32 rounding, so one runtime may find a peak the other does not and list the
 * rest a row apart (the fused graph did, at row 92, score 0.0041). So the heatmap itself
 * (`keypoints`) and the box sizes (`wh`) are compared everywhere, and `detections` only in the
 * rows human keeps (score ≥ OBJECT_MIN_SCORE; none on this input): the photos' detections are
 * checked against human's in object-detector-native.test.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { convertGraphModel } from '../../local/rekognition/onnx/convert/convert.js';
import { humanModel } from '../../local/rekognition/onnx/sources.js';
import { wasmDir } from '../../local/rekognition/models/human-runtime.js';
import { OBJECT_MIN_SCORE } from '../../local/rekognition/models/object-detection-settings.js';
import { expectClose } from './tiny-graph.js';

beforeAll(async () => {
  setWasmPaths(wasmDir);
  await tf.setBackend('wasm');
});

const extraOutputs: Record<string, string[]> = { centernet: ['tower_0/keypoints', 'tower_0/wh'] };

/** Row-major rows of 6 (box, score, class): the rows until tfjs's score drops under human's floor. */
function confidentRows(values: ArrayLike<number>, expected: ArrayLike<number>): [number[], number[]] {
  let rows = 0;
  while (rows * 6 < expected.length && expected[rows * 6 + 4]! >= OBJECT_MIN_SCORE) rows++;
  return [Array.from(values, Number).slice(0, rows * 6), Array.from(expected, Number).slice(0, rows * 6)];
}

describe('human models on onnxruntime-node', () => {
  it.each(['centernet', 'blazeface', 'facemesh', 'faceres', 'emotion'] as const)('%s: every output matches TensorFlow.js within 1e-4', async (name) => {
    const source = await humanModel(name);
    const defaults = convertGraphModel(source.model, source.weights).outputs;
    const { onnx, inputs, outputs } = convertGraphModel(source.model, source.weights, { outputs: [...defaults, ...(extraOutputs[name] ?? [])] });
    const placeholder = source.model.modelTopology.node.find((n) => n.op === 'Placeholder')!;
    const shape = placeholder.attr!.shape!.shape!.dim!.map((d) => Math.max(1, Number(d.size)));
    // A fixed, image-like input in 0..1 (a scrambled ramp), the same for both runtimes.
    const input = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => ((i * 2654435761) % 1000) / 1000);
    const graph = await tf.loadGraphModel(
      tf.io.fromMemory({ format: 'graph-model', modelTopology: source.model.modelTopology, weightSpecs: source.model.weightsManifest.flatMap((m) => m.weights), weightData: source.weights.slice().buffer } as tf.io.ModelArtifacts),
    );
    const session = await ort.InferenceSession.create(onnx, { intraOpNumThreads: 1, interOpNumThreads: 1 });
    try {
      const expected = tf.tidy(() => {
        const out = graph.execute({ [placeholder.name]: tf.tensor(input, shape) }, outputs) as tf.Tensor | tf.Tensor[];
        return (Array.isArray(out) ? out : [out]).map((t) => ({ shape: t.shape, values: t.dataSync() }));
      });
      const actual = await session.run({ [inputs[0]!]: new ort.Tensor('float32', input, shape) }, outputs);
      outputs.forEach((output, i) => {
        expect([...actual[output]!.dims], output).toEqual(expected[i]!.shape);
        const [a, e] =
          output === 'tower_0/detections'
            ? confidentRows(actual[output]!.data as Float32Array, expected[i]!.values)
            : [Array.from(actual[output]!.data as Float32Array, Number), Array.from(expected[i]!.values, Number)];
        expectClose(a, e, 1e-4, `${name} ${output}`);
      });
    } finally {
      await session.release();
      graph.dispose();
    }
  });
});

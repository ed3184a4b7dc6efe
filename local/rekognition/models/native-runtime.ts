/**
 * Which runtime a worker's converted models run on: onnxruntime-node (`native`, the default) or
 * TensorFlow.js on wasm (`wasm`, BLOBS_LABELLER_RUNTIME=wasm, today's path). Where the native
 * library does not load (a platform onnxruntime-node ships no binary for), the worker says so
 * once and uses wasm.
 */
import type { LabellerRuntime } from '../detection.js';
import { loadOrt, type OrtModule } from './onnx-session.js';

let ort: Promise<OrtModule | undefined> | undefined;

/** onnxruntime-node when the native runtime is asked for and loads; undefined: use wasm. */
export function nativeRuntime(runtime: LabellerRuntime): Promise<OrtModule | undefined> {
  if (runtime === 'wasm') return Promise.resolve(undefined);
  ort ??= loadOrt().catch((error: Error) => {
    console.warn(`Offline Rekognition: onnxruntime-node did not load on ${process.platform}-${process.arch} (${error.message.split('\n')[0]}); running the models on TensorFlow.js (wasm) instead.`);
    return undefined;
  });
  return ort;
}

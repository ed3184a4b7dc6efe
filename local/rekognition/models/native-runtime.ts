/**
 * Which runtime a worker's converted models run on: onnxruntime-node (`native`, the default) or
 * TensorFlow.js on wasm (`wasm`, BLOBS_LABELLER_RUNTIME=wasm, today's path). Where the native
 * library does not load (a platform onnxruntime-node ships no binary for), the worker says so
 * once and uses wasm.
 */
import type { LabellerRuntime } from '../detection.js';
import { loadOrt, type OrtModule } from './onnx-session.js';

/** A chooser with its own memory of whether the library loaded (`load` is onnxruntime-node's import). */
export function runtimeChooser(load: () => Promise<OrtModule> = loadOrt, warn: (line: string) => void = console.warn) {
  let ort: Promise<OrtModule | undefined> | undefined;
  /** onnxruntime-node when the native runtime is asked for and loads; undefined: use wasm. */
  return function nativeRuntime(runtime: LabellerRuntime): Promise<OrtModule | undefined> {
    if (runtime === 'wasm') return Promise.resolve(undefined);
    ort ??= load().catch((error: Error) => {
      warn(`Offline Rekognition: onnxruntime-node did not load on ${process.platform}-${process.arch} (${error.message.split('\n')[0]}); running the models on TensorFlow.js (wasm) instead.`);
      return undefined;
    });
    return ort;
  };
}

/** The worker's chooser: one line at most per worker. */
export const nativeRuntime = runtimeChooser();

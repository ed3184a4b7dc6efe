/**
 * onnxruntime-node sessions for the converted models. One intra-op thread per session: the pool
 * runs one worker per core, so more threads per worker would only contend for the same cores.
 * Loading the native library is where another platform fails; the caller decides what then.
 */
import type * as Ort from 'onnxruntime-node';

export type OrtModule = typeof Ort;

/** onnxruntime-node, or the reason it cannot load on this platform. */
export async function loadOrt(): Promise<OrtModule> {
  return await import('onnxruntime-node');
}

export async function createSession(ort: OrtModule, onnx: Uint8Array): Promise<Ort.InferenceSession> {
  return await ort.InferenceSession.create(onnx, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' });
}

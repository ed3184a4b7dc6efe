/**
 * The runtime choice: wasm when asked, onnxruntime-node when it loads, and where it does not (a
 * platform it ships no binary for: here a loader that fails as a missing binary does), wasm with
 * one clear line, however many models ask.
 */
import { describe, expect, it } from 'vitest';
import { loadOrt } from '../../local/rekognition/models/onnx-session.js';
import { runtimeChooser } from '../../local/rekognition/models/native-runtime.js';

describe('runtimeChooser', () => {
  it('native: the real onnxruntime-node loads on this platform', async () => {
    const lines: string[] = [];
    const ort = await runtimeChooser(loadOrt, (l) => lines.push(l))('native');
    expect(typeof ort?.InferenceSession.create).toBe('function');
    expect(lines).toEqual([]);
  });

  it('wasm: onnxruntime-node is not even loaded', async () => {
    let loads = 0;
    const choose = runtimeChooser(async () => {
      loads++;
      return loadOrt();
    });
    expect(await choose('wasm')).toBeUndefined();
    expect(loads).toBe(0);
  });

  it('a native library that does not load: wasm, and one line naming the platform and the reason', async () => {
    const lines: string[] = [];
    const choose = runtimeChooser(
      () => Promise.reject(new Error('libonnxruntime.so.1: cannot open shared object file\n(more)')),
      (l) => lines.push(l),
    );
    expect(await choose('native')).toBeUndefined();
    expect(await choose('native')).toBeUndefined();
    expect(lines).toEqual([
      `Offline Rekognition: onnxruntime-node did not load on ${process.platform}-${process.arch} (libonnxruntime.so.1: cannot open shared object file); running the models on TensorFlow.js (wasm) instead.`,
    ]);
  });
});

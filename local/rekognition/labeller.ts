/**
 * The on-device Rekognition, callable without HTTP (the server and the benchmarks use it): each
 * operation is one task for the worker pool, answered in the raw form the operations name.
 */
import type { Label } from '@aws-sdk/client-rekognition';
import type { LabellerRuntime, ModelName, ModelRuntimes, Task, TaskResults } from './detection.js';
import { toRekognitionLabels } from './labels.js';
import { createWorkerPool } from './worker-pool.js';

export { ImageRefused } from './worker-pool.js';

export interface Labeller {
  detectLabels(image: Uint8Array, o?: { minConfidence?: number; maxLabels?: number }): Promise<{ labels: Label[]; width: number; height: number }>;
  run<T extends Task>(task: T, image: Uint8Array): Promise<TaskResults[T['kind']]>;
  /** Which models are loaded in any worker (each loads on first use). */
  loadedModels(): ModelName[];
  /** What each loaded model runs on (BLOBS_LABELLER_RUNTIME, or wasm after a fallback). */
  modelRuntimes(): ModelRuntimes;
  warm(): void;
  close(): Promise<void>;
}

export function createLabeller(o: { workers?: number; runtime?: LabellerRuntime } = {}): Labeller {
  const pool = createWorkerPool(Math.max(1, o.workers ?? 1), o.runtime);
  return {
    async detectLabels(image, options = {}) {
      const result = await pool.run({ kind: 'labels', objects: true }, image);
      return { labels: toRekognitionLabels(result, { minConfidence: options.minConfidence ?? 55, maxLabels: options.maxLabels }), width: result.width, height: result.height };
    },
    run: pool.run,
    loadedModels: pool.loadedModels,
    modelRuntimes: pool.modelRuntimes,
    warm: pool.warm,
    close: pool.close,
  };
}

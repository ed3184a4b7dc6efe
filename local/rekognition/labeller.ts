/** The on-device DetectLabels, callable without HTTP (benchmarks use it directly). */
import type { Label } from '@aws-sdk/client-rekognition';
import { toRekognitionLabels } from './labels.js';
import { createWorkerPool } from './worker-pool.js';

export { InvalidImageFormat } from './worker-pool.js';

export interface Labeller {
  detectLabels(image: Uint8Array, o?: { minConfidence?: number; maxLabels?: number }): Promise<{ labels: Label[]; width: number; height: number }>;
  warm(): void;
  close(): Promise<void>;
}

export function createLabeller(o: { workers?: number } = {}): Labeller {
  const pool = createWorkerPool(Math.max(1, o.workers ?? 1));
  return {
    async detectLabels(image, options = {}) {
      const result = await pool.detect(image);
      return { labels: toRekognitionLabels(result, { minConfidence: options.minConfidence ?? 55, maxLabels: options.maxLabels }), width: result.width, height: result.height };
    },
    warm: pool.warm,
    close: pool.close,
  };
}

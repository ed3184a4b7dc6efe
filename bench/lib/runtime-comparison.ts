/**
 * One operation of the offline Rekognition on each runtime of its converted models: a one-worker
 * labeller per runtime, loaded one runtime at a time (so each RSS growth is that worker's own),
 * then the same 640 px photos through both, interleaved and in alternating order per pass, so a
 * busy spell on the machine hits both alike. The suites that compare runtimes say what to load
 * and what to time.
 */
import { createLabeller, type Labeller } from '../../local/rekognition/labeller.js';
import { benchImages } from './images.js';
import type { Step } from './metrics.js';
import { median } from './stats.js';

export const RUNTIMES = ['native', 'wasm'] as const;
type Runtime = (typeof RUNTIMES)[number];
const rssMb = () => process.memoryUsage().rss / 2 ** 20;

export interface RuntimeComparison {
  /** Median ms of one timed call per runtime. */
  p50Ms: Record<Runtime, number>;
  /** RSS growth in MB while each runtime's worker loaded. */
  rssMb: Record<Runtime, number>;
  rssBeforeMb: number;
  images: number;
}

export async function compareRuntimes(
  step: Step,
  o: { passes: number; what: string; load: (labeller: Labeller, image: Uint8Array) => Promise<unknown>; call: (labeller: Labeller, image: Uint8Array) => Promise<unknown> },
): Promise<RuntimeComparison> {
  const images = await benchImages();
  const rssBeforeMb = rssMb();
  const rss = { native: 0, wasm: 0 };
  const labellers = { native: createLabeller({ workers: 1, runtime: 'native' }), wasm: createLabeller({ workers: 1, runtime: 'wasm' }) };
  try {
    for (const runtime of RUNTIMES) {
      step(`${runtime}: loading ${o.what}…`);
      const before = rssMb();
      await o.load(labellers[runtime], images[0]!.bytes);
      rss[runtime] = rssMb() - before;
    }
    const times: Record<Runtime, number[]> = { native: [], wasm: [] };
    for (let pass = 0; pass < o.passes; pass++) {
      for (const [i, image] of images.entries()) {
        for (const runtime of pass % 2 ? [...RUNTIMES].reverse() : RUNTIMES) {
          step(`pass ${pass + 1}/${o.passes}, image ${i + 1}/${images.length}, ${runtime}…`);
          const t0 = performance.now();
          await o.call(labellers[runtime], image.bytes);
          times[runtime].push(performance.now() - t0);
        }
      }
    }
    return { p50Ms: { native: median(times.native), wasm: median(times.wasm) }, rssMb: rss, rssBeforeMb, images: images.length };
  } finally {
    await Promise.all(RUNTIMES.map((r) => labellers[r].close()));
  }
}

/** Where the benchmark's inputs and outputs live. */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const benchDir = fileURLToPath(new URL('..', import.meta.url));
export const repoRoot = join(benchDir, '..');
export const imagesDir = process.env.BLOBS_BENCH_IMAGES ?? '/work/shared/images';

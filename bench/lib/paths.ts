/** Where the benchmark's inputs and outputs live. */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const benchDir = fileURLToPath(new URL('..', import.meta.url));
export const repoRoot = join(benchDir, '..');
/** The test photos (the same as /work/shared/images, shipped in the repository); BLOBS_BENCH_IMAGES overrides. */
export const imagesDir = process.env.BLOBS_BENCH_IMAGES ?? join(repoRoot, 'test/fixtures/images');

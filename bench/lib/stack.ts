/** The full local stack for the benchmarks: ephemeral loopback ports, a throwaway data directory. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStack } from '../../local/stack.js';
import type { StartLocalStackOptions } from '../../local/stack-types.js';
import { repoRoot } from './paths.js';

/**
 * `enforceIam: false` is BLOBS_ENFORCE_IAM=false, for a figure that compares with it; the
 * labeller's runtime and workers, and a template of other settings, for one that compares those.
 */
export async function startBenchStack(o: Pick<StartLocalStackOptions, 'enforceIam' | 'labellerRuntime' | 'labellerWorkers' | 'templateFile'> = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'blobs-bench-stack-'));
  const stack = await startLocalStack({ rootDir: repoRoot, dataDir, port: 0, s3Port: 0, dynamodbPort: 0, rekognitionPort: 0, ...o });
  return {
    ...stack,
    dataDir,
    async close() {
      await stack.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type BenchStack = Awaited<ReturnType<typeof startBenchStack>>;

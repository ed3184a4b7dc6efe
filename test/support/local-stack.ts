/** Starts the real local stack for a test file, on ephemeral ports and a throwaway data directory. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromEnv } from '../../local/config.js';
import { startLocalStack, type LocalStack, type StartLocalStackOptions } from '../../local/stack.js';
import { repoRoot } from './paths.js';

export async function startTestStack(options: Partial<StartLocalStackOptions> = {}): Promise<LocalStack & { dataDir: string }> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'blobs-test-')));
  const stack = await startLocalStack({
    rootDir: repoRoot,
    port: 0,
    s3Port: 0,
    dynamodbPort: 0,
    rekognitionPort: 0,
    webRoot: undefined,
    // As npm start reads it: `BLOBS_LABELLER_RUNTIME=wasm npx vitest run test/e2e` runs the suite on the wasm path.
    labellerRuntime: configFromEnv(process.env, repoRoot).labellerRuntime,
    ...options,
    dataDir,
  });
  return {
    ...stack,
    dataDir,
    close: async () => {
      await stack.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

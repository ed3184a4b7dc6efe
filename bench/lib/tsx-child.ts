/** Runs one of bench/clients/*.ts in its own Node process (TypeScript through tsx). */
import { join } from 'node:path';
import { spawnReady } from './child.js';
import { benchDir, repoRoot } from './paths.js';

export function spawnClient<T>(name: string, input: unknown, timeoutMs = 120_000) {
  return spawnReady<T>(process.execPath, ['--import', 'tsx', join(benchDir, 'clients', `${name}.ts`), JSON.stringify(input)], { cwd: repoRoot, timeoutMs });
}

/** A client that does its work and prints one JSON result line, then exits. */
export async function runClient<T>(name: string, input: unknown, timeoutMs = 120_000): Promise<T> {
  const child = await spawnClient<T>(name, input, timeoutMs);
  await child.stop();
  return child.ready;
}

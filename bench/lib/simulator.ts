/**
 * The Amplify AppSync simulator as a child process. It needs graphql 15, so it lives in its own
 * package (bench/simulator, own lockfile and overrides) and is installed with `npm ci` there.
 */
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { spawnReady } from './child.js';
import { benchDir } from './paths.js';

const simulatorDir = join(benchDir, 'simulator');

/** `npm ci` in bench/simulator when its node_modules is missing or older than its lockfile. */
export async function ensureSimulatorInstalled(): Promise<void> {
  const installed = join(simulatorDir, 'node_modules', '.package-lock.json');
  const lock = join(simulatorDir, 'package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  await promisify(execFile)('npm', ['--prefix', simulatorDir, 'ci', '--no-audit', '--no-fund', '--ignore-scripts'], { maxBuffer: 16 * 1024 * 1024 });
}

export async function startSimulator(o: { blob: unknown; apiKey: string; schemaFile: string }) {
  const dir = await mkdtemp(join(tmpdir(), 'blobs-bench-simulator-'));
  const configFile = join(dir, 'config.json');
  await writeFile(configFile, JSON.stringify({ schema: await readFile(o.schemaFile, 'utf8'), blob: o.blob, apiKey: o.apiKey }));
  const child = await spawnReady<{ url: string }>(process.execPath, [join(simulatorDir, 'serve.cjs'), configFile], { cwd: simulatorDir });
  return {
    url: child.ready.url,
    pid: child.process.pid,
    async close() {
      await child.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

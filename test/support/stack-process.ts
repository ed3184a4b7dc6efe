/**
 * `npm start` as a separate process (`node --import tsx local/main.ts`, exactly what the npm
 * script runs), so a test can `kill -9` it and start it again on the same data directory.
 */
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AmplifyOutputs } from '../../local/amplify-outputs.js';
import { ANY_FREE_PORTS } from '../../local/config.js';
import { repoRoot } from './paths.js';
import { killGroup, startProcess, stopProcess } from './processes.js';

export interface StackProcess {
  child: ChildProcess;
  outputs: AmplifyOutputs;
  apiKey: string;
  graphqlUrl: string;
  output(): string;
  /** SIGKILL: no shutdown code runs, as when a laptop loses power. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

type SpawnOptions = { dataDir: string; env?: Record<string, string>; timeoutMs?: number };

/**
 * Starts the stack and resolves once it has written amplify_outputs.json (its readiness
 * signal, written atomically). Every service listens on port 0, so no port is raced; the
 * outputs say where the API ended up. On any failure (early exit, timeout, unreadable outputs)
 * the process and its group are killed before the error is thrown.
 */
export async function spawnStack(o: SpawnOptions): Promise<StackProcess> {
  const outputsFile = join(o.dataDir, `amplify_outputs.${process.pid}.${Date.now()}.json`);
  const child = startProcess(process.execPath, ['--import', 'tsx', 'local/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      BLOBS_DATA_DIR: o.dataDir,
      BLOBS_OUTPUTS_FILE: outputsFile,
      ...ANY_FREE_PORTS,
      BLOBS_WEB_ROOT: join(o.dataDir, 'no-web'),
      ...o.env,
    },
  });
  let log = '';
  child.stdout!.on('data', (c: Buffer) => (log += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));

  try {
    const outputs = await waitForOutputs(child, outputsFile, o.timeoutMs ?? 120_000, () => log);
    return {
      child,
      outputs,
      apiKey: outputs.data.api_key,
      graphqlUrl: outputs.data.url,
      output: () => log,
      kill9: async () => {
        killGroup(child);
        await exited;
      },
      stop: () => stopProcess(child),
    };
  } catch (error) {
    killGroup(child);
    await exited;
    throw error;
  }
}

async function waitForOutputs(child: ChildProcess, file: string, timeoutMs: number, log: () => string): Promise<AmplifyOutputs> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text !== undefined) return JSON.parse(text) as AmplifyOutputs;
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`local stack exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${log()}`);
    if (Date.now() > deadline) throw new Error(`local stack not ready within ${timeoutMs} ms:\n${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

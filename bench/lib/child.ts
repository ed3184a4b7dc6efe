/** A child process that announces itself with one JSON line on stdout once it is ready. */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ReadyChild<T> {
  ready: T;
  process: ChildProcess;
  /** Further JSON lines, in order. */
  lines: AsyncIterableIterator<string>;
  stop(): Promise<void>;
}

export async function spawnReady<T>(command: string, args: string[], options: SpawnOptions & { timeoutMs?: number } = {}): Promise<ReadyChild<T>> {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...options });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const timeoutMs = options.timeoutMs ?? 60_000;
  const first = await Promise.race([
    lines.next(),
    new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`${command} exited (${code}) before it was ready:\n${stderr}`)))),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${command} not ready within ${timeoutMs} ms:\n${stderr}`)), timeoutMs).unref()),
  ]);
  if (first.done) throw new Error(`${command} closed stdout before it was ready:\n${stderr}`);
  return {
    ready: JSON.parse(first.value) as T,
    process: child,
    lines,
    stop: () => stopChild(child),
  };
}

export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill(signal);
  });
}

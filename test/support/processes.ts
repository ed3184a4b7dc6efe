/**
 * Every process a test starts goes through here. Each runs in a process group of its own, so
 * killing it kills whatever it started too; each is killed on every failure path (timeout,
 * unexpected exit, a parse error in the caller) and, at the latest, when the test worker exits.
 * test/global-setup.ts checks afterwards that nothing the suite started is still running.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { TEST_RUN_MARKER } from './test-run-marker.js';

/** Process groups started by this worker (a group outlives its leader while any member lives). */
const groups = new Set<number>();

// The last chance: a worker that exits (a failed hook, vitest shutting the pool down) takes its
// children with it. Only synchronous work is possible here, and process.kill is synchronous.
process.once('exit', () => {
  for (const group of groups) signalGroup(group, 'SIGKILL');
});
// vitest ends a fork with SIGTERM, whose default action skips 'exit' handlers.
process.once('SIGTERM', () => process.exit(143));

function signalGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal);
  } catch {
    groups.delete(group); // ESRCH: every member is gone
  }
}

/** SIGKILL to the child's whole process group (it leads one: spawned detached), leader or not. */
export function killGroup(child: ChildProcess): void {
  if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
}

/** The environment a test's process gets: the caller's, plus the suite's marker, always. */
function markedEnv(env: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  const marker = process.env[TEST_RUN_MARKER];
  return { ...(env ?? process.env), ...(marker ? { [TEST_RUN_MARKER]: marker } : {}) };
}

/** Starts a tracked process in its own group. Callers own it: `stop()` or `killGroup()` it. */
export function startProcess(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options, env: markedEnv(options.env), detached: true });
  if (child.pid !== undefined) groups.add(child.pid);
  return child;
}

/** Resolves once the child has exited; SIGTERM first, SIGKILL to the group if it lingers. */
export function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => killGroup(child), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      killGroup(child); // anything it started and left behind
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to completion, like execFile, but never leaves it behind: past `timeoutMs` the
 * whole group is killed and the promise rejects with what the process printed.
 */
export function runProcess(command: string, args: string[], options: SpawnOptions & { timeoutMs?: number; input?: string } = {}): Promise<ProcessResult> {
  const { timeoutMs = 60_000, input, ...spawnOptions } = options;
  return new Promise((resolve, reject) => {
    // With `input`, it is the child's whole stdin (then closed); without, stdin is /dev/null.
    const child = startProcess(command, args, input === undefined ? spawnOptions : { stdio: ['pipe', 'pipe', 'pipe'], ...spawnOptions });
    if (input !== undefined) child.stdin?.end(input);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      killGroup(child);
      reject(new Error(`${command} ${args.join(' ')} did not finish within ${timeoutMs} ms; killed.\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    // Descendants left behind would hold the output pipes open (no 'close'): they go with it.
    child.once('exit', () => killGroup(child));
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

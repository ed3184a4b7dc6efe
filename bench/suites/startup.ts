/**
 * start_ready_s and idle_rss_mb, machine figures with no same-run baseline: reported with the
 * machine, and only the memory checked (against its 400 MB ceiling). `npm start` as a child
 * process on port 0 everywhere (each service binds a free port itself) with a fresh data directory, timed until amplify_outputs.json appears; then the resident memory of its whole
 * process tree (npm, the shell, tsx, node) while idle, before any image. A second start on the
 * same data directory (certificate and keys already there) is reported alongside.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metric, thisMachine, type Step } from '../lib/metrics.js';
import { ANY_FREE_PORTS } from '../../local/config.js';
import { repoRoot } from '../lib/paths.js';
import { processTree, treeRssMb } from '../lib/process-tree.js';
import { median, round } from '../lib/stats.js';

const IDLE_SETTLE_MS = 2_000;
const RESTARTS_EACH = 3;

/** Every port 0: each service takes a free one as it binds (no race with other processes for a "free" port). */
async function startOnce(dataDir: string, outputsFile: string, measureIdle: boolean, extraEnv: Record<string, string> = {}) {
  const env = {
    ...process.env,
    ...extraEnv,
    ...ANY_FREE_PORTS,
    BLOBS_DATA_DIR: dataDir,
    BLOBS_OUTPUTS_FILE: outputsFile,
    BLOBS_WEB_ROOT: join(dataDir, 'no-web-root'),
  };
  const startedAt = performance.now();
  // Its own process group, so the whole tree (npm, sh, tsx, node) can be stopped and awaited.
  const child = spawn('npm', ['start'], { cwd: repoRoot, env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  try {
    while (!existsSync(outputsFile)) {
      if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${stderr}`);
      if (performance.now() - startedAt > 60_000) throw new Error(`npm start not ready within 60 s:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    const readySeconds = (performance.now() - startedAt) / 1000;
    if (!measureIdle) return { readySeconds };
    await new Promise((r) => setTimeout(r, IDLE_SETTLE_MS));
    return { readySeconds, rss: treeRssMb(child.pid!) };
  } finally {
    await stopTree(child.pid!);
  }
}

/** SIGTERM to the group (the server shuts down cleanly), then wait until every process of it is gone. */
async function stopTree(pid: number): Promise<void> {
  const members = processTree(pid);
  const alive = () => members.filter((p) => existsSync(`/proc/${p}`) && !readFileSync(`/proc/${p}/stat`, 'utf8').includes(') Z '));
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-pid, s);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const deadline = performance.now() + 15_000;
  while (alive().length) {
    if (performance.now() > deadline) signal('SIGKILL');
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startupSuite(step: Step) {
  const dataDir = await mkdtemp(join(tmpdir(), 'blobs-bench-start-'));
  const outputsFile = join(dataDir, 'amplify_outputs.json');
  try {
    step('npm start on a fresh data directory…');
    const fresh = await startOnce(dataDir, outputsFile, true);
    await rm(outputsFile, { force: true });
    step('npm start again on the same data directory…');
    const again = await startOnce(dataDir, outputsFile, false);
    const rss = fresh.rss!;
    // Restarts on the same data directory, IAM enforcement on and off in turn (the template is
    // cached by now, as on every start after the first): the medians' ratio is what enforcing costs.
    const on: number[] = [];
    const off: number[] = [];
    for (let i = 0; i < RESTARTS_EACH; i++) {
      for (const [enforce, times] of [['true', on], ['false', off]] as const) {
        step(`npm start, IAM enforcement ${enforce === 'true' ? 'on' : 'off'} (${i + 1}/${RESTARTS_EACH})…`);
        await rm(outputsFile, { force: true });
        times.push((await startOnce(dataDir, outputsFile, false, { BLOBS_ENFORCE_IAM: enforce })).readySeconds);
      }
    }
    return [
      metric('start_iam_vs_off', round(median(on) / median(off), 3), '×', 'median `npm start` ready time with the template\'s IAM enforced ÷ with BLOBS_ENFORCE_IAM=false (restarts, alternating)', {
        on_median_s: round(median(on), 2),
        off_median_s: round(median(off), 2),
        runs_each: RESTARTS_EACH,
      }),
      metric('start_ready_s', round(fresh.readySeconds, 2), 's', '`npm start` spawned → amplify_outputs.json written (fresh data directory)', {
        restart_ready_s: round(again.readySeconds, 2),
        ...thisMachine(),
      }),
      metric('idle_rss_mb', round(rss.totalMb, 0), 'MB', `RSS of the npm start process tree, ${IDLE_SETTLE_MS / 1000} s after ready, before any image`, {
        processes: rss.processes,
        largest_process_mb: round(rss.largestMb, 0),
        ...thisMachine(),
      }),
    ];
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

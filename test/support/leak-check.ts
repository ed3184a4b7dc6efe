/** Finds processes by the test-run marker in their environment (Linux /proc). */
import { readdir, readFile } from 'node:fs/promises';
import { TEST_RUN_MARKER } from './test-run-marker.js';

export interface MarkedProcess {
  pid: number;
  ppid: number;
  command: string;
}

/** Live processes whose environment carries `TEST_RUN_MARKER=runId`, except `exclude` and their direct children. */
export async function survivingProcesses(runId: string, exclude: number[] = []): Promise<MarkedProcess[]> {
  const needle = `\0${TEST_RUN_MARKER}=${runId}\0`;
  const found: MarkedProcess[] = [];
  for (const entry of await readdir('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || exclude.includes(pid)) continue;
    try {
      const environ = `\0${await readFile(`/proc/${pid}/environ`, 'latin1')}`;
      if (!environ.includes(needle)) continue;
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z') continue; // exited, waiting for its parent to reap it
      // The test workers are the excluded process's own children; what they start is not.
      if (exclude.includes(Number(ppid))) continue;
      const command = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').join(' ').trim();
      found.push({ pid, ppid: Number(ppid), command });
    } catch {
      // not ours to read, or gone meanwhile
    }
  }
  return found;
}

/** Polls until no marked process survives or `graceMs` passes; returns the survivors. */
export async function waitForNoSurvivors(runId: string, o: { graceMs: number; exclude: number[] }): Promise<MarkedProcess[]> {
  const deadline = Date.now() + o.graceMs;
  for (;;) {
    const survivors = await survivingProcesses(runId, o.exclude);
    if (survivors.length === 0 || Date.now() > deadline) return survivors;
    await new Promise((r) => setTimeout(r, 250));
  }
}

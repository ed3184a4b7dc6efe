/**
 * vitest globalSetup: marks the run, and at teardown fails it if any process the suite started
 * is still alive (after killing them, so one leak does not slow every later run).
 */
import { randomUUID } from 'node:crypto';
import { TEST_RUN_MARKER } from './support/test-run-marker.js';
import { waitForNoSurvivors } from './support/leak-check.js';

export function setup(): () => Promise<void> {
  const runId = randomUUID();
  // Inherited by the test workers, and through them by everything they start.
  process.env[TEST_RUN_MARKER] = runId;
  return async () => {
    // Workers kill what they started as they exit; give slow machines time to finish that.
    const graceMs = Number(process.env.BLOBS_LEAK_GRACE_MS ?? 15_000);
    const leaked = await waitForNoSurvivors(runId, { graceMs, exclude: [process.pid] });
    if (leaked.length === 0) return;
    for (const p of leaked) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    // vitest reports an error thrown here but keeps exit code 0: set it ourselves.
    process.exitCode = 1;
    throw new Error(`${leaked.length} process(es) started by the tests outlived them (killed now):\n${leaked.map((p) => `  pid ${p.pid}: ${p.command}`).join('\n')}`);
  };
}

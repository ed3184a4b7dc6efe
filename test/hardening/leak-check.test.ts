/**
 * The suite's leak check works: a vitest run whose test leaves a process behind fails, names
 * the process, and kills it.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { repoRoot } from '../support/paths.js';
import { runProcess } from '../support/processes.js';

/** Running, that is: neither gone nor a zombie waiting to be reaped. */
const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
};

it('a run that leaks a process fails, names it and kills it', async () => {
  const { code, stdout, stderr } = await runProcess(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/hardening/fixtures/leak.vitest.config.ts'], {
    cwd: repoRoot,
    env: { ...process.env, BLOBS_LEAK_GRACE_MS: '1000', NO_COLOR: '1' },
    timeoutMs: 120_000,
  });
  const pid = Number(/LEAKED_PID=(\d+)/.exec(stdout)?.[1]);
  expect(pid, stdout).toBeGreaterThan(0);
  expect(code, `${stdout}\n${stderr}`).toBe(1);
  expect(stderr).toContain('1 process(es) started by the tests outlived them (killed now)');
  expect(stderr).toContain(`pid ${pid}: sleep 600`);
  expect(alive(pid)).toBe(false);
}, 150_000);

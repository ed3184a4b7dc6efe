/**
 * Which Node the suite runs on, said in the run's output and checked: `engines` in package.json,
 * and, when CI asks for a version (EXPECT_NODE_MAJOR, set by .ci/run for its Node 24 pass), that
 * both the test workers and the `node` that child processes find on PATH (npm start, curl-style
 * helpers, the CLI) are that version.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/paths.js';
import { runProcess } from './support/processes.js';

const major = (version: string) => Number(version.replace(/^v/, '').split('.')[0]);

describe(`Node ${process.version}`, () => {
  it('is one that package.json engines allows (Node 20, 22, 24)', async () => {
    const { engines } = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(engines.node).toBe('^20.19.0 || ^22.12.0 || >=24.0.0');
    expect([20, 22, 24]).toContain(major(process.version));
  });

  it('is also the `node` child processes find on PATH, and the one CI asked for (EXPECT_NODE_MAJOR)', async () => {
    const { stdout } = await runProcess('node', ['-p', 'process.version'], { cwd: repoRoot });
    console.log(`test worker: Node ${process.version}; \`node\` on PATH: ${stdout.trim()}`);
    expect(stdout.trim()).toBe(process.version);
    if (process.env.EXPECT_NODE_MAJOR) expect(major(process.version)).toBe(Number(process.env.EXPECT_NODE_MAJOR));
  });
});

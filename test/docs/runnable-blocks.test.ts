/**
 * Every shell block the README and docs/ mark `runnable` runs against `npm start` (one stack for
 * the whole file), from a folder laid out as the docs assume: amplify_outputs.json, the data
 * directory `.blobs/`, a photo.jpg and the `blobs` CLI on `npx`'s path. When a documented command
 * or query breaks, this fails with the page and line, before a reader does.
 */
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { image, repoRoot } from '../support/paths.js';
import { spawnStack, type StackProcess } from '../support/stack-process.js';
import { allCodeBlocks, type CodeBlock } from './markdown-blocks.js';
import { runBlocks } from './run-blocks.js';

const runnable = allCodeBlocks().filter((b) => b.tags.includes('runnable'));
const prelude = runnable.filter((b) => b.tags.includes('prelude'));
const pages = [...new Set(runnable.filter((b) => !b.tags.includes('prelude')).map((b) => b.file))];

let project: string;
let stack: StackProcess;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'blobs-docs-'));
  stack = await spawnStack({ dataDir: join(project, '.blobs') });
  await writeFile(join(project, 'amplify_outputs.json'), JSON.stringify(stack.outputs, null, 2));
  await copyFile(image('messi5.jpg'), join(project, 'photo.jpg'));
  await mkdir(join(project, 'node_modules/.bin'), { recursive: true });
  await symlink(join(repoRoot, 'cli/bin.js'), join(project, 'node_modules/.bin/blobs'));
  env = { ...process.env, BLOBS_CONFIG_DIR: join(project, 'config') };
});
afterAll(async () => {
  await stack?.stop();
  if (project) await rm(project, { recursive: true, force: true });
});

it('the README and docs/ mark their examples runnable, the README its curl flow first', () => {
  expect(prelude.map((b) => b.file)).toEqual(['README.md']);
  expect(pages[0]).toBe('README.md');
});

describe.each(pages)('%s', (page) => {
  it("every runnable shell block runs against npm start, after the README's set-up", async () => {
    const blocks: CodeBlock[] = [...prelude, ...runnable.filter((b) => b.file === page && !b.tags.includes('prelude'))];
    const failures = await runBlocks(blocks, { cwd: project, env, timeoutMs: 240_000 });
    expect(failures.map((f) => `${f.where} ${f.reason}:\n${f.output}`)).toEqual([]);
  });
});

/**
 * `blobs --help` and argument errors are answered by the built entry and commander alone: no
 * aws-amplify, no AWS SDK, no command module, no network. Proved by tracing what the process
 * loads and connects to (test/support/trace-loads.mjs), not by timing it.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { image, repoRoot } from '../support/paths.js';
import { runProcess } from '../support/processes.js';

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'blobs-cli-startup-')); // no amplify_outputs.json here
});
afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const tracer = join(repoRoot, 'test/support/trace-loads.mjs');
let runs = 0;

/** Runs `blobs` with the tracer preloaded; resolves with its exit code, output and trace, whatever the code. */
async function tracedBlobs(args: string[], bin = join(repoRoot, 'cli/bin.js')) {
  const traceFile = join(workDir, `trace-${++runs}.txt`);
  const { code, signal, stdout, stderr } = await runProcess(process.execPath, ['--import', tracer, bin, ...args], { cwd: workDir, env: { ...process.env, TRACE_LOADS_FILE: traceFile } });
  const result = { code: code ?? `killed by ${signal}`, stdout, stderr };
  const trace = (await readFile(traceFile, 'utf8').catch(() => '')).split('\n').filter(Boolean);
  return { ...result, trace };
}

/** The npm packages a trace shows loaded (by ESM import or CommonJS require of a file under node_modules). */
const packagesLoaded = (trace: string[]) =>
  [...new Set(trace.flatMap((line) => [...line.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)].map((m) => m[1])))].sort();
const network = (trace: string[]) => trace.filter((line) => line.startsWith('network '));
const commandModules = (trace: string[]) => trace.filter((line) => /dist\/cli\/chunks\/(label)-/.test(line));

/** What every light answer must show: the built entry ran, commander only, nothing else. */
function expectLight(trace: string[]) {
  expect(trace.some((line) => line.includes('/dist/cli/main.js')), 'the built entry ran').toBe(true);
  expect(packagesLoaded(trace)).toEqual(['commander']);
  expect(commandModules(trace)).toEqual([]);
  expect(network(trace)).toEqual([]);
}

describe('blobs starts light', () => {
  it('--help lists the commands, exits 0, loads only commander', async () => {
    const { code, stdout, trace } = await tracedBlobs(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: blobs \[options\] \[command\]/);
    expect(stdout).toMatch(/^\s+label \[options\] <files\.\.\.>\s+upload images/m);
    expectLight(trace);
  });

  it('label --help and `help label` show its options, exit 0, load only commander', async () => {
    for (const args of [['label', '--help'], ['help', 'label']]) {
      const { code, stdout, trace } = await tracedBlobs(args);
      expect(code, args.join(' ')).toBe(0);
      expect(stdout).toContain('Usage: blobs label [options] <files...>');
      expect(stdout).toContain('--concurrency <n>');
      expectLight(trace);
    }
  });

  it.each([
    { args: ['label', '--concurrency', '0', 'photo.jpg'], message: "error: option '--concurrency <n>' argument '0' is invalid. must be a whole number ≥ 1" },
    { args: ['label'], message: "error: missing required argument 'files'" },
    { args: ['label', '--no-such-flag', 'photo.jpg'], message: "error: unknown option '--no-such-flag'" },
    { args: ['frob'], message: "error: unknown command 'frob'" },
    { args: [], message: 'Usage: blobs [options] [command]' },
  ])('$args: usage error, exit 2, loads only commander', async ({ args, message }) => {
    const { code, stdout, stderr, trace } = await tracedBlobs(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expectLight(trace);
  });

  it('a command that runs loads its module and the client (the trace would see them)', async () => {
    const { code, stderr, trace } = await tracedBlobs(['label', image('horse.png')]);
    expect(code).toBe(2); // no amplify_outputs.json in workDir
    expect(stderr).toContain(`blobs: no ${join(workDir, 'amplify_outputs.json')}`);
    expect(commandModules(trace).length).toBeGreaterThan(0);
    expect(packagesLoaded(trace)).toEqual(expect.arrayContaining(['commander', 'aws-amplify', 'ws']));
  });

  it('says how to build the CLI when it was never built', async () => {
    const unbuilt = join(workDir, 'unbuilt');
    await mkdir(join(unbuilt, 'cli'), { recursive: true });
    await copyFile(join(repoRoot, 'cli/bin.js'), join(unbuilt, 'cli/bin.js'));
    const { code, stderr } = await tracedBlobs(['--help'], join(unbuilt, 'cli/bin.js'));
    expect(code).toBe(2);
    expect(stderr).toBe('blobs: the CLI is not built: run npm run build:cli\n');
  });
});

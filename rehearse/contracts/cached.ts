/**
 * The functions' AWS calls, read from the code once per change to it: the analysis parses the
 * SDK's declarations and takes 15-40 s on a busy machine, so its result is kept beside the
 * template cache (node_modules/.cache/blobs/), keyed by a hash of everything it is made from.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { analyseFunctions, type FunctionCalls } from './analyse.js';

/** What the calls are made from: the functions' code, what they import of ours, the analysis, the SDK's version. */
const INPUTS = ['functions', 'api', 'rehearse/contracts', 'tsconfig.json', 'package-lock.json'];
const SKIP = /(^|\/)node_modules(\/|$)|\.test\.ts$/;

async function filesUnder(rootDir: string, path: string): Promise<string[]> {
  const full = join(rootDir, path);
  const entries = await readdir(full, { withFileTypes: true }).catch(() => undefined);
  if (!entries) return [path];
  const nested = await Promise.all(entries.filter((e) => !SKIP.test(join(path, e.name))).map((e) => filesUnder(rootDir, join(path, e.name))));
  return nested.flat();
}

async function inputsHash(rootDir: string, functions: Record<string, { entry: string }>): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify(functions));
  const files = (await Promise.all(INPUTS.map((p) => filesUnder(rootDir, p)))).flat().sort();
  for (const file of files) hash.update(file).update('\0').update(await readFile(join(rootDir, file))).update('\0');
  return hash.digest('hex').slice(0, 16);
}

export async function functionCalls(rootDir: string, functions: Record<string, { entry: string }>): Promise<{ calls: FunctionCalls[]; cached: boolean }> {
  const dir = join(rootDir, 'node_modules', '.cache', 'blobs');
  const file = join(dir, `function-calls-${await inputsHash(rootDir, functions)}.json`);
  const kept = await readFile(file, 'utf8').then((text) => JSON.parse(text) as FunctionCalls[]).catch(() => undefined);
  if (kept) return { calls: kept, cached: true };
  const calls = analyseFunctions(rootDir, functions);
  await mkdir(dir, { recursive: true });
  // Written aside and renamed, so a parallel reader never sees half a file.
  const partial = `${file}.${process.pid}.tmp`;
  await writeFile(partial, JSON.stringify(calls));
  await rename(partial, file);
  return { calls, cached: false };
}

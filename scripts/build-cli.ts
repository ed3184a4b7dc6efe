/**
 * `npm run build:cli` (also run by `prepare` and before the tests): bundles cli/ to dist/cli/ as
 * ESM for Node 20+, dependencies left as imports of node_modules. Each command's dynamic import
 * becomes its own chunk, so `blobs --help` loads only the entry and commander.
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import writeFileAtomic from 'write-file-atomic';

const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const cliBuildDir = join(repoRoot, 'dist/cli');

/**
 * A CLI already running (another test, another terminal) may still load its chunks: every file is
 * written atomically, the entry last, and only then are chunks of older builds removed.
 */
export async function buildCli(): Promise<void> {
  const { outputFiles } = await build({
    entryPoints: [join(repoRoot, 'cli/main.ts')],
    outdir: cliBuildDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    chunkNames: 'chunks/[name]-[hash]',
    logLevel: 'warning',
    write: false,
  });
  const entry = join(cliBuildDir, 'main.js');
  const ordered = [...outputFiles.filter((f) => f.path !== entry), ...outputFiles.filter((f) => f.path === entry)];
  for (const file of ordered) {
    await mkdir(dirname(file.path), { recursive: true });
    await writeFileAtomic(file.path, Buffer.from(file.contents));
  }
  const current = new Set(outputFiles.map((f) => relative(cliBuildDir, f.path)));
  const existing = await readdir(cliBuildDir, { recursive: true, withFileTypes: true });
  const stale = existing.filter((e) => e.isFile() && !current.has(relative(cliBuildDir, join(e.parentPath, e.name))));
  await Promise.all(stale.map((e) => rm(join(e.parentPath, e.name), { force: true })));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildCli();

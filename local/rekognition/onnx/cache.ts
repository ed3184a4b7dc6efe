/**
 * Converted models, cached in node_modules/.cache/blobs/onnx by a hash of the source model and
 * of the converter's own code, so a new package version or a converter change converts again
 * and an unchanged one is read from disk. Conversion runs here on first load; nothing is downloaded.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import writeFileAtomic from 'write-file-atomic';
import { convertGraphModel } from './convert/convert.js';
import type { ModelSource } from './sources.js';

const here = dirname(fileURLToPath(import.meta.url));
const converterDir = join(here, 'convert');
/** Beside the template cache (local/template/cache.ts), in the checkout's node_modules. */
export const DEFAULT_CACHE_DIR = join(here, '..', '..', '..', 'node_modules', '.cache', 'blobs', 'onnx');

export interface CachedModel {
  file: string;
  onnx: Uint8Array;
  /** Whether this call converted it (false: read from the cache). */
  converted: boolean;
}

export async function cachedOnnx(source: ModelSource, o: { cacheDir?: string } = {}): Promise<CachedModel> {
  const dir = o.cacheDir ?? DEFAULT_CACHE_DIR;
  const file = join(dir, `${source.name}-${await sourceHash(source)}.onnx`);
  const cached = await readFile(file).catch(() => undefined);
  if (cached) return { file, onnx: new Uint8Array(cached), converted: false };
  const { onnx } = convertGraphModel(source.model, source.weights, { name: source.name });
  await mkdir(dir, { recursive: true });
  // Atomic, so a worker that reads while another writes never sees half a model.
  await writeFileAtomic(file, Buffer.from(onnx.buffer, onnx.byteOffset, onnx.byteLength));
  return { file, onnx, converted: true };
}

export async function sourceHash(source: ModelSource): Promise<string> {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(source.model)).update('\0').update(source.weights).update('\0');
  for (const file of await converterSources()) hash.update(relative(converterDir, file)).update('\0').update(await readFile(file)).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/** Every source file of the converter (ops/, fuse/ and any folder added later), in a stable order: what the hash covers. */
export async function converterSources(): Promise<string[]> {
  return await converterFiles(converterDir);
}

async function converterFiles(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await converterFiles(path)));
    else if (/\.(ts|js)$/.test(entry.name)) files.push(path);
  }
  return files;
}

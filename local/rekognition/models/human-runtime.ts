/**
 * @vladmandic/human from its npm package, offline: its package.json "exports" is malformed, so the
 * node-wasm build is loaded by path; models are read from the package's models/ folder, and fetch
 * is replaced so nothing can reach the network.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

export const packageDir = (() => {
  const found = require.resolve.paths('@vladmandic/human')!.map((p) => join(p, '@vladmandic/human')).find((p) => existsSync(join(p, 'package.json')));
  if (!found) throw new Error('@vladmandic/human is not installed');
  return found;
})();

/** Where @tensorflow/tfjs-backend-wasm keeps its .wasm files (human's bundle and nsfwjs's tfjs both use them). */
const wasmEntryDir = `${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`;
export const wasmDir = existsSync(join(wasmEntryDir, 'tfjs-backend-wasm.wasm')) ? wasmEntryDir : join(wasmEntryDir, '../../dist/');

/** Models are read from disk through fetch(file://…); anything else is refused. */
const offlineFetch = (async (input: string | URL | Request) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (!url.startsWith('file://')) throw new Error(`The models work offline; refusing to fetch ${url}`);
  return new Response(await readFile(fileURLToPath(url)));
}) as typeof fetch;

/** Idempotent; a caller outside a worker (a test) may put its own fetch back, and a later load installs this again. */
export function installOfflineFetch() {
  globalThis.fetch = offlineFetch;
}

/** Switches off every human module; callers enable the ones they need. */
const allOff = {
  backend: 'wasm',
  wasmPath: wasmDir,
  modelBasePath: pathToFileURL(join(packageDir, 'models/')).href,
  cacheSensitivity: 0, // otherwise human returns the previous image's result for a "similar" frame
  debug: false,
  face: { enabled: false },
  body: { enabled: false },
  hand: { enabled: false },
  gesture: { enabled: false },
  segmentation: { enabled: false },
  object: { enabled: false },
};

// human ships no usable types for its node-wasm build; this is the little of it used here.
export interface HumanTensor {
  dispose(): void;
}
export interface Human {
  tf: { tensor3d(data: Uint8Array, shape: [number, number, number], dtype: 'int32'): HumanTensor };
  load(): Promise<void>;
  detect(input: HumanTensor): Promise<{ object: unknown[]; face: unknown[] }>;
}

/** A human instance with only the given modules on; its models load now. */
export async function loadHuman(config: Record<string, unknown>): Promise<Human> {
  installOfflineFetch();
  const { Human } = require(join(packageDir, 'dist/human.node-wasm.js'));
  const human: Human = new Human({ ...allOff, ...config });
  await human.load();
  return human;
}

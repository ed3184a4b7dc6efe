/**
 * The TensorFlow.js graph models as their packages ship them, read from disk: model.json and the
 * weight shards' bytes, concatenated in manifest order, which is what the converter takes.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TfjsModelJson } from './convert/tfjs-model.js';

export interface ModelSource {
  /** A name for the cache file and messages. */
  name: string;
  model: TfjsModelJson;
  weights: Uint8Array;
}

/** nsfwjs's MobileNetV2 ("mid"): its model.json and shards are bundled as JS modules, the shards base64. */
export async function nsfwjsMobileNetV2Mid(): Promise<ModelSource> {
  const { MobileNetV2MidModel } = await import('nsfwjs/models/mobilenet_v2_mid');
  const definition = MobileNetV2MidModel as unknown as { modelJson: () => Promise<unknown>; weightBundles: (() => Promise<unknown>)[] };
  const model = unwrap(await definition.modelJson()) as TfjsModelJson;
  const shards = await Promise.all(definition.weightBundles.map(async (load) => Buffer.from(unwrap(await load()) as string, 'base64')));
  return { name: 'nsfwjs-mobilenet-v2-mid', model, weights: new Uint8Array(Buffer.concat(shards)) };
}

/** The bundles are CommonJS; an ESM import puts module.exports on `default`. */
function unwrap(module: unknown): unknown {
  const m = module as { default?: unknown };
  return m && typeof m === 'object' && 'default' in m ? m.default : module;
}

/** One of @vladmandic/human's models (models/<name>.json and its .bin shards), as the package ships it. */
export async function humanModel(name: 'centernet' | 'blazeface' | 'facemesh' | 'faceres' | 'emotion'): Promise<ModelSource> {
  const { packageDir } = await import('../models/human-runtime.js');
  const dir = join(packageDir, 'models');
  const model = JSON.parse(await readFile(join(dir, `${name}.json`), 'utf8')) as TfjsModelJson;
  const shards = await Promise.all(model.weightsManifest.flatMap((m) => m.paths).map((path) => readFile(join(dir, path))));
  return { name: `human-${name}`, model, weights: new Uint8Array(Buffer.concat(shards)) };
}

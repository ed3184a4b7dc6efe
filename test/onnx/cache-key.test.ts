/**
 * The converted-model cache's key covers the converter's own code, folders included, so a change
 * to what it emits (a new fusion in fuse/, an op in ops/) converts again instead of reusing an
 * old .onnx. (moderation-model.test.ts checks that the cache is reused and that new weights miss it.)
 */
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { converterSources } from '../../local/rekognition/onnx/cache.js';
import { repoRoot } from '../support/paths.js';

const converterDir = join(repoRoot, 'local/rekognition/onnx/convert');

describe('the ONNX cache key', () => {
  it('hashes every converter source file, fuse/ and ops/ included', async () => {
    const files = (await converterSources()).map((f) => relative(converterDir, f));
    expect(files).toEqual(expect.arrayContaining(['convert.ts', 'onnx-graph.ts', 'fuse/hard-swish.ts', 'fuse/scale-into-convs.ts', 'ops/conv.ts']));
    const everyTs = (await readdir(converterDir, { recursive: true })).filter((f) => f.endsWith('.ts'));
    expect([...files].sort()).toEqual([...everyTs].sort());
  });
});

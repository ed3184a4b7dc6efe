/**
 * The README's licence promise ("Dependencies and their licences"), kept: every direct
 * dependency carries a permissive licence; the one copyleft package is a devDependency
 * used only by the tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/paths.js';

const PERMISSIVE = new Set(['MIT', 'MIT-0', 'ISC', 'Apache-2.0', 'BSD-2-Clause', 'BSD-3-Clause', '0BSD']);
/** Test-only, never bundled or served: the oracle for local/iam/ (docs/iam.md). */
const TEST_ONLY_COPYLEFT = new Set(['@cloud-copilot/iam-simulate']);

const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
  license?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};
const licenceOf = (name: string) => manifest(join(repoRoot, 'node_modules', name)).license ?? 'none declared';

describe('dependency licences', () => {
  const own = manifest(repoRoot);

  it('every runtime dependency is permissively licensed', () => {
    const offending = Object.keys(own.dependencies ?? {})
      .map((name) => `${name}: ${licenceOf(name)}`)
      .filter((entry) => !PERMISSIVE.has(entry.split(': ')[1]));
    expect(offending).toEqual([]);
  });

  it('development dependencies too, but for the test-only oracle', () => {
    const offending = Object.keys(own.devDependencies ?? {})
      .filter((name) => !TEST_ONLY_COPYLEFT.has(name))
      .map((name) => `${name}: ${licenceOf(name)}`)
      .filter((entry) => !PERMISSIVE.has(entry.split(': ')[1]));
    expect(offending).toEqual([]);
    for (const name of TEST_ONLY_COPYLEFT) expect(own.dependencies ?? {}).not.toHaveProperty(name);
  });
});

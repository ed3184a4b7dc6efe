/**
 * The import graph points the way docs/architecture.md says (rules: ./dependency-rules.ts),
 * checked by dependency-cruiser on the real tree, and shown able to fail on a tree that breaks one.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { directionRules, SOURCE_FOLDERS } from './dependency-rules.js';
import { repoRoot } from '../support/paths.js';

async function violations(root: string, folders: readonly string[]): Promise<string[]> {
  const previous = process.cwd();
  process.chdir(root); // dependency-cruiser reports and matches paths relative to the working directory
  try {
    const { output } = await cruise(
      [...folders],
      {
        ruleSet: { forbidden: directionRules() },
        validate: true,
        doNotFollow: { path: 'node_modules' },
        exclude: { path: '^(node_modules|infra/cdk\\.out|web/dist|cli/dist)' },
        tsPreCompilationDeps: true,
      },
      {},
      { tsConfig: extractTSConfig(join(repoRoot, 'tsconfig.json')) },
    );
    const result = output as ICruiseResult;
    return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
  } finally {
    process.chdir(previous);
  }
}

describe('dependency direction', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'blobs-depcruise-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('holds for the whole tree', async () => {
    const found = await violations(repoRoot, SOURCE_FOLDERS);
    expect(found, found.join('\n')).toEqual([]);
  }, 180_000);

  it('fails when functions/ imports local/ or production code imports test/', async () => {
    for (const folder of ['functions', 'local', 'infra', 'test/support']) mkdirSync(join(scratch, folder), { recursive: true });
    writeFileSync(join(scratch, 'local', 'stand-in.ts'), 'export const standIn = 1;\n');
    writeFileSync(join(scratch, 'test/support', 'helper.ts'), 'export const helper = 1;\n');
    writeFileSync(join(scratch, 'functions', 'handler.ts'), "import { standIn } from '../local/stand-in.js';\nexport const handler = standIn;\n");
    writeFileSync(join(scratch, 'infra', 'stack.ts'), "import { helper } from '../test/support/helper.js';\nexport const stack = helper;\n");
    const found = await violations(scratch, ['functions', 'infra']);
    expect(found).toEqual([
      'functions-imports-only-functions-api: functions/handler.ts -> local/stand-in.ts',
      'infra-imports-only-infra-api-rehearse: infra/stack.ts -> test/support/helper.ts',
    ]);
  }, 60_000);
});

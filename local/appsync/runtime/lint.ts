import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import appsyncPlugin from '@aws-appsync/eslint-plugin';
import { Linter } from 'eslint';
import { ResolverCodeError } from './types.js';

/**
 * What AppSync's APPSYNC_JS runtime refuses, decided by AWS's own lint rules (the `base` set:
 * the type-aware extras need a TS program and run in `npm run lint`). One rule set for both
 * users: the engine loading the project's resolvers, and EvaluateCode checking submitted code.
 */
const linter = new Linter({ configType: 'flat' });
const config = [{ files: ['**/*.ts', '**/*.js'], ...appsyncPlugin.configs!.base }] as Linter.Config[];

/** The refusals in one source text: ESLint's messages of error severity (a parse error has no ruleId). */
export function lintAppSyncCode(source: string, filename: string): Linter.LintMessage[] {
  return linter.verify(source, config, { filename }).filter((m) => m.severity === 2);
}

/** Linting the source, not the bundle, so errors point at lines the author wrote. */
export async function assertAppSyncCompatible(rootDir: string, codePath: string): Promise<void> {
  const file = resolve(rootDir, codePath);
  const [first] = lintAppSyncCode(await readFile(file, 'utf8'), file);
  if (first) {
    throw new ResolverCodeError(codePath, first.line, first.column, first.ruleId ?? 'parse-error', first.message);
  }
}

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import appsyncPlugin from '@aws-appsync/eslint-plugin';
import { Linter } from 'eslint';
import { ResolverCodeError } from './types.js';

/**
 * Refuses code that AppSync's APPSYNC_JS runtime would refuse, using AWS's own lint rules
 * (the `base` set: the type-aware extras need a TS program and run in `npm run lint`).
 * Linting the source, not the bundle, so errors point at lines the author wrote.
 */
const linter = new Linter({ configType: 'flat' });
const config = [{ files: ['**/*.ts', '**/*.js'], ...appsyncPlugin.configs!.base }] as Linter.Config[];

export async function assertAppSyncCompatible(rootDir: string, codePath: string): Promise<void> {
  const file = resolve(rootDir, codePath);
  const source = await readFile(file, 'utf8');
  const messages = linter.verify(source, config, { filename: file });
  const first = messages.find((m) => m.severity === 2);
  if (first) {
    throw new ResolverCodeError(codePath, first.line, first.column, first.ruleId ?? 'parse-error', first.message);
  }
}

import { createHash } from 'node:crypto';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { Linter } from 'eslint';
import { cacheDir } from '../../cache-dir.js';
import { ResolverCodeError } from './types.js';

/**
 * What AppSync's APPSYNC_JS runtime refuses, decided by AWS's own lint rules (the `base` set:
 * the type-aware extras need a TS program and run in `npm run lint`). One rule set for both
 * users: the engine loading the project's resolvers, and EvaluateCode checking submitted code.
 *
 * ESLint and the plugin take about a second of CPU to load and the project's resolvers another
 * half to lint, on every stack start (every test file starts one). So they load only when
 * needed, and a clean verdict is remembered on disk, keyed by the source and the versions of
 * ESLint and the plugin, as `eslint --cache` does: an unchanged resolver is not linted again.
 */
type Lint = (source: string, filename: string) => Linter.LintMessage[];
let loading: Promise<Lint> | undefined;

function linter(): Promise<Lint> {
  loading ??= (async () => {
    const [{ Linter }, { default: appsyncPlugin }] = await Promise.all([import('eslint'), import('@aws-appsync/eslint-plugin')]);
    const eslint = new Linter({ configType: 'flat' });
    const config = [{ files: ['**/*.ts', '**/*.js'], ...appsyncPlugin.configs!.base }] as Linter.Config[];
    return (source, filename) => eslint.verify(source, config, { filename }).filter((m) => m.severity === 2);
  })();
  return loading;
}

/** The refusals in one source text: ESLint's messages of error severity (a parse error has no ruleId). */
export async function lintAppSyncCode(source: string, filename: string): Promise<Linter.LintMessage[]> {
  return (await linter())(source, filename);
}

const versionOf = async (rootDir: string, name: string) => (JSON.parse(await readFile(resolve(rootDir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
/** The linter's versions, part of every verdict's key: read once per checkout, not once per resolver. */
const linterVersions = new Map<string, Promise<string[]>>();
const versionsFor = (rootDir: string) => {
  let versions = linterVersions.get(rootDir);
  if (!versions) linterVersions.set(rootDir, (versions = Promise.all(['eslint', '@aws-appsync/eslint-plugin'].map((name) => versionOf(rootDir, name).catch(() => 'unknown')))));
  return versions;
};

/** Linting the source, not the bundle, so errors point at lines the author wrote. */
export async function assertAppSyncCompatible(rootDir: string, codePath: string): Promise<void> {
  const file = resolve(rootDir, codePath);
  const source = await readFile(file, 'utf8');
  const versions = await versionsFor(rootDir);
  const key = createHash('sha256').update([...versions, relative(rootDir, file), source].join('\0')).digest('hex');
  const verdict = cacheDir(rootDir, 'resolver-lint', `${key}.clean`);
  if (await access(verdict).then(() => true, () => false)) return;
  const [first] = await lintAppSyncCode(source, file);
  if (first) {
    throw new ResolverCodeError(codePath, first.line, first.column, first.ruleId ?? 'parse-error', first.message);
  }
  // Only clean verdicts are kept: a refusal is reported afresh each time, with its line.
  await mkdir(cacheDir(rootDir, 'resolver-lint'), { recursive: true });
  await writeFile(verdict, '');
}

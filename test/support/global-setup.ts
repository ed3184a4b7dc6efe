/**
 * Once per `vitest run`: the CLI tests run `blobs` as users do, from the build of the current
 * sources; and the template every local stack runs under is synthesized (or found cached) once,
 * before the workers start stacks side by side.
 */
import { buildCli } from '../../scripts/build-cli.js';
import { loadTemplate } from '../../local/template/cache.js';
import { repoRoot } from './paths.js';

export default async function setup(): Promise<void> {
  await Promise.all([buildCli(), loadTemplate({ rootDir: repoRoot })]);
}

import { build } from 'esbuild';
import { resolve } from 'node:path';

/**
 * Bundles one APPSYNC_JS resolver or function source into the single ESM file AppSync runs.
 * `infra/` deploys exactly this output and the local engine executes exactly this output,
 * so the two runtimes cannot drift apart on what the code is.
 */
export async function bundleResolver(codePath: string, rootDir = process.cwd()): Promise<string> {
  const result = await build({
    entryPoints: [resolve(rootDir, codePath)],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    target: 'es2020',
    // AppSync provides these modules at run time; the local engine injects its own implementation.
    external: ['@aws-appsync/utils', '@aws-appsync/utils/*'],
    sourcemap: 'inline',
    sourcesContent: false,
    minify: false,
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error(`esbuild produced no output for ${codePath}`);
  return file.text;
}

/**
 * Tracer is loaded only where it can trace. Importing Powertools Tracer loads the X-Ray SDK,
 * which installs a process-wide async_hooks hook with a destroy callback (cls-hooked) at load
 * time; offline the functions share one process with the engine and every stand-in, so that
 * hook taxed every promise of the local runtime (functions/lib/tracing.ts). Each case runs in a
 * fresh Node process, configured only by its environment as a Lambda instance would be.
 */
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { repoRoot } from '../support/paths.js';
import { runProcess } from '../support/processes.js';

/** Records every async hook created while a function handler and its clients are made. */
const script = (root: string) => `
import async_hooks from 'node:async_hooks';
const created = [];
const createHook = async_hooks.createHook;
async_hooks.createHook = (callbacks) => (created.push(Object.keys(callbacks).sort().join(',')), createHook(callbacks));
const { createSearchBlobsHandler } = await import(${JSON.stringify(pathToFileURL(`${root}/functions/search-blobs/handler.ts`).href)});
createSearchBlobsHandler({ region: 'us-east-1', tableName: 'blobs', searchTokenSecret: 'k'.repeat(43) });
const { getTracer } = await import(${JSON.stringify(pathToFileURL(`${root}/functions/lib/tracing.ts`).href)});
console.log(JSON.stringify({ created, enabled: getTracer().isTracingEnabled() }));
`;

async function hooksWith(env: Record<string, string>): Promise<{ created: string[]; enabled: boolean }> {
  const out = await runProcess(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(repoRoot)], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
  });
  expect(out.code, out.stderr).toBe(0);
  return JSON.parse(out.stdout.trim().split('\n').pop()!);
}

it('offline (no AWS_EXECUTION_ENV) a function installs no async hook and its tracer is a pass-through', async () => {
  expect(await hooksWith({})).toEqual({ created: [], enabled: false });
}, 60_000);

it('in a Lambda execution environment the function loads Tracer, which traces (and brings the X-Ray SDK and its hook)', async () => {
  const inLambda = await hooksWith({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x' });
  expect(inLambda.enabled).toBe(true);
  expect(inLambda.created).toContain('after,before,destroy,init');
}, 60_000);

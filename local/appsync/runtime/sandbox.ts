/**
 * Runs bundled APPSYNC_JS code in its own V8 context: no `require`, `process`, timers or I/O,
 * a CPU budget per call, and `@aws-appsync/utils` served by our implementation.
 *
 * Handlers are called directly, not through `Script#runInContext({ timeout })`: that option starts
 * a watchdog thread on every call, which cost more than everything else in a request put together
 * (bench/BENCHMARKS.md). A watchdog is only needed for code that never returns, and APPSYNC_JS code
 * cannot loop forever: the lint run at load (lint.ts) refuses `while`, `do … while` and classic `for`,
 * and unbounded recursion ends in a stack overflow. So the budget is checked when the call returns,
 * and a handler that overran it fails as it would on AppSync. Module evaluation keeps the watchdog.
 */
import { createContext, Script, type Context } from 'node:vm';
import { transform } from 'esbuild';
import * as dynamodbModule from './dynamodb-module.js';
import { extensions, runtime, util } from './util.js';

/** AppSync stops a handler after a short CPU budget; locally we allow a little slack. */
const CPU_BUDGET_MS = 1000;

export interface LoadedCode {
  readonly file: string;
  has(handler: 'request' | 'response'): boolean;
  run(handler: 'request' | 'response', ctx: unknown): unknown;
}

const appsyncModules: Record<string, unknown> = {
  '@aws-appsync/utils': { util, runtime, extensions },
  '@aws-appsync/utils/dynamodb': dynamodbModule,
};

/** Where a handler's console lines go: the engine's log by default; EvaluateCode collects them instead. */
export type LogSink = (level: string, message: string) => void;

export async function loadCode(file: string, esmBundle: string, log: LogSink = engineLog(file)): Promise<LoadedCode> {
  // AppSync receives an ES module; a CommonJS shape lets us inject its imports without a loader.
  const { code } = await transform(esmBundle, { format: 'cjs', loader: 'js', sourcemap: 'inline', sourcefile: file, target: 'es2020' });
  const context: Context = createContext({ console: sandboxConsole(log) });
  const moduleObject = { exports: {} as Record<string, unknown> };
  const requireShim = (name: string) => {
    if (name in appsyncModules) return appsyncModules[name];
    throw new Error(`${file}: module "${name}" is not available in APPSYNC_JS`);
  };
  const factory = new Script(`(function (exports, require, module) {\n${code}\n})`, { filename: file, lineOffset: -1 }).runInContext(context, { timeout: CPU_BUDGET_MS });
  factory(moduleObject.exports, requireShim, moduleObject);
  const handlers = { request: moduleObject.exports.request, response: moduleObject.exports.response };
  return {
    file,
    has: (handler) => typeof handlers[handler] === 'function',
    run(handler, ctx) {
      const startedAt = performance.now();
      const value = (handlers[handler] as (ctx: unknown) => unknown)(ctx);
      if (performance.now() - startedAt > CPU_BUDGET_MS) throw new Error(`${handler} ran longer than the ${CPU_BUDGET_MS} ms budget`);
      return value;
    },
  };
}

/** console.log in resolvers goes to the engine's log, tagged with the file, as CloudWatch would get it. */
function engineLog(file: string): LogSink {
  return (level, message) => {
    if (process.env.BLOBS_RESOLVER_LOGS === 'off') return;
    console.error(JSON.stringify({ level, resolver: file, message }));
  };
}

function sandboxConsole(sink: LogSink) {
  const log = (level: string) => (...args: unknown[]) => sink(level, args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  return { log: log('INFO'), info: log('INFO'), warn: log('WARN'), error: log('ERROR'), debug: log('DEBUG') };
}

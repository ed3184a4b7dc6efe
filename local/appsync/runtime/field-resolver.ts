/** Unit and pipeline resolvers: request handler → data source → response handler, as AppSync runs them. */
import { EarlyReturn, ResolverError } from './early-return.js';
import { DataSourceError, type DataSourceInvoker } from './datasources/invoker.js';
import { withInvocationState, type InvocationState } from './invocation-state.js';
import type { LoadedCode } from './sandbox.js';
import type { AppSyncFieldError, FieldResolver, ResolverInvocation, ResolverOutcome } from './types.js';

export interface Step {
  code: LoadedCode;
  dataSource: DataSourceInvoker;
}

interface Ctx {
  arguments: Record<string, unknown>;
  args: Record<string, unknown>;
  identity: unknown;
  source: unknown;
  info: ResolverInvocation['info'];
  request: ResolverInvocation['request'];
  stash: Record<string, unknown>;
  prev: { result: unknown };
  result: unknown;
  error: { message: string; type: string } | undefined;
  env: Readonly<Record<string, string>>;
}

/** Outcome of one handler call: a value, an early return, or a raised error. */
type HandlerResult = { kind: 'value'; value: unknown } | { kind: 'early'; value: unknown } | { kind: 'error'; error: AppSyncFieldError };

function call(code: LoadedCode, handler: 'request' | 'response', ctx: Ctx, state: InvocationState): HandlerResult {
  if (!code.has(handler)) return { kind: 'value', value: handler === 'request' ? {} : ctx.result };
  try {
    return { kind: 'value', value: withInvocationState(state, () => code.run(handler, ctx)) };
  } catch (thrown) {
    if (thrown instanceof EarlyReturn) return { kind: 'early', value: thrown.value };
    if (thrown instanceof ResolverError) {
      return { kind: 'error', error: { message: thrown.message, errorType: thrown.errorType, errorInfo: thrown.errorInfo, data: thrown.data } };
    }
    // A bug in resolver code: AppSync reports it as a code error, without a stack trace.
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    return { kind: 'error', error: { message: `${code.file}: ${message}`, errorType: 'Code', errorInfo: null } };
  }
}

/** Runs one request → data source → response round; `early` skips the data source and the response. */
async function runStep(step: Step, ctx: Ctx, state: InvocationState, where: { fieldName: string; parentTypeName: string }): Promise<HandlerResult> {
  const request = call(step.code, 'request', ctx, state);
  if (request.kind !== 'value') return request;
  ctx.error = undefined;
  try {
    ctx.result = await step.dataSource.invoke(request.value, where);
  } catch (error) {
    ctx.result = null;
    ctx.error = error instanceof DataSourceError ? { message: error.message, type: error.type } : { message: 'Data source failed', type: 'InternalFailure' };
  }
  const response = call(step.code, 'response', ctx, state);
  return response.kind === 'early' ? { kind: 'value', value: response.value } : response;
}

export function createFieldResolver(o: {
  typeName: string;
  fieldName: string;
  authTypeOf: (inv: ResolverInvocation) => string;
  /** AppSync's environment variables, ctx.env (frozen: resolver code cannot change them). */
  env?: Readonly<Record<string, string>>;
  unit?: Step;
  pipeline?: { code: LoadedCode; functions: Step[] };
}): FieldResolver {
  const env = Object.freeze({ ...o.env });
  return {
    typeName: o.typeName,
    fieldName: o.fieldName,
    async resolve(inv): Promise<ResolverOutcome> {
      const state: InvocationState = { appendedErrors: [], invalidations: [], authType: o.authTypeOf(inv), fieldName: o.fieldName, parentTypeName: o.typeName };
      const ctx: Ctx = {
        arguments: inv.arguments,
        args: inv.arguments,
        identity: inv.identity,
        source: inv.source ?? null,
        info: inv.info,
        request: inv.request,
        stash: {},
        prev: { result: null },
        result: null,
        error: undefined,
        env,
      };
      const where = { fieldName: o.fieldName, parentTypeName: o.typeName };
      const outcome = (result: HandlerResult): ResolverOutcome => ({
        data: result.kind === 'error' ? null : (result.value ?? null),
        errors: result.kind === 'error' ? [...state.appendedErrors, result.error] : state.appendedErrors,
        subscriptionFilter: state.subscriptionFilter,
        invalidationFilter: state.invalidationFilter,
        // A resolver that failed ends nobody's subscription, as a failed mutation notifies nobody.
        invalidations: result.kind === 'error' ? [] : state.invalidations,
      });

      if (o.unit) return outcome(await runStep(o.unit, ctx, state, where));

      const pipeline = o.pipeline!;
      const before = call(pipeline.code, 'request', ctx, state);
      if (before.kind !== 'value') return outcome(before);
      ctx.prev.result = before.value;
      for (const fn of pipeline.functions) {
        const step = await runStep(fn, ctx, state, where);
        if (step.kind === 'error') return outcome(step);
        ctx.prev.result = step.value;
      }
      ctx.result = ctx.prev.result;
      const after = call(pipeline.code, 'response', ctx, state);
      return outcome(after.kind === 'early' ? { kind: 'value', value: after.value } : after);
    },
  };
}

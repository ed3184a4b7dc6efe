/**
 * Runs one handler of submitted APPSYNC_JS code against a given context, with the engine's own
 * runtime: the same sandbox, `util`, `runtime` and `extensions` the engine's resolvers get.
 * Code the runtime refuses is not run at all; its CodeErrors are the answer, as on AppSync.
 */
import { EarlyReturn, ResolverError } from '../runtime/early-return.js';
import { authTypeOfIdentity } from '../runtime/index.js';
import { withInvocationState, type InvocationState } from '../runtime/invocation-state.js';
import { loadCode, type LoadedCode } from '../runtime/sandbox.js';
import type { AppSyncFieldError, Identity } from '../runtime/types.js';
import { codeErrorsOf, SUBMITTED_FILE } from './code-errors.js';
import { UNKNOWN_LOCATION, type EvaluateCodeInput, type EvaluateCodeResponse } from './types.js';

const objectOr = (value: unknown, fallback: Record<string, unknown>) => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : fallback);

/** The `ctx` a handler sees: the given context, with what AppSync fills in when a member is absent. */
function contextObject(given: Record<string, unknown>) {
  const args = objectOr(given.arguments ?? given.args, {});
  const info = objectOr(given.info, {});
  return {
    arguments: args,
    args,
    identity: (given.identity && typeof given.identity === 'object' ? given.identity : null) as Identity,
    source: given.source ?? null,
    info: { fieldName: '', parentTypeName: '', variables: {}, selectionSetList: [], selectionSetGraphQL: '', ...info },
    request: { headers: {}, domainName: null, ...objectOr(given.request, {}) },
    stash: objectOr(given.stash, {}),
    prev: objectOr(given.prev, { result: null }),
    result: given.result ?? null,
    error: given.error ?? undefined,
    env: objectOr(given.env, {}),
  };
}

/** AppSync's log lines for the evaluation: the level, then the message. */
const logLine = (level: string, message: string) => `${level} - ${message}`;

/** Errors thrown inside the sandbox come from another realm: `instanceof Error` is false for them. */
const messageOf = (thrown: unknown) => (thrown && typeof thrown === 'object' && 'message' in thrown ? String(thrown.message) : String(thrown));

const runtimeError = (message: string): EvaluateCodeResponse['error'] => ({
  message,
  codeErrors: [{ errorType: 'RUNTIME_ERROR', value: message, location: UNKNOWN_LOCATION }],
});

export async function evaluateCode(input: EvaluateCodeInput): Promise<EvaluateCodeResponse> {
  const codeErrors = await codeErrorsOf(input.code);
  if (codeErrors.length > 0) {
    return { error: { message: `The code contains errors: ${codeErrors[0].value}`, codeErrors }, logs: [] };
  }
  const logs: string[] = [];
  let code: LoadedCode;
  try {
    code = await loadCode(SUBMITTED_FILE, input.code, (level, message) => logs.push(logLine(level, message)));
  } catch (error) {
    return { error: runtimeError(`The code could not be loaded: ${messageOf(error)}`), logs };
  }
  if (!code.has(input.handler)) {
    return { error: runtimeError(`The code does not export a ${input.handler} function.`), logs };
  }

  const ctx = contextObject(input.context);
  const state: InvocationState = {
    appendedErrors: [],
    // Collected but not acted on: EvaluateCode runs one handler, it publishes nothing.
    invalidations: [],
    authType: authTypeOfIdentity(ctx.identity),
    fieldName: String(ctx.info.fieldName),
    parentTypeName: String(ctx.info.parentTypeName),
  };
  const finished = (rest: Pick<EvaluateCodeResponse, 'evaluationResult' | 'error'>, raised?: AppSyncFieldError): EvaluateCodeResponse => ({
    ...rest,
    logs,
    stash: JSON.stringify(ctx.stash),
    outErrors: JSON.stringify(raised ? [...state.appendedErrors, raised] : state.appendedErrors),
  });
  try {
    const value = withInvocationState(state, () => code.run(input.handler, ctx));
    return finished({ evaluationResult: JSON.stringify(value ?? null) });
  } catch (thrown) {
    // runtime.earlyReturn: the handler's result is the value it returned early with.
    if (thrown instanceof EarlyReturn) return finished({ evaluationResult: JSON.stringify(thrown.value ?? null) });
    // util.error: the field's error, as the GraphQL response would carry it.
    if (thrown instanceof ResolverError) {
      const raised = { message: thrown.message, errorType: thrown.errorType, data: thrown.data, errorInfo: thrown.errorInfo };
      return finished({ error: { message: thrown.message } }, raised);
    }
    return finished({ error: runtimeError(messageOf(thrown)) });
  }
}

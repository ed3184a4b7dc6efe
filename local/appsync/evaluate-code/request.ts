/**
 * EvaluateCodeRequest's constraints, from AppSync's API reference: `code` 1..32768 characters,
 * `context` 2..28000 characters of JSON, `function` request or response, `runtime`
 * APPSYNC_JS 1.0.0. A request outside them is AppSync's BadRequestException (HTTP 400).
 */
import type { EvaluateCodeInput, HandlerName } from './types.js';

export const RUNTIME = { name: 'APPSYNC_JS', runtimeVersion: '1.0.0' } as const;
const CODE_LENGTH = { min: 1, max: 32768 };
const CONTEXT_LENGTH = { min: 2, max: 28000 };

export class BadRequest extends Error {}

/** AWS's wording for a member that fails its model constraint. */
const violation = (member: string, value: unknown, constraint: string) =>
  new BadRequest(`1 validation error detected: Value ${value === undefined || value === null ? 'null' : `'${String(value).slice(0, 40)}'`} at '${member}' failed to satisfy constraint: ${constraint}`);

function lengthChecked(member: string, value: unknown, limits: { min: number; max: number }): string {
  if (typeof value !== 'string') throw violation(member, value, 'Member must not be null');
  if (value.length < limits.min) throw violation(member, value, `Member must have length greater than or equal to ${limits.min}`);
  if (value.length > limits.max) throw violation(member, '…', `Member must have length less than or equal to ${limits.max}`);
  return value;
}

export function parseEvaluateCodeRequest(raw: string): EvaluateCodeInput {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    throw new BadRequest('The request body is not valid JSON.');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new BadRequest('The request body must be a JSON object.');

  const runtime = body.runtime as { name?: unknown; runtimeVersion?: unknown } | undefined;
  if (!runtime || typeof runtime !== 'object') throw violation('runtime', undefined, 'Member must not be null');
  if (runtime.name !== RUNTIME.name) throw violation('runtime.name', runtime.name, `Member must satisfy enum value set: [${RUNTIME.name}]`);
  if (runtime.runtimeVersion !== RUNTIME.runtimeVersion) throw new BadRequest(`Unsupported runtime version '${String(runtime.runtimeVersion)}': ${RUNTIME.name} supports ${RUNTIME.runtimeVersion} only.`);

  const code = lengthChecked('code', body.code, CODE_LENGTH);
  const contextText = lengthChecked('context', body.context, CONTEXT_LENGTH);
  let context: unknown;
  try {
    context = JSON.parse(contextText);
  } catch (error) {
    throw new BadRequest(`The context is not valid JSON: ${(error as Error).message}`);
  }
  if (!context || typeof context !== 'object' || Array.isArray(context)) throw new BadRequest('The context must be a JSON object (the resolver context: arguments, identity, source, result, …).');

  const fn = body.function;
  if (fn !== undefined && fn !== null && fn !== 'request' && fn !== 'response') throw new BadRequest(`Invalid function '${String(fn)}': the valid values are request and response.`);
  // Optional on the wire; without it the request handler is evaluated (documented in docs/engine.md).
  const handler: HandlerName = fn === 'response' ? 'response' : 'request';
  return { code, context: context as Record<string, unknown>, handler };
}

/**
 * The condition operators the evaluator implements: the ones this project's policies use
 * (Bool on aws:SecureTransport, string and ARN matches on aws:SourceArn / SourceAccount) and
 * their close relatives. Anything else is refused when the policy is parsed.
 */
import { resolveVariables, wildcardMatches, type PolicyVariables } from './wildcard.js';

/** `v`: the policy variables' values (the request context); string and ARN operators read them, as IAM's do. */
type Test = (actual: string, expected: string, v: PolicyVariables) => boolean;

const tests: Record<string, Test> = {
  StringEquals: (a, e, v) => a === resolveVariables(e, v),
  StringNotEquals: (a, e, v) => a !== resolveVariables(e, v),
  StringEqualsIgnoreCase: (a, e, v) => a.toLowerCase() === resolveVariables(e, v)?.toLowerCase(),
  StringLike: (a, e, v) => wildcardMatches(e, a, false, v),
  StringNotLike: (a, e, v) => !wildcardMatches(e, a, false, v),
  ArnEquals: (a, e, v) => a === resolveVariables(e, v),
  ArnLike: (a, e, v) => wildcardMatches(e, a, false, v),
  ArnNotEquals: (a, e, v) => a !== resolveVariables(e, v),
  ArnNotLike: (a, e, v) => !wildcardMatches(e, a, false, v),
  Bool: (a, e) => a.toLowerCase() === e.toLowerCase(),
  NumericLessThanEquals: (a, e) => Number(a) <= Number(e),
  NumericGreaterThanEquals: (a, e) => Number(a) >= Number(e),
};

export const CONDITION_OPERATORS = new Set([...Object.keys(tests), 'Null']);

/** Negated operators hold for every expected value; the others for any. */
const NEGATED = new Set(['StringNotEquals', 'StringNotLike', 'ArnNotEquals', 'ArnNotLike']);

/** Request context keys are matched case-insensitively, as IAM does; the caller lower-cases them. */
export function conditionHolds(operator: string, key: string, expected: string[], context: Readonly<Record<string, string | undefined>>): boolean {
  const ifExists = operator.endsWith('IfExists');
  const base = operator.replace(/IfExists$/, '');
  const actual = context[key];
  if (base === 'Null') return expected.some((e) => (e === 'true') === (actual === undefined));
  if (actual === undefined) return ifExists;
  const test = tests[base];
  return NEGATED.has(base) ? expected.every((e) => test(actual, e, context)) : expected.some((e) => test(actual, e, context));
}

/**
 * The condition operators the evaluator implements: the ones this project's policies use
 * (Bool on aws:SecureTransport, string and ARN matches on aws:SourceArn / SourceAccount) and
 * their close relatives. Anything else is refused when the policy is parsed.
 */
import { wildcardMatches } from './wildcard.js';

type Test = (actual: string, expected: string) => boolean;

const tests: Record<string, Test> = {
  StringEquals: (a, e) => a === e,
  StringNotEquals: (a, e) => a !== e,
  StringEqualsIgnoreCase: (a, e) => a.toLowerCase() === e.toLowerCase(),
  StringLike: (a, e) => wildcardMatches(e, a),
  StringNotLike: (a, e) => !wildcardMatches(e, a),
  ArnEquals: (a, e) => a === e,
  ArnLike: (a, e) => wildcardMatches(e, a),
  ArnNotEquals: (a, e) => a !== e,
  ArnNotLike: (a, e) => !wildcardMatches(e, a),
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
  return NEGATED.has(base) ? expected.every((e) => test(actual, e)) : expected.some((e) => test(actual, e));
}

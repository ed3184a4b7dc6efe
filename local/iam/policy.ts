/**
 * IAM policy documents as the local stand-ins evaluate them: parsed once from the template,
 * with every field normalised to arrays, and refused when they use what the evaluator does
 * not implement (so a template the evaluator cannot judge fails loudly instead of passing).
 */
import { CONDITION_OPERATORS } from './conditions.js';

export type Effect = 'Allow' | 'Deny';

export interface Statement {
  sid?: string;
  effect: Effect;
  /** Exactly one of actions / notActions is set. */
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
  /** Resource policies only: who the statement is about (`*` or ARNs). */
  principals?: string[];
  conditions: Array<{ operator: string; key: string; values: string[] }>;
}

export interface PolicyDocument {
  statements: Statement[];
}

const list = (value: unknown, what: string): string[] => {
  if (value === undefined) return [];
  const values = Array.isArray(value) ? value : [value];
  for (const v of values) if (typeof v !== 'string') throw new Error(`${what} must be strings once resolved; got ${JSON.stringify(v)}`);
  return values as string[];
};

/** A PolicyDocument from a template, its intrinsics already resolved to strings. */
export function parsePolicyDocument(document: unknown, where: string): PolicyDocument {
  const raw = document as { Statement?: unknown };
  if (!raw || typeof raw !== 'object') throw new Error(`${where}: PolicyDocument is not an object`);
  const statements = Array.isArray(raw.Statement) ? raw.Statement : raw.Statement ? [raw.Statement] : [];
  return { statements: statements.map((s, i) => parseStatement(s as Record<string, unknown>, `${where} statement ${i}`)) };
}

function parseStatement(s: Record<string, unknown>, where: string): Statement {
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw new Error(`${where}: Effect must be Allow or Deny`);
  if ((s.Action === undefined) === (s.NotAction === undefined)) throw new Error(`${where}: exactly one of Action and NotAction is required`);
  const conditions: Statement['conditions'] = [];
  for (const [operator, block] of Object.entries((s.Condition ?? {}) as Record<string, Record<string, unknown>>)) {
    // Set operators (ForAnyValue:/ForAllValues:) are not implemented: no key here is multi-valued.
    if (!CONDITION_OPERATORS.has(operator.replace(/IfExists$/, ''))) throw new Error(`${where}: condition operator ${operator} is not supported by the local IAM evaluator`);
    for (const [key, values] of Object.entries(block)) conditions.push({ operator, key: key.toLowerCase(), values: list(values, `${where} ${operator}.${key}`).map(String) });
  }
  return {
    sid: typeof s.Sid === 'string' ? s.Sid : undefined,
    effect: s.Effect,
    actions: s.Action === undefined ? undefined : list(s.Action, `${where} Action`),
    notActions: s.NotAction === undefined ? undefined : list(s.NotAction, `${where} NotAction`),
    resources: s.Resource === undefined ? undefined : list(s.Resource, `${where} Resource`),
    notResources: s.NotResource === undefined ? undefined : list(s.NotResource, `${where} NotResource`),
    principals: s.Principal === undefined ? undefined : principalsOf(s.Principal, where),
    conditions,
  };
}

function principalsOf(principal: unknown, where: string): string[] {
  if (principal === '*') return ['*'];
  if (!principal || typeof principal !== 'object') throw new Error(`${where}: Principal must be "*" or an object`);
  return Object.values(principal as Record<string, unknown>).flatMap((v) => list(v, `${where} Principal`));
}

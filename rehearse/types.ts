/**
 * The rehearsal's shapes. A rule is a plain function, template in, findings out (graphql-js's
 * validation rules are the model): no I/O, no state, so the CLI, the CDK plugin and the tests
 * run the same functions on the same template.
 */
import type { FunctionCalls } from './contracts/analyse.js';

export type CfnValue = unknown;

export interface CfnResource {
  Type: string;
  Properties?: Record<string, CfnValue>;
  Metadata?: Record<string, CfnValue>;
  [more: string]: CfnValue;
}

export interface CfnTemplate {
  Resources?: Record<string, CfnResource>;
  Outputs?: Record<string, CfnValue>;
  Parameters?: Record<string, CfnValue>;
  [more: string]: CfnValue;
}

export interface Finding {
  /** The rule's name, as printed: `lambda-limits`, `cfn-validate/E3002`, … */
  rule: string;
  /** The resource concerned, or `template` for the template as a whole. */
  logicalId: string;
  message: string;
}

/** What rules need from outside the template, handed in so the rules stay pure. */
export interface RuleContext {
  /** The deploy's "now": the API key's window is judged from it. */
  now: Date;
  /** Whether `service:action` (a wildcard pattern allowed) names at least one IAM action; undefined if the service is unknown. */
  actionExists: (service: string, pattern: string) => boolean | undefined;
  /** Each function's AWS calls, read from its code (rehearse/contracts/); the contract rule judges them. */
  functionCalls?: readonly FunctionCalls[];
  /** The template deployed now, when given (`--previous`): rules judging the update from it to this one read it. */
  previous?: CfnTemplate;
}

export type Rule = (template: CfnTemplate, context: RuleContext) => Finding[];

export const formatFinding = (f: Finding): string => `${f.rule} ${f.logicalId}: ${f.message}`;

/** The resources of one type, as [logicalId, resource] pairs. */
export function resourcesOfType(template: CfnTemplate, type: string): Array<[string, CfnResource]> {
  return Object.entries(template.Resources ?? {}).filter(([, r]) => r?.Type === type);
}

export const isRecord = (value: CfnValue): value is Record<string, CfnValue> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A list property, or the one value as a list (IAM's Action, Principal.Service, …). */
export const asList = (value: CfnValue): CfnValue[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** The logical id a `{ Ref }` or `{ Fn::GetAtt }` points at, if it is one. */
export function referencedId(value: CfnValue): string | undefined {
  if (!isRecord(value)) return undefined;
  if (typeof value.Ref === 'string') return value.Ref;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string') return getAtt.split('.')[0];
  return undefined;
}

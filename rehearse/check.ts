/** The whole rehearsal of one template: AWS's validator, then the project's rules. */
import { validateTemplate } from './cfn-validate.js';
import { actionExists } from './iam-data.js';
import { RULES } from './rules/index.js';
import type { CfnTemplate, Finding, RuleContext } from './types.js';

export function defaultContext(now = new Date()): RuleContext {
  return { now, actionExists };
}

/** Only the project's rules: pure and quick, what the rule tests call. */
export function runRules(template: CfnTemplate, context: RuleContext = defaultContext()): Finding[] {
  return RULES.flatMap((rule) => rule(template, context));
}

export function rehearseTemplate(template: CfnTemplate, context: RuleContext = defaultContext()): Finding[] {
  return [...validateTemplate(template), ...runRules(template, context)];
}

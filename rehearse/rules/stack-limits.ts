/** CloudFormation's per-template quotas, which it checks only when the change set is created. */
import type { Finding, Rule } from '../types.js';

export const STACK_LIMITS = { Resources: 500, Outputs: 200, Parameters: 200 } as const;

export const stackLimits: Rule = (template) => {
  const findings: Finding[] = [];
  for (const [section, max] of Object.entries(STACK_LIMITS) as Array<[keyof typeof STACK_LIMITS, number]>) {
    const count = Object.keys(template[section] ?? {}).length;
    if (count > max) findings.push({ rule: 'stack-limits', logicalId: 'template', message: `${count} ${section.toLowerCase()}, over CloudFormation's ${max} per stack` });
  }
  return findings;
};

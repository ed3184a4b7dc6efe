/**
 * The project's rehearsal rules as a CDK policy-validation plugin, registered beside cdk-nag
 * (infra/nag.ts), so `cdk synth` and `cdk deploy` fail on what `npm run rehearse` finds, the
 * functions' IAM contracts included when the calls are handed in. AWS's
 * validator is not run here again: aws-cdk-lib runs its own CloudFormation Validate plugin (the
 * same engine) at every synth, enabled by cdk.json's `@aws-cdk/core:validateAgainstDefaultRules`.
 * It implements IPolicyValidationPlugin, the current name of IPolicyValidationPluginBeta1 (the
 * same shape; the Beta1 name is deprecated and Validations.addPlugins takes this one).
 */
import { readFileSync } from 'node:fs';
import type { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation } from 'aws-cdk-lib';
import { defaultContext, runRules } from './check.js';
import type { FunctionCalls } from './contracts/analyse.js';
import { functionContracts } from './rules/function-contracts.js';
import type { CfnTemplate, Finding } from './types.js';

export class RehearsalChecks implements IPolicyValidationPlugin {
  readonly name = 'blobs-rehearsal';

  /**
   * `functionCalls`: each function's AWS calls, read from its code beforehand (reading them is
   * async and takes seconds, a plugin's validate is neither); given, each function's IAM contract
   * is judged too. infra/app.ts, the CLI's entry, gives them, so `cdk synth` and `cdk deploy`
   * fail on a missing grant; the tests' synths leave them out and stay quick.
   */
  constructor(private readonly functionCalls?: readonly FunctionCalls[]) {}

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const byRule = new Map<string, { description: string; resources: Array<{ resourceLogicalId: string; templatePath: string; locations: string[] }> }>();
    for (const templatePath of context.templatePaths) {
      const template = JSON.parse(readFileSync(templatePath, 'utf8')) as CfnTemplate;
      const context = { ...defaultContext(), functionCalls: this.functionCalls };
      const findings: Finding[] = [...runRules(template, context), ...functionContracts(template, context)];
      for (const f of findings) {
        // One violation per rule and message: CDK prints each with the resources it concerns.
        const key = `${f.rule}\0${f.message}`;
        const entry = byRule.get(key) ?? { description: f.message, resources: [] };
        entry.resources.push({ resourceLogicalId: f.logicalId, templatePath, locations: [] });
        byRule.set(key, entry);
      }
    }
    const violations: PolicyViolation[] = [...byRule.entries()].map(([key, v]) => ({
      ruleName: key.split('\0')[0]!,
      description: v.description,
      violatingResources: v.resources,
      severity: 'error',
      fix: 'npm run rehearse lists every finding; docs/deploying.md ("Before you deploy") says what each rule means',
    }));
    return { success: violations.length === 0, violations };
  }
}

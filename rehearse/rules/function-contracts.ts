/**
 * Each function's IAM contract: every AWS call its code can make (rehearse/contracts/ finds
 * them, at the level of the function or method holding the call), with its action and
 * resource, allowed by that function's role in the template, as the local IAM evaluator
 * (local/iam/, the one the stand-ins enforce) decides it, the bucket policy included. The
 * calls are handed in by the context: reading the code is I/O and takes seconds, the judging
 * here is pure. Not in rules/index.ts, whose rules need nothing but the template: this one runs
 * where the calls were read first, in `npm run rehearse` and in the CDK plugin as `cdk synth`
 * and `cdk deploy` run it (infra/app.ts); without calls it finds nothing.
 */
import { evaluate } from '../../local/iam/evaluate.js';
import { templateIam } from '../../local/template/iam-from-template.js';
import { localResolver } from '../../local/template/local-names.js';
import type { CfnTemplate as LocalTemplate } from '../../local/template/types.js';
import { resourcesOf } from '../contracts/resources.js';
import type { Finding, Rule } from '../types.js';

/** The account and names the local runtime deploys to: resources are named as it names them. */
const PSEUDO = { region: 'us-east-1', accountId: '000000000000', stackName: 'BlobsStack' };

export const functionContracts: Rule = (template, context) => {
  if (!context.functionCalls) return [];
  const local = template as LocalTemplate;
  const resolver = localResolver(local, PSEUDO);
  const iam = templateIam(local, resolver, PSEUDO);
  const deployed = new Map(iam.functions().map((f) => [f.name, f]));
  const bucketPolicies = iam.bucketPolicies();
  const findings: Finding[] = [];

  for (const fn of context.functionCalls) {
    const found = deployed.get(fn.name);
    if (!found) {
      findings.push({ rule: 'function-contracts', logicalId: 'template', message: `${fn.name}: api/wiring.ts declares it (${fn.entry}), but no function in the template has POWERTOOLS_SERVICE_NAME ${fn.name}` });
      continue;
    }
    const say = (message: string) => findings.push({ rule: 'function-contracts', logicalId: found.logicalId, message: `${fn.name}: ${message}` });
    const raw = ((local.Resources[found.logicalId].Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {}) as Record<string, unknown>;
    const env = { raw, resolver, region: PSEUDO.region, accountId: PSEUDO.accountId };
    const principal = `arn:aws:sts::${PSEUDO.accountId}:assumed-role/${found.roleName}/${found.functionName}`;
    const policies = found.policies;
    const said = new Set<string>();

    for (const call of fn.calls) {
      const site = `${call.command} (${call.file}:${call.line})`;
      if (call.unmapped) say(`${site} has no IAM action in rehearse/contracts/aws-calls.ts, so its grant cannot be checked; add it there`);
      for (const need of call.needs) {
        const resolved = resourcesOf(need, call.service, env);
        if ('missing' in resolved) {
          say(`${site} calls the resource named by ${resolved.missing}, which the function's environment does not set`);
          continue;
        }
        for (const resource of resolved.resources) {
          const bucketPolicy = bucketPolicies.find((p) => resource === p.resource || resource.startsWith(`${p.resource}/`));
          // The SDK always calls over TLS, which the bucket policy's deny-insecure statement asks about.
          const request = { principal, action: need.action, resource, context: { 'aws:securetransport': 'true' } };
          if (evaluate(request, { identity: policies, resource: bucketPolicy?.document }).decision === 'Allow') continue;
          const message = `${site} needs ${need.action} on ${resource}, which role ${found.roleName} does not allow`;
          if (!said.has(message)) say(message);
          said.add(message);
        }
      }
    }
  }
  return findings;
};

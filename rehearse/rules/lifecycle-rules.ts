/**
 * S3 lifecycle rules S3 (or CloudFormation's S3 handler) refuses: a rule with no action at all,
 * and one whose only action is ExpiredObjectDeleteMarker ("At least one of [ExpirationDate,
 * ExpirationInDays, …] needs to be specified" has been reported for exactly that).
 */
import { asList, isRecord, resourcesOfType, type Finding, type Rule } from '../types.js';

/** What counts as an expiration or transition next to ExpiredObjectDeleteMarker. */
const EXPIRING = ['ExpirationDate', 'ExpirationInDays', 'NoncurrentVersionExpiration', 'NoncurrentVersionExpirationInDays', 'NoncurrentVersionTransition', 'NoncurrentVersionTransitions', 'Transition', 'Transitions'];
const ACTIONS = [...EXPIRING, 'AbortIncompleteMultipartUpload', 'ExpiredObjectDeleteMarker'];

export const lifecycleRules: Rule = (template) => {
  const findings: Finding[] = [];
  for (const [logicalId, bucket] of resourcesOfType(template, 'AWS::S3::Bucket')) {
    const config = bucket.Properties?.LifecycleConfiguration;
    for (const [index, rule] of asList(isRecord(config) ? config.Rules : undefined).entries()) {
      if (!isRecord(rule)) continue;
      const name = typeof rule.Id === 'string' ? `"${rule.Id}"` : `#${index}`;
      const has = (key: string) => rule[key] !== undefined && rule[key] !== false;
      if (!ACTIONS.some(has)) findings.push({ rule: 'lifecycle-rules', logicalId, message: `lifecycle rule ${name} has no action; S3 refuses it` });
      else if (has('ExpiredObjectDeleteMarker') && !EXPIRING.some(has)) {
        findings.push({ rule: 'lifecycle-rules', logicalId, message: `lifecycle rule ${name} holds only ExpiredObjectDeleteMarker; put it in a rule that also expires (noncurrent) versions` });
      }
    }
  }
  return findings;
};

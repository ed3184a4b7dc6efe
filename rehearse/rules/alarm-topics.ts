/**
 * Alarm actions pointing at an SNS topic CloudWatch cannot publish to: one encrypted with the
 * AWS-managed alias/aws/sns (its key policy cannot let CloudWatch in), one whose key in this
 * template does not let cloudwatch.amazonaws.com Decrypt and GenerateDataKey*, and one no topic
 * policy allows cloudwatch.amazonaws.com to sns:Publish to. The deploy succeeds; the alarms then
 * notify nobody, which is why only a rehearsal catches it.
 */
import { asList, isRecord, referencedId, resourcesOfType, type CfnTemplate, type CfnValue, type Finding, type Rule } from '../types.js';

const CLOUDWATCH = 'cloudwatch.amazonaws.com';
const ACTION_KEYS = ['AlarmActions', 'OKActions', 'InsufficientDataActions'];

/** Allow statements of a policy document that name CloudWatch's service principal. */
function cloudWatchAllows(document: CfnValue): Array<Record<string, CfnValue>> {
  if (!isRecord(document)) return [];
  return asList(document.Statement).filter(
    (s): s is Record<string, CfnValue> => isRecord(s) && s.Effect === 'Allow' && isRecord(s.Principal) && asList(s.Principal.Service).includes(CLOUDWATCH),
  );
}

/** Whether `actions` (an IAM Action value) grants `wanted`, with IAM's `*` wildcards. */
function grants(actions: CfnValue, wanted: string): boolean {
  return asList(actions).some((a) => typeof a === 'string' && new RegExp(`^${a.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test(wanted));
}

/**
 * The literal text of a value, intrinsics' resolved parts left out: CDK writes the AWS-managed
 * key as `Fn::Join` of `arn:`, the partition, … `:alias/aws/sns`, so the ending is what tells.
 */
function literalText(value: CfnValue): string {
  if (typeof value === 'string') return value;
  if (!isRecord(value)) return '';
  const join = value['Fn::Join'];
  if (Array.isArray(join) && Array.isArray(join[1])) return join[1].map(literalText).join(typeof join[0] === 'string' ? join[0] : '');
  const sub = value['Fn::Sub'];
  return typeof sub === 'string' ? sub : Array.isArray(sub) ? literalText(sub[0]) : '';
}

function whyUnpublishable(template: CfnTemplate, topicId: string): string | undefined {
  const topic = template.Resources?.[topicId];
  const keyRef = topic?.Properties?.KmsMasterKeyId;
  if (/alias\/aws\/sns$/.test(literalText(keyRef))) return 'is encrypted with alias/aws/sns, which CloudWatch cannot use';
  const keyId = referencedId(keyRef);
  const key = keyId ? template.Resources?.[keyId] : undefined;
  if (key?.Type === 'AWS::KMS::Key') {
    const allows = cloudWatchAllows(key.Properties?.KeyPolicy);
    const missing = ['kms:Decrypt', 'kms:GenerateDataKey'].filter((action) => !allows.some((s) => grants(s.Action, action)));
    if (missing.length) return `is encrypted with ${keyId}, whose key policy does not allow ${CLOUDWATCH} ${missing.join(', ')}`;
  }
  const published = resourcesOfType(template, 'AWS::SNS::TopicPolicy').some(
    ([, policy]) => asList(policy.Properties?.Topics).some((t) => referencedId(t) === topicId) && cloudWatchAllows(policy.Properties?.PolicyDocument).some((s) => grants(s.Action, 'sns:Publish')),
  );
  return published ? undefined : `has no topic policy allowing ${CLOUDWATCH} sns:Publish`;
}

export const alarmTopics: Rule = (template) => {
  const findings: Finding[] = [];
  for (const [logicalId, alarm] of resourcesOfType(template, 'AWS::CloudWatch::Alarm')) {
    const topics = new Set(ACTION_KEYS.flatMap((k) => asList(alarm.Properties?.[k])).map(referencedId).filter((id): id is string => id !== undefined && template.Resources?.[id]?.Type === 'AWS::SNS::Topic'));
    for (const topicId of topics) {
      const why = whyUnpublishable(template, topicId);
      if (why) findings.push({ rule: 'alarm-topics', logicalId, message: `notifies topic ${topicId}, which ${why}` });
    }
  }
  return findings;
};

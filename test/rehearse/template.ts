/**
 * The real synthesized template, for the rehearsal's tests: synthesized once and cached by
 * local/template/cache.ts (the same cache `npm start` uses), then copied for each test to be
 * changed into one that holds a defect.
 */
import { loadTemplate } from '../../local/template/cache.js';
import type { CfnResource, CfnTemplate } from '../../rehearse/types.js';
import { repoRoot } from '../support/paths.js';

export async function realTemplate(): Promise<CfnTemplate> {
  return (await loadTemplate({ rootDir: repoRoot })).template as CfnTemplate;
}

/** The first resource of `type` in `template`, with its logical id. */
export function firstOfType(template: CfnTemplate, type: string): [string, CfnResource & { Properties: Record<string, any> }] {
  const found = Object.entries(template.Resources ?? {}).find(([, r]) => r.Type === type);
  if (!found) throw new Error(`the template has no ${type}`);
  return found as [string, CfnResource & { Properties: Record<string, any> }];
}

/** Adds an SNS topic with `properties` and points the first alarm's actions at it; returns both ids. */
export function alarmOnTopic(template: CfnTemplate, properties: Record<string, unknown> = {}): { alarmId: string; topicId: string } {
  const topicId = 'RehearsalTopic';
  template.Resources![topicId] = { Type: 'AWS::SNS::Topic', Properties: properties };
  const [alarmId, alarm] = firstOfType(template, 'AWS::CloudWatch::Alarm');
  alarm.Properties.AlarmActions = [{ Ref: topicId }];
  return { alarmId, topicId };
}

/**
 * The web ACL in the synthesized template (issue 23): associated with the GraphQL API and the REST
 * stage, a rate rule per IP and a body-size rule from infra/settings.ts (defaults and -c context),
 * AWS's managed rule groups; the settings' refusals; and the local runtime reading the same rules.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesizeTemplate } from '../../infra/synth-template.js';
import { DEFAULT_SETTINGS, settingsFromContext } from '../../infra/settings.js';
import { wafRulesFromTemplate } from '../../local/waf/index.js';
import type { CfnTemplate } from '../../local/template/types.js';

let defaults: CfnTemplate;
let tuned: CfnTemplate;
beforeAll(async () => {
  [defaults, tuned] = (await Promise.all([synthesizeTemplate(), synthesizeTemplate({ wafRateLimit: '50', wafRateWindowSeconds: '60', wafMaxBodyBytes: '4096' })])) as CfnTemplate[];
}, 300_000);

const ofType = (t: CfnTemplate, type: string) => Object.entries(t.Resources).filter(([, r]) => r.Type === type);
type Rule = { Name: string; Priority: number; Action?: unknown; OverrideAction?: unknown; Statement: Record<string, any> };
const rulesOf = (t: CfnTemplate) => (ofType(t, 'AWS::WAFv2::WebACL')[0][1].Properties!.Rules as Rule[]).sort((a, b) => a.Priority - b.Priority);

describe('the web ACL', () => {
  it('is one regional ACL, allowing by default, associated with the AppSync API and the REST stage', () => {
    const acls = ofType(defaults, 'AWS::WAFv2::WebACL');
    expect(acls).toHaveLength(1);
    const [aclId, acl] = acls[0];
    expect(acl.Properties).toMatchObject({ Scope: 'REGIONAL', DefaultAction: { Allow: {} } });
    const associations = ofType(defaults, 'AWS::WAFv2::WebACLAssociation').map(([, r]) => r.Properties!);
    expect(associations).toHaveLength(2);
    for (const a of associations) expect(a.WebACLArn).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
    const [apiId] = ofType(defaults, 'AWS::AppSync::GraphQLApi')[0];
    const [restId] = ofType(defaults, 'AWS::ApiGateway::RestApi')[0];
    const [stageId] = ofType(defaults, 'AWS::ApiGateway::Stage')[0];
    expect(associations.map((a) => a.ResourceArn)).toContainEqual({ 'Fn::GetAtt': [apiId, 'Arn'] });
    const stageArn = JSON.stringify(associations.find((a) => JSON.stringify(a.ResourceArn).includes(':apigateway:'))!.ResourceArn);
    expect(stageArn).toContain(`{"Ref":"${restId}"},"/stages/",{"Ref":"${stageId}"}`);
  });

  it('rate-limits per IP, then refuses large bodies, then runs the managed groups, each with metrics', () => {
    const rules = rulesOf(defaults);
    expect(rules.map((r) => r.Name)).toEqual(['RateLimitPerIp', 'BodySizeLimit', 'AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesCommonRuleSet']);
    expect(rules[0]).toMatchObject({ Action: { Block: {} }, Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: DEFAULT_SETTINGS.wafRateLimit, EvaluationWindowSec: DEFAULT_SETTINGS.wafRateWindowSeconds } } });
    expect(rules[1]).toMatchObject({ Action: { Block: {} }, Statement: { SizeConstraintStatement: { FieldToMatch: { Body: { OversizeHandling: 'MATCH' } }, ComparisonOperator: 'GT', Size: DEFAULT_SETTINGS.wafMaxBodyBytes } } });
    for (const r of rules.slice(2)) expect(r).toMatchObject({ OverrideAction: { None: {} }, Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: r.Name } } });
    for (const r of rules) expect(r).toMatchObject({ VisibilityConfig: { CloudWatchMetricsEnabled: true, MetricName: r.Name, SampledRequestsEnabled: true } });
  });

  it('takes its limits from -c context, and the local runtime reads the same numbers back', () => {
    const rules = rulesOf(tuned);
    expect(rules[0].Statement.RateBasedStatement).toMatchObject({ Limit: 50, EvaluationWindowSec: 60 });
    expect(rules[1].Statement.SizeConstraintStatement.Size).toBe(4096);
    expect(wafRulesFromTemplate(tuned)).toEqual({ rate: { limit: 50, windowSeconds: 60 }, maxBodyBytes: 4096 });
    expect(wafRulesFromTemplate(defaults)).toEqual({ rate: { limit: 1000, windowSeconds: 300 }, maxBodyBytes: 8192 });
  });

  it.each([
    ['wafRateLimit', '5', 'Context "wafRateLimit" must be a whole number from 10 to 2000000000; got "5"'],
    ['wafRateWindowSeconds', '30', 'Context "wafRateWindowSeconds" must be one of 60, 120, 300, 600; got "30"'],
    ['wafMaxBodyBytes', '65536', 'Context "wafMaxBodyBytes" must be a whole number from 256 to 8192; got "65536"'],
  ])('refuses %s=%s', (key, value, message) => {
    expect(() => settingsFromContext((k) => (k === key ? value : undefined))).toThrow(message);
  });
});

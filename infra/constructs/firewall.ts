/**
 * AWS WAF in front of both APIs: one regional web ACL associated with the AppSync API and the
 * REST API's stage. Its rules, in the order WAF evaluates them:
 *   1. a rate-based rule per client IP (settings.ts wafRateLimit per wafRateWindowSeconds);
 *   2. a body-size rule (wafMaxBodyBytes; a body too large to inspect counts as too large);
 *   3. AWS's managed groups: the IP reputation list, known bad inputs, the common rule set.
 * The local runtime reads rules 1 and 2 back from the synthesized template (local/waf/), so the
 * same numbers are enforced offline; the managed groups' contents are AWS's and not simulated.
 */
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface FirewallProps {
  readonly rateLimit: number;
  readonly rateWindowSeconds: number;
  readonly maxBodyBytes: number;
  /** ARNs of what the web ACL protects, by a construct id for each association. */
  readonly protects: Readonly<Record<string, string>>;
}

/** The metric names WAF publishes per rule (AWS/WAFV2, dimension Rule); the dashboard reads them. */
export const WAF_RULES = {
  rate: 'RateLimitPerIp',
  bodySize: 'BodySizeLimit',
  ipReputation: 'AWSManagedRulesAmazonIpReputationList',
  knownBadInputs: 'AWSManagedRulesKnownBadInputsRuleSet',
  common: 'AWSManagedRulesCommonRuleSet',
} as const;

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({ cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });

const managed = (name: string, priority: number): wafv2.CfnWebACL.RuleProperty => ({
  name,
  priority,
  // `none`: the group's own actions (block) apply.
  overrideAction: { none: {} },
  statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
  visibilityConfig: visibility(name),
});

export class Firewall extends Construct {
  readonly webAcl: wafv2.CfnWebACL;
  /** The WebACL dimension of its CloudWatch metrics. */
  readonly webAclName: string;

  constructor(scope: Construct, id: string, props: FirewallProps) {
    super(scope, id);
    const name = `${Stack.of(this).stackName}-apis`;
    this.webAclName = name;
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name,
      description: 'Rate limit per IP, body size and AWS managed rules for the GraphQL and REST APIs',
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(name),
      rules: [
        {
          name: WAF_RULES.rate,
          priority: 0,
          action: { block: {} },
          statement: { rateBasedStatement: { aggregateKeyType: 'IP', limit: props.rateLimit, evaluationWindowSec: props.rateWindowSeconds } },
          visibilityConfig: visibility(WAF_RULES.rate),
        },
        {
          name: WAF_RULES.bodySize,
          priority: 1,
          action: { block: {} },
          statement: {
            sizeConstraintStatement: {
              fieldToMatch: { body: { oversizeHandling: 'MATCH' } },
              comparisonOperator: 'GT',
              size: props.maxBodyBytes,
              textTransformations: [{ priority: 0, type: 'NONE' }],
            },
          },
          visibilityConfig: visibility(WAF_RULES.bodySize),
        },
        managed(WAF_RULES.ipReputation, 2),
        managed(WAF_RULES.knownBadInputs, 3),
        managed(WAF_RULES.common, 4),
      ],
    });
    for (const [associationId, resourceArn] of Object.entries(props.protects)) {
      new wafv2.CfnWebACLAssociation(this, associationId, { resourceArn, webAclArn: this.webAcl.attrArn });
    }
  }
}

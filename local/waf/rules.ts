/**
 * The web ACL's rules the local runtime can apply, read from the synthesized template (the
 * deployed stack's AWS::WAFv2::WebACL, built from infra/settings.ts): the rate-based rule per IP
 * and the body-size rule. The managed rule groups are AWS's own lists and are not simulated.
 */
import type { CfnTemplate } from '../template/types.js';

export interface LocalWafRules {
  /** At most `limit` requests per IP in the trailing `windowSeconds`. */
  readonly rate?: { readonly limit: number; readonly windowSeconds: number };
  /** Bodies larger than this are blocked. */
  readonly maxBodyBytes?: number;
}

type Statement = {
  RateBasedStatement?: { Limit?: unknown; EvaluationWindowSec?: unknown; AggregateKeyType?: unknown };
  SizeConstraintStatement?: { Size?: unknown; ComparisonOperator?: unknown; FieldToMatch?: { Body?: unknown } };
};
type Rule = { Action?: { Block?: unknown }; Statement?: Statement };

export function wafRulesFromTemplate(template: CfnTemplate): LocalWafRules {
  const acls = Object.values(template.Resources).filter((r) => r.Type === 'AWS::WAFv2::WebACL');
  if (acls.length > 1) throw new Error(`The template has ${acls.length} web ACLs; the local runtime applies one`);
  const rules = ((acls[0]?.Properties?.Rules as Rule[] | undefined) ?? []).filter((r) => r.Action?.Block !== undefined);
  let rate: LocalWafRules['rate'];
  let maxBodyBytes: number | undefined;
  for (const { Statement: s } of rules) {
    const r = s?.RateBasedStatement;
    if (r && r.AggregateKeyType === 'IP') rate = { limit: Number(r.Limit), windowSeconds: Number(r.EvaluationWindowSec ?? 300) };
    const c = s?.SizeConstraintStatement;
    if (c && c.FieldToMatch?.Body !== undefined && c.ComparisonOperator === 'GT') maxBodyBytes = Number(c.Size);
  }
  if (rate && !(Number.isInteger(rate.limit) && rate.limit > 0 && rate.windowSeconds > 0)) throw new Error(`The web ACL's rate rule is not numbers the local runtime can apply: ${JSON.stringify(rate)}`);
  return { rate, maxBodyBytes };
}

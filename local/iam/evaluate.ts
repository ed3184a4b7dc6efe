/**
 * IAM's decision for one request within one account, as AWS documents it: an explicit Deny in
 * any applicable policy wins; otherwise an Allow in the caller's identity policies or in the
 * resource's policy (naming the caller) allows; otherwise the request is implicitly denied.
 * Plain functions, data in and data out; tested against @cloud-copilot/iam-simulate.
 */
import { conditionHolds } from './conditions.js';
import type { PolicyDocument, Statement } from './policy.js';
import { wildcardMatches } from './wildcard.js';

export interface IamRequest {
  /** The caller, as IAM names it (an assumed-role session ARN, or a user ARN). */
  principal: string;
  action: string;
  resource: string;
  /** Condition keys, lower-cased (e.g. `aws:securetransport`). */
  context?: Readonly<Record<string, string | undefined>>;
}

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

export interface Evaluation {
  decision: Decision;
  /** Which kind of policy decided (for the denial message AWS gives). */
  deniedBy?: 'identity-based' | 'resource-based';
}

export interface ApplicablePolicies {
  identity: readonly PolicyDocument[];
  resource?: PolicyDocument;
  /** A principal whose identity policy is AdministratorAccess (the local stack's own key). */
  administrator?: boolean;
}

export function evaluate(request: IamRequest, policies: ApplicablePolicies): Evaluation {
  const identity = policies.identity.flatMap((p) => p.statements);
  const resource = (policies.resource?.statements ?? []).filter((s) => namesPrincipal(s, request.principal));
  const applies = (s: Statement) => statementApplies(s, request);
  if (resource.some((s) => s.effect === 'Deny' && applies(s))) return { decision: 'ExplicitDeny', deniedBy: 'resource-based' };
  if (identity.some((s) => s.effect === 'Deny' && applies(s))) return { decision: 'ExplicitDeny', deniedBy: 'identity-based' };
  if (policies.administrator || identity.some((s) => s.effect === 'Allow' && applies(s))) return { decision: 'Allow' };
  if (resource.some((s) => s.effect === 'Allow' && applies(s))) return { decision: 'Allow' };
  return { decision: 'ImplicitDeny', deniedBy: 'identity-based' };
}

export function statementApplies(s: Statement, r: IamRequest): boolean {
  const actionMatches = s.actions ? s.actions.some((a) => wildcardMatches(a, r.action, true)) : !s.notActions!.some((a) => wildcardMatches(a, r.action, true));
  if (!actionMatches) return false;
  // The request's context doubles as the policy variables' values (`${cognito-identity.amazonaws.com:sub}`).
  const variables = r.context ?? {};
  if (s.resources && !s.resources.some((p) => wildcardMatches(p, r.resource, false, variables))) return false;
  if (s.notResources && s.notResources.some((p) => wildcardMatches(p, r.resource, false, variables))) return false;
  return s.conditions.every((c) => conditionHolds(c.operator, c.key, c.values, r.context ?? {}));
}

/** Identity policies have no Principal; a resource policy's statement applies to those it names. */
function namesPrincipal(s: Statement, principal: string): boolean {
  if (!s.principals) return true;
  return s.principals.some((p) => p === '*' || p === principal || principalOwnsSession(p, principal));
}

/** `arn:aws:iam::acct:role/R` names every session of that role (`arn:aws:sts::acct:assumed-role/R/…`). */
function principalOwnsSession(roleArn: string, sessionArn: string): boolean {
  const role = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
  const session = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(sessionArn);
  return !!role && !!session && role[1] === session[1] && role[2] === session[2];
}

/**
 * The identity pool the local runtime runs, as the template declares it: whether guests are
 * allowed, which user pools' tokens are logins, and the roles its role attachment gives
 * authenticated and unauthenticated identities, with those roles' policies.
 */
import type { PolicyDocument } from '../iam/index.js';
import type { CfnTemplate } from './types.js';

export interface TemplateIdentityPool {
  logicalId: string;
  allowUnauthenticated: boolean;
  /** Logical ids of the user pools whose tokens are logins (their ProviderName is a Fn::GetAtt). */
  userPools: string[];
  roles: { authenticated?: { roleName: string; policies: PolicyDocument[] }; unauthenticated?: { roleName: string; policies: PolicyDocument[] } };
}

interface RoleSource {
  role(roleId: string): { roleName: string; policies: PolicyDocument[] };
  getAttOf(value: unknown): string | undefined;
}

/** The template's one identity pool; undefined when it has none (a BLOBS_TEMPLATE from before it existed). */
export function identityPoolOf(template: CfnTemplate, iam: RoleSource): TemplateIdentityPool | undefined {
  const entries = Object.entries(template.Resources);
  const pools = entries.filter(([, r]) => r.Type === 'AWS::Cognito::IdentityPool');
  if (pools.length > 1) throw new Error(`The template has ${pools.length} identity pools; the local runtime runs one`);
  if (pools.length === 0) return undefined;
  const [logicalId, pool] = pools[0];
  const props = pool.Properties ?? {};
  const providers = (props.CognitoIdentityProviders ?? []) as Array<{ ProviderName?: unknown }>;
  const userPools = providers.map((p) => iam.getAttOf(p.ProviderName)).filter((id): id is string => !!id && template.Resources[id]?.Type === 'AWS::Cognito::UserPool');
  const attachment = entries.find(([, r]) => r.Type === 'AWS::Cognito::IdentityPoolRoleAttachment' && (r.Properties?.IdentityPoolId as { Ref?: string } | undefined)?.Ref === logicalId)?.[1];
  const attached = (attachment?.Properties?.Roles ?? {}) as Record<string, unknown>;
  if (attachment?.Properties?.RoleMappings) throw new Error(`${logicalId}: role mappings (rules or token roles) are not run by the local identity pool`);
  const roleOf = (kind: 'authenticated' | 'unauthenticated') => {
    if (attached[kind] === undefined) return undefined;
    const roleId = iam.getAttOf(attached[kind]);
    if (!roleId) throw new Error(`${logicalId}: the ${kind} role is not a Fn::GetAtt of a role in this template`);
    return iam.role(roleId);
  };
  return { logicalId, allowUnauthenticated: props.AllowUnauthenticatedIdentities === true, userPools, roles: { authenticated: roleOf('authenticated'), unauthenticated: roleOf('unauthenticated') } };
}

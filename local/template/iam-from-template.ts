/**
 * What the template says each function may do and is told: its role's policies (the role's
 * own, every AWS::IAM::Policy attached to it, the AWS-managed ones it names) and its
 * environment, with intrinsics resolved; and the bucket policies. Functions are named by
 * POWERTOOLS_SERVICE_NAME, which infra/constructs/functions.ts sets to the api/wiring.ts key.
 */
import { parsePolicyDocument, type PolicyDocument, type ResourcePolicy } from '../iam/index.js';
import { resolveIntrinsics, type PseudoParameters, type Resolver } from './intrinsics.js';
import type { CfnTemplate } from './types.js';

export interface TemplateFunction {
  logicalId: string;
  /** The api/wiring.ts name (createBlob, labelBlob…). */
  name: string;
  functionName: string;
  roleName: string;
  policies: PolicyDocument[];
  environment: Record<string, string>;
}

/** AWS-managed policies a function role may name, by what they allow the stand-ins to see. */
const MANAGED_POLICIES: Record<string, PolicyDocument> = {
  // CloudWatch Logs only: nothing a local stand-in serves.
  'service-role/AWSLambdaBasicExecutionRole': { statements: [{ effect: 'Allow', actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], resources: ['*'], conditions: [] }] },
};

export function templateIam(template: CfnTemplate, resolver: Resolver, pseudo: PseudoParameters) {
  const resolve = (value: unknown) => resolveIntrinsics(value, resolver, pseudo);
  const entries = Object.entries(template.Resources);
  const refOf = (value: unknown) => (value && typeof value === 'object' && 'Ref' in value ? String((value as { Ref: unknown }).Ref) : undefined);
  const getAttOf = (value: unknown) => {
    const arg = value && typeof value === 'object' && 'Fn::GetAtt' in value ? (value as { 'Fn::GetAtt': unknown })['Fn::GetAtt'] : undefined;
    return Array.isArray(arg) ? String(arg[0]) : typeof arg === 'string' ? arg.split('.')[0] : undefined;
  };

  function rolePolicies(roleId: string): PolicyDocument[] {
    const role = template.Resources[roleId];
    if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${roleId} is not an AWS::IAM::Role`);
    const inline = ((role.Properties?.Policies ?? []) as Array<{ PolicyName: string; PolicyDocument: unknown }>).map((p) => parsePolicyDocument(resolve(p.PolicyDocument), `${roleId} ${p.PolicyName}`));
    const attached = entries
      .filter(([, r]) => (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') && ((r.Properties?.Roles ?? []) as unknown[]).some((x) => refOf(x) === roleId))
      .map(([id, r]) => parsePolicyDocument(resolve(r.Properties!.PolicyDocument), id));
    const managed = ((resolve(role.Properties?.ManagedPolicyArns ?? []) as string[]) ?? []).map((arn) => {
      const name = arn.replace(/^arn:aws:iam::aws:policy\//, '');
      const known = MANAGED_POLICIES[name];
      if (!known) throw new Error(`${roleId} names the managed policy ${arn}, which the local runtime does not know`);
      return known;
    });
    return [...inline, ...attached, ...managed];
  }

  function functions(): TemplateFunction[] {
    return entries
      .filter(([, r]) => r.Type === 'AWS::Lambda::Function')
      .map(([logicalId, r]) => {
        const props = r.Properties ?? {};
        const rawEnv = ((props.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {}) as Record<string, unknown>;
        const roleId = getAttOf(props.Role);
        if (!roleId) throw new Error(`${logicalId}: Role is not a Fn::GetAtt of a role in this template`);
        return {
          logicalId,
          name: typeof rawEnv.POWERTOOLS_SERVICE_NAME === 'string' ? rawEnv.POWERTOOLS_SERVICE_NAME : logicalId,
          functionName: resolver.ref(logicalId),
          roleName: resolver.ref(roleId),
          // Resolved when asked: a function's environment may name what starts later (the API's URL).
          get policies() {
            return rolePolicies(roleId);
          },
          get environment() {
            return Object.fromEntries(Object.entries(resolve(rawEnv) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
          },
        };
      });
  }

  /** AppSync data sources with a service role: the role AppSync assumes to call the backing service. */
  function dataSourceRoles(): Array<{ name: string; roleName: string; policies: PolicyDocument[] }> {
    return entries
      .filter(([, r]) => r.Type === 'AWS::AppSync::DataSource' && r.Properties?.ServiceRoleArn)
      .map(([, r]) => {
        const roleId = getAttOf(r.Properties!.ServiceRoleArn);
        if (!roleId) throw new Error(`Data source ${String(r.Properties!.Name)}: ServiceRoleArn is not a role in this template`);
        return { name: String(r.Properties!.Name), roleName: resolver.ref(roleId), policies: rolePolicies(roleId) };
      });
  }

  function bucketPolicies(): ResourcePolicy[] {
    return entries
      .filter(([, r]) => r.Type === 'AWS::S3::BucketPolicy')
      .map(([id, r]) => ({ resource: `arn:aws:s3:::${String(resolve(r.Properties!.Bucket))}`, document: parsePolicyDocument(resolve(r.Properties!.PolicyDocument), id) }));
  }

  /** The logical id a function environment variable references with Ref (the same in every function naming it). */
  function referencedBy(variable: string): string | undefined {
    for (const [, r] of entries) {
      if (r.Type !== 'AWS::Lambda::Function') continue;
      const id = refOf((r.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables?.[variable]);
      if (id) return id;
    }
    return undefined;
  }

  /** A role of the template by logical id: its name and every policy it has (the identity pool's roles). */
  function role(roleId: string): { roleName: string; policies: PolicyDocument[] } {
    return { roleName: resolver.ref(roleId), policies: rolePolicies(roleId) };
  }

  return { functions, dataSourceRoles, bucketPolicies, referencedBy, role, getAttOf };
}

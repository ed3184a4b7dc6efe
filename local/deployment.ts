/**
 * The synthesized template, as the local stack runs it: each function's role becomes a key of
 * its own with that role's policies, each function's configuration is its environment from the
 * template (intrinsics resolved to local names), and the stand-ins all ask one IAM authority.
 * Only endpoints and credentials are added here, plus the local runtime's own tuning (loopback
 * webhooks, lease and retry timing), which AWS takes from its own defaults.
 */
import { configFromEnv, type FunctionConfig } from '../functions/lib/config.js';
import { createIamAuthority, sessionCredentials, type IamAuthority, type Principal } from './iam/index.js';
import type { Credentials } from './sigv4/verify.js';
import type { CorsRule } from './s3/cors.js';
import { bucketCorsOf } from './template/bucket-cors.js';
import { queueEventSources, type QueueEventSource } from './template/event-sources.js';
import { identityPoolOf, type TemplateIdentityPool } from './template/identity-pool.js';
import { templateIam, type TemplateFunction } from './template/iam-from-template.js';
import { localResolver, type LocalResourceOverride } from './template/local-names.js';
import { resolveIntrinsics } from './template/intrinsics.js';
import type { CfnTemplate } from './template/types.js';

export interface LocalDeploymentOptions {
  template: CfnTemplate;
  region: string;
  accountId: string;
  stackName: string;
  enforce: boolean;
  /** The local stack's own key: an administrator, as an account's admin user is. */
  adminCredentials: Credentials;
  /** What the local stack runs itself under fixed names (data directories keep them). */
  bucketName: string;
  tableName: string;
  apiId: string;
  /** The engine's URL, known once it listens (GRAPHQL_URL). */
  graphqlUrl: () => string;
}

export interface LocalDeployment {
  authority: IamAuthority;
  /** A function's configuration from its template environment, and its own role's credentials. */
  functionConfig(name: string, local: Partial<FunctionConfig>): FunctionConfig;
  /** The credentials AppSync uses for a data source with a service role (the role it assumes). */
  dataSourceCredentials(name: string): Credentials | undefined;
  /** The secret WEBHOOK_SECRET_ARN names, resolved. */
  webhookSecretArn: string | undefined;
  /** The secret SEARCH_TOKEN_SECRET_ARN names, resolved. */
  searchTokenSecretArn: string | undefined;
  functions: readonly TemplateFunction[];
  /** The SQS event sources (queue → function) and their pacing, as the template declares them. */
  queueEventSources: readonly QueueEventSource[];
  /** The template's identity pool, with its roles' policies (undefined: it has none). */
  identityPool: TemplateIdentityPool | undefined;
  /** Whether a function's own role may do `action` on `resource` (Lambda's pollers act with it): the denial, if not. */
  authorizeFunction(name: string, action: string, resource: string): { message: string } | undefined;
  /** The blob bucket's CORS rules, as the template declares them (none: no browser may reach it). */
  bucketCors: readonly CorsRule[];
  /** The GraphQL API's environment variables (resolvers' ctx.env), intrinsics resolved to local names. */
  apiEnvironment: Record<string, string>;
}

export function localDeployment(o: LocalDeploymentOptions): LocalDeployment {
  const pseudo = { region: o.region, accountId: o.accountId, stackName: o.stackName };
  const overrides: Record<string, LocalResourceOverride> = {};
  const probe = templateIam(o.template, localResolver(o.template, pseudo), pseudo);
  const bucketId = probe.referencedBy('BLOB_BUCKET_NAME');
  const tableId = probe.referencedBy('BLOB_TABLE_NAME');
  if (bucketId) overrides[bucketId] = { ref: o.bucketName };
  if (tableId) overrides[tableId] = { ref: o.tableName };
  for (const [id, resource] of Object.entries(o.template.Resources)) {
    if (resource.Type !== 'AWS::AppSync::GraphQLApi') continue;
    const arn = `arn:aws:appsync:${o.region}:${o.accountId}:apis/${o.apiId}`;
    overrides[id] = { ref: arn, attributes: { ApiId: () => o.apiId, Arn: () => arn, GraphQLUrl: o.graphqlUrl } };
  }
  const resolver = localResolver(o.template, pseudo, overrides);
  const iam = templateIam(o.template, resolver, pseudo);
  const functions = iam.functions();

  const roleHolder = (roleName: string, session: string, policies: Principal['policies']) => ({
    credentials: sessionCredentials(),
    principal: { arn: `arn:aws:sts::${o.accountId}:assumed-role/${roleName}/${session}`, role: `${roleName} (${session})`, policies },
  });
  const functionHolders = new Map(functions.map((f) => [f.name, roleHolder(f.roleName, f.functionName, f.policies)]));
  const dataSourceHolders = new Map(iam.dataSourceRoles().map((d) => [d.name, roleHolder(d.roleName, 'APPSYNC_ASSUME_ROLE', d.policies)]));
  const admin = { credentials: o.adminCredentials, principal: { arn: `arn:aws:iam::${o.accountId}:user/local-admin`, policies: [], administrator: true } };
  const authority = createIamAuthority({
    enforce: o.enforce,
    holders: [admin, ...functionHolders.values(), ...dataSourceHolders.values()],
    resourcePolicies: iam.bucketPolicies(),
  });

  const secretId = iam.referencedBy('WEBHOOK_SECRET_ARN');
  const searchSecretId = iam.referencedBy('SEARCH_TOKEN_SECRET_ARN');
  const api = Object.values(o.template.Resources).find((r) => r.Type === 'AWS::AppSync::GraphQLApi');
  const apiEnvironment = Object.fromEntries(Object.entries((api?.Properties?.EnvironmentVariables ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(resolveIntrinsics(v, resolver, pseudo))]));
  return {
    apiEnvironment,
    authority,
    bucketCors: (bucketId && bucketCorsOf(o.template, bucketId)) || [],
    functions,
    identityPool: identityPoolOf(o.template, iam),
    queueEventSources: queueEventSources(o.template, functions, resolver, pseudo),
    authorizeFunction(name, action, resource) {
      const holder = functionHolders.get(name);
      if (!holder) throw new Error(`The template has no function named ${name}`);
      return authority.authorize(holder.credentials.accessKeyId, action, resource);
    },
    webhookSecretArn: secretId ? resolver.ref(secretId) : undefined,
    searchTokenSecretArn: searchSecretId ? resolver.ref(searchSecretId) : undefined,
    dataSourceCredentials: (name) => dataSourceHolders.get(name)?.credentials,
    functionConfig(name, local) {
      const fn = functions.find((f) => f.name === name);
      const holder = functionHolders.get(name);
      if (!fn || !holder) throw new Error(`The template has no function named ${name} (POWERTOOLS_SERVICE_NAME); it has ${functions.map((f) => f.name).join(', ')}`);
      return { ...configFromEnv(fn.environment), ...local, credentials: holder.credentials };
    },
  };
}
